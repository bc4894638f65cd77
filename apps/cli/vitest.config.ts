import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@tmigr-check/source'] } },
  test: { name: 'cli', include: ['src/**/*.test.ts'], testTimeout: 120_000 },
});
