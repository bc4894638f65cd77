import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: false,
  target: 'es2022',
  sourcemap: true,
  // import.meta.url (the .wasm's location) in the CommonJS build.
  shims: true,
  // Keep 'node:fs/promises' as written: it is imported only under Node, and bundlers skip it.
  removeNodeProtocol: false,
  external: ['@tmigr-check/core'],
});
