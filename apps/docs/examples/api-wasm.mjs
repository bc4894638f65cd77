// The same program on the Wasm engine and on the TypeScript reference explorer.
// Run: node apps/docs/examples/api-wasm.mjs (after pnpm build)
import { check, EXAMPLES } from '@tmigr-check/core';
import { createEngine } from '@tmigr-check/engine';

const engine = await createEngine(); // Node: reads dist/raw/engine.wasm; browsers: fetch()
const program = EXAMPLES['cmpxchg-counter-4'].build();
const wasm = engine.check(program, { model: 'sc', maxStates: 1_000_000 });
const ts = check(program, { model: 'sc' });
for (const r of [wasm, ts])
  console.log(`${r.engine}: ${r.verdict}, ${r.states} states, ${r.transitions} transitions`);
