import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@tmigr-check/source'] } },
  test: { name: 'core', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
