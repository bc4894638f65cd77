import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: '/work/main/apps/cli',
  ssr: { resolve: { conditions: ['@tmigr-check/source'] } },
  test: { include: ['.seedrun/*.run.ts'], testTimeout: 3600000 },
});
