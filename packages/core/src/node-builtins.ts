/**
 * Node built-ins for the few core functions that touch files (loading a scenario file, importing
 * a user's variant module). `process.getBuiltinModule` (Node ≥ 20.16) needs no static `node:`
 * import, so the rest of core bundles for browsers unchanged; there it returns undefined.
 */
export function nodeBuiltin<T>(name: 'node:fs' | 'node:path' | 'node:url'): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(name) as T | undefined;
}

/** The subset of `node:fs` core uses. */
export interface NodeFs {
  existsSync(path: string): boolean;
  readFileSync(path: string, encoding: 'utf8'): string;
}
