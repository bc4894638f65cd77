import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { bench: 'src/bench.ts', 'lkmm-consistency': 'src/lkmm-consistency.ts' },
  format: ['esm'],
  clean: true,
  target: 'node20',
  external: ['@tmigr-check/core', '@tmigr-check/engine'],
});
