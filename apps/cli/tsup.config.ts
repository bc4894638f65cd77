import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/bin.ts' },
  format: ['esm'],
  clean: true,
  target: 'node20',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  external: ['@tmigr-check/core', '@tmigr-check/engine'],
});
