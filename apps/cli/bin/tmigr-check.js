#!/usr/bin/env node
// The `tmigr-check` command (`pnpm exec tmigr-check`, `npx tmigr-check`): the built CLI.
import '../dist/cli.js';
