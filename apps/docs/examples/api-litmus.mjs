// A C litmus test under the three models, with herd's Observation line.
// Run: node apps/docs/examples/api-litmus.mjs (after pnpm build)
import { readFileSync } from 'node:fs';
import { compileLitmus, formatObservation, parseLitmus, runLitmus } from '@tmigr-check/core';

const file = new URL('./tmigr-seed-RWC.litmus', import.meta.url);
const compiled = compileLitmus(parseLitmus(readFileSync(file, 'utf8'), 'tmigr-seed-RWC.litmus'));
for (const model of ['sc', 'tso', 'lkmm']) {
  const out = runLitmus(compiled, { model });
  console.log(`${model}: ${formatObservation(out.name, out)}`);
}
