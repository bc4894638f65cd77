/**
 * `future.ts`: locks taken through a pointer register (`spin_lock(&group->lock)`) protect the
 * writes made through the same register, also when the lock was taken only on the non-NULL
 * path (`if (child) raw_spin_lock(&child->lock)`); and `locksHeldBefore` in `semantics.ts`.
 */
import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../ir/builder.js';
import { add, c, eq, reg } from '../../ir/expr.js';
import type { Program } from '../../ir/types.js';
import { EV_R, EV_W, LKR, LKW, type LkEvent, TAG_ONCE, UL } from './events.js';
import { FutureWrites } from './future.js';
import { locksHeldBefore } from './semantics.js';
import { event } from './testing.js';

/** Two objects { lock, f } and pointer cells; `body` writes thread P0, P1 stores the other values. */
function objects(body: (b: ProgramBuilder, o: Objects) => void): { program: Program; o: Objects } {
  const b = new ProgramBuilder('objects');
  const lockA = b.location('A.lock');
  const fA = b.location('A.f');
  const lockB = b.location('B.lock');
  const fB = b.location('B.f');
  const ptr = b.location('ptr', lockA);
  const ptr2 = b.location('ptr2', lockB);
  const maybe = b.location('maybe', 0);
  const o = { lockA, fA, lockB, fB, ptr, ptr2, maybe };
  body(b, o);
  // The pointer cells may hold either object (or, for `maybe`, NULL or A).
  b.thread('P1').store(ptr, c(lockB)).store(ptr2, c(lockA)).store(maybe, c(lockA));
  return { program: b.build(), o };
}
interface Objects {
  lockA: number;
  fA: number;
  lockB: number;
  fB: number;
  ptr: number;
  ptr2: number;
  maybe: number;
}

const locksAt = (program: Program, loc: number): readonly number[] | undefined =>
  new FutureWrites(program).writesAhead(0, 0).get(loc);

describe('locks taken through a pointer register', () => {
  it('protect the writes made through the same register', () => {
    const { program, o } = objects((b, o) => {
      const t = b.thread('P0');
      const r = t.reg('r');
      t.load(r, o.ptr)
        .lock(reg(r))
        .store(add(reg(r), c(1)), c(1))
        .unlock(reg(r));
    });
    expect(locksAt(program, o.fA)).toEqual([o.lockA]);
    expect(locksAt(program, o.fB)).toEqual([o.lockB]);
    const fw = new FutureWrites(program);
    expect(fw.mayWrite(0, 0, o.fA, [o.lockA])).toBe(false);
    expect(fw.mayWrite(0, 0, o.fA, [o.lockB])).toBe(true);
  });

  it('protect nothing once the register is written again', () => {
    const { program, o } = objects((b, o) => {
      const t = b.thread('P0');
      const r = t.reg('r');
      t.load(r, o.ptr)
        .lock(reg(r))
        .load(r, o.ptr)
        .store(add(reg(r), c(1)), c(1));
    });
    expect(locksAt(program, o.fA)).toEqual([]);
    expect(locksAt(program, o.fB)).toEqual([]);
  });

  it('a lock taken only where the pointer is not NULL protects the writes made where it is not NULL', () => {
    const nullable = (testReg: 'r' | 'other') =>
      objects((b, o) => {
        const t = b.thread('P0');
        const r = t.reg('r');
        const other = t.reg('other');
        const test = testReg === 'r' ? r : other;
        const [skipLock, skipStore, skipUnlock] = [t.label(), t.label(), t.label()];
        t.load(r, o.maybe).load(other, o.ptr);
        t.branch(eq(reg(test), c(0)), skipLock)
          .lock(reg(r))
          .place(skipLock);
        t.branch(eq(reg(r), c(0)), skipStore)
          .store(add(reg(r), c(1)), c(1))
          .place(skipStore);
        t.branch(eq(reg(r), c(0)), skipUnlock)
          .unlock(reg(r))
          .place(skipUnlock);
      });
    const guarded = nullable('r');
    expect(locksAt(guarded.program, guarded.o.fA)).toEqual([guarded.o.lockA]);
    // The lock's branch tests another register: on the path that skips it, `r` may be A.
    const unguarded = nullable('other');
    expect(locksAt(unguarded.program, unguarded.o.fA)).toEqual([]);
  });

  it('an unlock through the same register releases only that lock', () => {
    const { program, o } = objects((b, o) => {
      const t = b.thread('P0');
      const [r, s] = [t.reg('r'), t.reg('s')];
      t.load(r, o.ptr).load(s, o.ptr2).lock(reg(r)).lock(reg(s)).unlock(reg(r));
      t.store(add(reg(s), c(1)), c(1)).unlock(reg(s));
    });
    expect(locksAt(program, o.fA)).toEqual([o.lockA]);
    expect(locksAt(program, o.fB)).toEqual([o.lockB]);
  });

  it('an unlock through the register releases a lock whose location is known too', () => {
    const { program, o } = objects((b, o) => {
      const t = b.thread('P0');
      const r = t.reg('r');
      // `r` is A's lock and nothing else: the lock is known by location too.
      t.set(r, c(o.lockA)).lock(reg(r)).unlock(reg(r)).store(o.fA, c(1));
    });
    expect(locksAt(program, o.fA)).toEqual([]);
  });

  it('an unlock through another register that may point to the same lock releases it', () => {
    const { program, o } = objects((b, o) => {
      const t = b.thread('P0');
      const [r, s] = [t.reg('r'), t.reg('s')];
      t.load(r, o.ptr).load(s, o.ptr2).lock(reg(r)).unlock(reg(s));
      t.store(add(reg(r), c(1)), c(1));
    });
    expect(locksAt(program, o.fA)).toEqual([]);
    expect(locksAt(program, o.fB)).toEqual([]);
  });
});

describe('locksHeldBefore', () => {
  const ev = (kind: typeof EV_R | typeof EV_W, flags: number, loc: number): LkEvent =>
    event({ kind, flags, loc });
  const lock = (l: number) => [ev(EV_R, LKR, l), ev(EV_W, LKW, l)];
  const unlock = (l: number) => ev(EV_W, UL, l);
  const read = (x: number) => ev(EV_R, TAG_ONCE, x);

  it('holds a lock from its LKW up to its UL', () => {
    const evs = [...lock(1), read(5), ...lock(2), read(5), unlock(1), read(5), unlock(2), read(5)];
    expect(locksHeldBefore(evs, 0)).toEqual([]);
    expect(locksHeldBefore(evs, 1)).toEqual([]); // between LKR and LKW
    expect(locksHeldBefore(evs, 2)).toEqual([1]);
    expect(locksHeldBefore(evs, 5)).toEqual([1, 2]);
    expect(locksHeldBefore(evs, 7)).toEqual([2]);
    expect(locksHeldBefore(evs, 9)).toEqual([]);
  });
});
