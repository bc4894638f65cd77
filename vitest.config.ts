import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/cli', 'tools/*'],
    // Vitest's default leaves one core free, which on a 2-core CI machine runs one file at a
    // time; the two complete LKMM searches of the seed (a few minutes each) run side by side.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
