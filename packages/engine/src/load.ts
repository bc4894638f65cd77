import type { EngineExports } from './exports.js';
import { host, type WasmModule } from './wasm-api.js';

/** Where to take the engine's Wasm from: bytes, a compiled module, or a URL (default: the package's own file). */
export type WasmSource = ArrayBuffer | ArrayBufferView | WasmModule | URL;

/** Whether we run under Node (and so read files instead of fetching them). */
function isNode(): boolean {
  return (
    host.window === undefined &&
    typeof process !== 'undefined' &&
    typeof process.versions === 'object' &&
    typeof process.versions.node === 'string'
  );
}

/** The URL of `dist/raw/engine.wasm`; the same relative path works from `src/` and from `dist/`. */
export function defaultWasmUrl(): URL {
  return new URL('../dist/raw/engine.wasm', import.meta.url);
}

/**
 * Compiles the engine's Wasm module. In Node the file is read with `node:fs/promises` (imported
 * only there, so that browser bundles never see it); in browsers it is fetched and compiled
 * while streaming.
 */
export async function compileEngine(source: WasmSource = defaultWasmUrl()): Promise<WasmModule> {
  const WA = host.WebAssembly;
  if (source instanceof WA.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WA.compile(source);
  if (!(source instanceof URL))
    throw new TypeError('the engine source must be bytes, a WebAssembly.Module or a URL');
  if (isNode() && source.protocol === 'file:') {
    const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
    return WA.compile(await fs.readFile(source));
  }
  if (typeof WA.compileStreaming === 'function') {
    try {
      return await WA.compileStreaming(host.fetch(source));
    } catch {
      // e.g. a server without the application/wasm content type: fall back to the bytes.
    }
  }
  const response = await host.fetch(source);
  if (!response.ok) throw new Error(`cannot load the engine from ${source.href}: HTTP ${response.status}`);
  return WA.compile(await response.arrayBuffer());
}

/** Instantiates a compiled engine module (asynchronously, as browsers require for larger modules). */
export async function instantiateEngine(module: WasmModule): Promise<EngineExports> {
  const instance = await host.WebAssembly.instantiate(module, {});
  return instance.exports as EngineExports;
}

/** Whether {@link instantiateEngineSync} works here (Node; browsers restrict synchronous instantiation). */
export function canInstantiateSync(): boolean {
  return isNode();
}

/** Instantiates synchronously where allowed (Node), else returns null. */
export function instantiateEngineSync(module: WasmModule): EngineExports | null {
  if (!isNode()) return null;
  return new host.WebAssembly.Instance(module, {}).exports as EngineExports;
}
