import { describe, expect, it } from 'vitest';
import { check } from '../check.js';
import { ProgramBuilder } from '../ir/builder.js';
import * as E from '../ir/expr.js';
import { ScSemantics } from '../models/sc.js';
import { TsoSemantics } from '../models/tso.js';
import { exploreOracle } from './bfs-oracle.js';
import type { ModelName } from './semantics.js';
import { ST_BOUND } from './thread.js';
import { stateAt } from './trace.js';

/** P0 spins until P1 sets x (at most one retry); P1 first stores to y twice. */
function spinner() {
  const b = new ProgramBuilder('spinner');
  const x = b.location('x');
  const y = b.location('y');
  const p0 = b.thread('P0');
  const r = p0.reg('r');
  const spin = p0.label();
  p0.store(y, E.c(3));
  p0.place(spin)
    .load(r, x)
    .branch(E.eq(E.reg(r), E.c(0)), spin, { bound: 1 });
  b.thread('P1').store(y, E.c(1)).store(y, E.c(2)).store(x, E.c(1));
  return b.build();
}

describe('incomplete (bound) says which loop stopped which thread, and how', () => {
  const program = spinner();
  const backEdge = program.threads[0]!.code.findIndex((i) => i.op === 'branch');

  for (const model of ['sc', 'tso', 'lkmm'] as ModelName[]) {
    for (const search of ['bfs', 'dfs'] as const) {
      it(`${model}, ${search}: the thread, the back edge, and a path that replays to a state where it stopped there`, () => {
        const r = check(program, { model, search });
        expect([r.verdict, r.reason, r.path]).toEqual(['incomplete', 'bound', null]);
        expect(r.bound).toBeDefined();
        expect([r.bound!.thread, r.bound!.pc]).toEqual([0, backEdge]);
        const sem =
          model === 'sc' ? new ScSemantics(program) : model === 'tso' ? new TsoSemantics(program) : null;
        if (sem) {
          const at = stateAt(sem as ScSemantics, r.bound!.path);
          expect(at.threads[0]!.status).toBe(ST_BOUND);
          expect(at.threads[0]!.pc).toBe(backEdge);
        }
      });
    }
  }

  it('breadth-first: the packed explorer and the string-keyed oracle give the same shortest path', () => {
    for (const sem of [new ScSemantics(program), new TsoSemantics(program)]) {
      const fast = check(program, { model: sem.model });
      const slow = exploreOracle(sem as ScSemantics);
      expect(fast.bound).toEqual(slow.bound);
      // SC: P0 stores y and reads x = 0 twice, three steps. TSO: the store must also be
      // flushed, as a bound counts on settled states only.
      expect(fast.bound!.path.length).toBe(sem.model === 'sc' ? 3 : 4);
      if (sem.model === 'sc') expect(new Set(fast.bound!.path.map((s) => s.thread))).toEqual(new Set([0]));
    }
  });
});
