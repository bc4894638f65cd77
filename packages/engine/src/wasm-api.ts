/**
 * The few WebAssembly JS API members the loader uses, typed here so that the package typechecks
 * with or without the DOM library (consumers such as the CLI compile with `lib: ES2022` only).
 */

/** A compiled WebAssembly module (a `WebAssembly.Module`). */
export type WasmModule = object;

/** Linear memory as the engine needs it (a `WebAssembly.Memory`). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmInstance {
  readonly exports: object;
}

/** What a `fetch` response offers that compiling needs. */
interface FetchedBytes {
  readonly ok: boolean;
  readonly status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

interface WebAssemblyApi {
  readonly Module: abstract new (...args: never[]) => object;
  readonly Instance: new (module: WasmModule, imports: object) => WasmInstance;
  compile(bytes: ArrayBuffer | ArrayBufferView): Promise<WasmModule>;
  compileStreaming?: (source: Promise<FetchedBytes>) => Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
}

interface Host {
  readonly WebAssembly: WebAssemblyApi;
  readonly window?: unknown;
  fetch(url: URL): Promise<FetchedBytes>;
}

/** The host's WebAssembly and fetch, with the types above. */
export const host = globalThis as unknown as Host;
