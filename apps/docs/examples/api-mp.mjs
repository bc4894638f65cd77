// Message passing with no ordering at all: may the reader see the flag but not the data?
// Run: node apps/docs/examples/api-mp.mjs (after pnpm build)
import { check, E, formatTrace, ProgramBuilder, replay, semanticsFor } from '@tmigr-check/core';

const b = new ProgramBuilder('MP+once');
const data = b.location('data');
const flag = b.location('flag');
b.thread('P0').store(data, E.c(1)).store(flag, E.c(1)); // WRITE_ONCE twice
const p1 = b.thread('P1');
const r0 = p1.reg('r0');
const r1 = p1.reg('r1');
p1.load(r0, flag).load(r1, data); // READ_ONCE twice
p1.assert(E.not(E.and(E.eq(E.reg(r0), E.c(1)), E.eq(E.reg(r1), E.c(0)))), 'flag-implies-data');
const program = b.build();

for (const model of ['sc', 'tso', 'lkmm']) {
  const result = check(program, { model });
  console.log(`${model}: ${result.verdict}, ${result.states} states`);
  if (result.path) console.log(formatTrace(program, replay(semanticsFor(program, model), result.path)));
}
