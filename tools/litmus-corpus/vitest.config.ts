import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@tmigr-check/source'] } },
  test: { name: 'litmus-corpus', include: ['src/**/*.test.ts'], testTimeout: 600_000 },
});
