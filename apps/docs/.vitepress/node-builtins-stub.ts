import type { Plugin } from 'vite';

const PREFIX = '\0tmigr-node-stub:';

/**
 * Browser stand-ins for Node built-ins (`node:fs`, `node:path`, ...) in the client and worker
 * bundles. `@tmigr-check/core` has Node-only helpers (reading scenario files, importing a
 * user's variant file) next to code the playground runs; a static `import { readFileSync }
 * from 'node:fs'` anywhere in the bundle otherwise fails the build (Vite's browser-external
 * module has no named exports). The stand-in exports every name; calling one throws. The
 * server-side (SSR) build keeps the real modules. Each stubbed import is reported once, so
 * the build log shows what leaked into the browser path.
 */
export function nodeBuiltinsStub(): Plugin {
  const reported = new Set<string>();
  return {
    name: 'tmigr-node-builtins-stub',
    enforce: 'pre',
    resolveId(id, importer, options) {
      if (options?.ssr || !id.startsWith('node:')) return null;
      const key = `${id} <- ${importer ?? '?'}`;
      if (!reported.has(key)) {
        reported.add(key);
        this.warn(`${id} imported by ${importer ?? '?'} is replaced by a stub in the browser bundle`);
      }
      return `${PREFIX}${id.slice('node:'.length)}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      return {
        code: `const fail = (key) => () => { throw new Error('node:${name}.' + String(key) + ' is not available in the browser'); };
export default new Proxy({}, { get: (_, key) => fail(key) });`,
        syntheticNamedExports: true,
      };
    },
  };
}
