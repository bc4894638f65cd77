import { describe, expect, it } from 'vitest';
import { check } from '../check.js';
import { ProgramBuilder } from '../ir/builder.js';
import * as E from '../ir/expr.js';
import type { Program } from '../ir/types.js';
import { isDeadlocked } from './bfs-oracle.js';
import type { StateView } from './semantics.js';
import { ST_BOUND, ST_DONE, ST_RUNNING, type ThreadState } from './thread.js';

/** P0 and P1 each lock `l` (address 2) at pc 1, after a store to `x` (address 1). */
function twoLockers(): Program {
  const b = new ProgramBuilder('two-lockers');
  const x = b.location('x');
  const l = b.location('l');
  for (const name of ['P0', 'P1']) b.thread(name).store(x, E.c(1)).lock(l).unlock(l);
  return b.build();
}

const thread = (pc: number, status = ST_RUNNING): ThreadState => ({
  pc,
  status,
  regs: new Int32Array(0),
  loops: new Int32Array(0),
});

const view = (threads: ThreadState[], lock: number, settled?: boolean): StateView => ({
  threads,
  value: (addr) => (addr === 2 ? lock : 0),
  ...(settled !== undefined ? { settled } : {}),
});

describe('the deadlock rule (isDeadlocked)', () => {
  const p = twoLockers();

  it('every unfinished thread waits at a held lock, in a settled state: deadlock', () => {
    expect(isDeadlocked(p, view([thread(1), thread(1)], 1))).toBe(true);
    expect(isDeadlocked(p, view([thread(1), thread(3, ST_DONE)], 1, true))).toBe(true);
  });

  it('a free lock is no deadlock (the dead end is a pruned prefix)', () => {
    expect(isDeadlocked(p, view([thread(1), thread(1)], 0))).toBe(false);
  });

  it('an unsettled state is no deadlock: unresolved reads or buffered stores may still be pruned', () => {
    expect(isDeadlocked(p, view([thread(1), thread(1)], 1, false))).toBe(false);
  });

  it('a thread stopped at a loop bound is no deadlock: it might go on and release the lock', () => {
    expect(isDeadlocked(p, view([thread(1), thread(0, ST_BOUND)], 1))).toBe(false);
  });

  it('a thread elsewhere than at a lock, or no thread waiting at all, is no deadlock', () => {
    expect(isDeadlocked(p, view([thread(1), thread(0)], 1))).toBe(false);
    expect(isDeadlocked(p, view([thread(3, ST_DONE), thread(3, ST_DONE)], 1))).toBe(false);
  });
});

describe('a thread holding a lock stops at its loop bound while another waits for the lock', () => {
  // P0 takes l and spins on x (bound 1); P1 waits for l. With x never set, P0 exhausts its
  // bound inside the critical section: the search is incomplete (bound), not a deadlock.
  const b = new ProgramBuilder('bound-in-critical-section');
  const x = b.location('x');
  const l = b.location('l');
  const p0 = b.thread('P0');
  const r = p0.reg('r');
  const spin = p0.label();
  p0.lock(l)
    .place(spin)
    .load(r, x)
    .branch(E.eq(E.reg(r), E.c(0)), spin, { bound: 1 });
  p0.unlock(l);
  b.thread('P1').lock(l).unlock(l);
  const program = b.build();

  for (const model of ['sc', 'tso', 'lkmm'] as const) {
    it(`${model}: incomplete (bound), no deadlock`, () => {
      const r = check(program, { model });
      expect([r.verdict, r.reason, r.property]).toEqual(['incomplete', 'bound', null]);
    });
  }
});
