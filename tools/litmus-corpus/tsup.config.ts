import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { corpus: 'src/corpus.ts' },
  format: ['esm'],
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  external: ['@tmigr-check/core', '@tmigr-check/engine'],
});
