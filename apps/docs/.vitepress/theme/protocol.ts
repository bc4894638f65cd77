/** Messages between the playground page and its worker (plain data: structured-clone safe). */

export type ModelName = 'sc' | 'tso' | 'lkmm';
export type EngineChoice = 'auto' | 'wasm' | 'ts';

/** What the worker can do, sent once when it starts. */
export interface Capabilities {
  readonly examples: readonly { readonly name: string; readonly description: string }[];
  /** The tmigr preset scenarios (`listScenarios()`). */
  readonly scenarios: readonly { readonly name: string; readonly description: string }[];
  /** The kernel variants (`listVariants()`). */
  readonly variants: readonly { readonly name: string; readonly description: string }[];
  /** Models the TypeScript reference explorer supports (`semanticsFor`). */
  readonly models: readonly ModelName[];
  /** Models the Wasm engine supports; empty when it failed to load. */
  readonly wasmModels: readonly ModelName[];
  /** Why the Wasm engine is unavailable, if it is. */
  readonly wasmError: string | null;
}

export type Source =
  | { readonly kind: 'example'; readonly name: string }
  | { readonly kind: 'litmus'; readonly text: string };

export interface RunRequest {
  readonly type: 'run';
  readonly id: number;
  readonly source: Source;
  readonly model: ModelName;
  readonly engine: EngineChoice;
  readonly maxStates: number;
  readonly maxSeconds: number;
}

/** Fields every run reports. */
interface RunCommon {
  /** The program's (or litmus test's) name. */
  readonly program: string;
  readonly model: ModelName;
  readonly engine: 'ts' | 'wasm';
  readonly states: number;
  /** Search time as the engine measured it. */
  readonly seconds: number;
  /** Wall-clock milliseconds in the worker, including parsing and trace replay. */
  readonly wallMs: number;
  /** The shortest counterexample or witness (`formatTrace`, or hierarchy trees for a scenario), or null. */
  readonly trace: string | null;
}

/** A `check()` of a program or a `checkTmigr()` of a scenario: verdict and statistics, as the CLI prints them. */
export interface CheckRun extends RunCommon {
  readonly kind: 'check';
  readonly verdict: 'ok' | 'violation' | 'incomplete';
  readonly property: string | null;
  readonly complete: boolean;
  readonly transitions: number;
  readonly depth: number;
  readonly reason: string | null;
}

/** A `runLitmus()` of a C litmus test: herd's observation and the distinct final outcomes. */
export interface LitmusRun extends RunCommon {
  readonly kind: 'litmus';
  /** `ok`, `timeout` or `error` (see core's LitmusOutcome). */
  readonly status: string;
  readonly error: string | null;
  /** `Observation NAME Never|Sometimes|Always POS NEG`. */
  readonly observation: string;
  /** `Never`, `Sometimes`, `Always`, or `DEADLOCK` when no final outcome exists. */
  readonly judged: string;
  readonly quantifier: string | null;
  /** Whether the test's own claim (exists / ~exists / forall) holds. */
  readonly validated: boolean;
  /** The distinct final outcomes, one line each: `0:r0=0; 1:r0=0  (condition holds)`. */
  readonly finals: readonly string[];
}

export type RunResult = CheckRun | LitmusRun;

export type WorkerMessage =
  | { readonly type: 'ready'; readonly caps: Capabilities }
  | { readonly type: 'progress'; readonly id: number; readonly states: number; readonly seconds: number }
  | { readonly type: 'result'; readonly id: number; readonly run: RunResult }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
