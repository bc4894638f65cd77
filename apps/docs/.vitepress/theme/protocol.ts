/** Messages between the playground page and its worker (plain data: structured-clone safe). */

export type ModelName = 'sc' | 'tso' | 'lkmm';
export type EngineChoice = 'auto' | 'wasm' | 'ts';

/** What the worker can do, sent once when it starts. */
export interface Capabilities {
  readonly examples: readonly { readonly name: string; readonly description: string }[];
  /** Models the TypeScript reference explorer supports (`semanticsFor`). */
  readonly models: readonly ModelName[];
  /** Models the Wasm engine supports; empty when it failed to load. */
  readonly wasmModels: readonly ModelName[];
  /** Why the Wasm engine is unavailable, if it is. */
  readonly wasmError: string | null;
  /** True when core has the C-litmus front end. */
  readonly litmus: boolean;
}

export type Source = { readonly kind: 'example'; readonly name: string } | { readonly kind: 'litmus'; readonly text: string };

export interface RunRequest {
  readonly type: 'run';
  readonly id: number;
  readonly source: Source;
  readonly model: ModelName;
  readonly engine: EngineChoice;
  readonly maxStates: number;
  readonly maxSeconds: number;
}

export interface RunSummary {
  readonly verdict: 'ok' | 'violation' | 'incomplete';
  readonly property: string | null;
  readonly model: ModelName;
  readonly engine: 'ts' | 'wasm';
  readonly complete: boolean;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly reason: string | null;
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly caps: Capabilities }
  | { readonly type: 'progress'; readonly id: number; readonly states: number; readonly seconds: number }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly program: string;
      readonly result: RunSummary;
      /** `formatTrace` of the shortest counterexample, or null. */
      readonly trace: string | null;
      /** herd-style `Observation NAME Never|Sometimes|Always POS NEG` line (litmus only). */
      readonly observation: string | null;
      /** Wall-clock milliseconds in the worker, including parsing and trace replay. */
      readonly wallMs: number;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
