import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples/programs.js';
import { type ExploreOptions, explore } from '../explore/bfs.js';
import type { Semantics } from '../explore/semantics.js';
import { replay, stateAt } from '../explore/trace.js';
import { ProgramBuilder } from '../ir/builder.js';
import * as E from '../ir/expr.js';
import type { Program } from '../ir/types.js';
import { ScSemantics } from '../models/sc.js';
import { TsoSemantics } from '../models/tso.js';
import { analyzePor, POR_ANY, POR_SHARED } from './por.js';
import { expandPorPath, PorSemantics } from './por-semantics.js';

/**
 * P0 and P1 each: a private cell, a counter under lock l, a flag shared without a lock, and y,
 * written under l by P0 only but read without it by P1.
 */
function classes(): Program {
  const b = new ProgramBuilder('classes');
  const l = b.location('l');
  const x = b.location('x');
  const flag = b.location('flag');
  const y = b.location('y');
  for (const i of [0, 1]) {
    const p = b.location(`p${i}`);
    const t = b.thread(`P${i}`);
    const r = t.reg('r');
    t.store(p, E.c(1)) // 0: private
      .lock(l) // 1: never a mover
      .load(r, x) // 2: protected
      .store(x, E.add(E.reg(r), E.c(1))); // 3: protected
    if (i === 0) t.store(y, E.c(1));
    else t.fence('mb');
    t.unlock(l) // 5: the release of a clean lock held
      .store(flag, E.c(i)); // 6: shared
    if (i === 1) t.load(r, y); // 7: y is accessed without l by P1
  }
  return b.build();
}

describe('analyzePor', () => {
  it('classifies private cells, clean locks, lock-protected and shared locations', () => {
    const program = classes();
    const info = analyzePor(program);
    const cls = (name: string) => info.locationClass[program.locations.findIndex((l) => l.name === name)];
    expect([cls('p0'), cls('p1'), cls('l'), cls('x'), cls('flag'), cls('y')]).toEqual([
      0,
      1,
      POR_ANY,
      POR_ANY,
      POR_SHARED,
      POR_SHARED,
    ]);
    expect([...info.moverPc[0]!]).toEqual([1, 0, 1, 1, 0, 1, 0]);
    expect([...info.moverPc[1]!]).toEqual([1, 0, 1, 1, 1, 1, 0, 0]);
    expect(info.stats).toEqual({
      privateLocations: 2,
      protectedLocations: 1,
      cleanLocks: 1,
      moverPcs: 9,
      sharedPcs: 15,
    });
  });

  it('a lock also taken by an rmw, or released by a thread that need not hold it, protects nothing', () => {
    const b = new ProgramBuilder('dirty-lock');
    const l = b.location('l');
    const x = b.location('x');
    b.thread('P0').lock(l).store(x, E.c(1)).unlock(l);
    b.thread('P1').lock(l).store(x, E.c(2)).unlock(l).unlock(l);
    const info = analyzePor(b.build());
    expect([...info.locationClass]).toEqual([POR_SHARED, POR_SHARED]);
    expect(info.stats.moverPcs).toBe(0);
  });

  it('an access whose address the analysis cannot bound turns the reduction off', () => {
    const b = new ProgramBuilder('unknown-address');
    const x = b.location('x');
    const p = b.location('p');
    const t = b.thread('P0');
    const r = t.reg('r');
    const top = t.label();
    t.place(top)
      .load(r, x)
      .store(x, E.add(E.reg(r), E.c(1)))
      .branch(E.bin('lt', E.reg(r), E.c(100)), top, { bound: 100 });
    t.load(r, E.reg(r)).store(p, E.c(1));
    b.thread('P1').store(x, E.c(5));
    const info = analyzePor(b.build());
    expect(info.stats.moverPcs).toBe(0);
    expect([...info.locationClass]).toEqual([POR_SHARED, POR_SHARED]);
  });

  it('observed pcs (tmigr operation boundaries) are never movers', () => {
    const program = classes();
    const info = analyzePor(program, { observedPcs: [[0, 2], new Set([3])] });
    expect([info.moverPc[0]![0], info.moverPc[0]![2], info.moverPc[0]![3]]).toEqual([0, 0, 1]);
    expect([info.moverPc[1]![0], info.moverPc[1]![3]]).toEqual([1, 0]);
  });

  it('code the value analysis finds unreachable is skipped (an unlock there is no error)', () => {
    const b = new ProgramBuilder('unreachable');
    const l = b.location('l');
    const p = b.location('p');
    const t = b.thread('P0');
    const r = t.reg('r');
    const end = t.label();
    t.set(r, E.c(0))
      .branch(E.eq(E.reg(r), E.c(0)), end)
      .unlock(l)
      .place(end)
      .store(p, E.c(1));
    b.thread('P1').lock(l).unlock(l);
    const info = analyzePor(b.build());
    expect([...info.moverPc[0]!]).toEqual([0, 0, 0, 1]);
  });
});

describe('PorSemantics', () => {
  const bases: Record<'sc' | 'tso', (p: Program) => Semantics<unknown>> = {
    sc: (p) => new ScSemantics(p) as Semantics<unknown>,
    tso: (p) => new TsoSemantics(p) as Semantics<unknown>,
  };
  const cases = Object.keys(EXAMPLES).flatMap((name) =>
    (['sc', 'tso'] as const).map((m) => [name, m] as const),
  );

  /** The search's result and the keys of the final states it met. */
  const finals = (sem: Semantics<unknown>, opts: ExploreOptions<unknown>) => {
    const keys = new Set<string>();
    const r = explore(sem, { ...opts, onFinal: (_v, s) => keys.add(sem.key(s)) });
    return { r, keys: [...keys].sort() };
  };

  it.each(cases)('%s under %s: the verdict and final states of the unreduced search', (name, m) => {
    const program = EXAMPLES[name]!.build();
    const base = bases[m](program);
    const info = analyzePor(program);
    const full = finals(base, { deadlock: true });
    const reduced = finals(new PorSemantics(base, info), { deadlock: true });
    expect([reduced.r.verdict, reduced.r.property]).toEqual([full.r.verdict, full.r.property]);
    expect(reduced.r.states).toBeLessThanOrEqual(full.r.states);
    if (reduced.r.path) {
      // The expanded counterexample replays step by step; it ends at the violating step, or at a
      // final state (a final check) or a stuck one (deadlock).
      const expanded = expandPorPath(base, info, reduced.r.path);
      const last = replay(base, expanded).steps.at(-1);
      if (last?.violation === undefined) {
        const end = stateAt(base, expanded);
        expect(reduced.r.property === 'deadlock' || base.isFinal(end)).toBe(true);
        expect(base.successors(end).length === 0).toBe(true);
      } else expect(last.violation).toBe(reduced.r.property);
    }
    // Without final checks neither search stops early: exactly the same final states.
    const unchecked = { ...program, finalChecks: [] };
    const plain = bases[m](unchecked);
    expect(finals(new PorSemantics(plain, analyzePor(unchecked)), {}).keys).toEqual(finals(plain, {}).keys);
  });
});
