import { ProgramBuilder } from '../ir/builder.js';
import { add, and, bin, c, eq, ne, not, old, reg } from '../ir/expr.js';
import type { FinalExpr, Program } from '../ir/types.js';

const treg = (t: number, r: number): FinalExpr => ({ k: 'treg', t, r });
const fc = (v: number): FinalExpr => ({ k: 'const', v });
const feq = (a: FinalExpr, b: FinalExpr): FinalExpr => ({ k: 'bin', op: 'eq', a, b });
const fand = (a: FinalExpr, b: FinalExpr): FinalExpr => ({ k: 'bin', op: 'land', a, b });
const fnot = (a: FinalExpr): FinalExpr => ({ k: 'un', op: 'not', a });

/** Store buffering: each thread writes one flag and reads the other's. */
export function storeBuffering(): Program {
  const b = new ProgramBuilder('SB');
  const x = b.location('x');
  const y = b.location('y');
  const p0 = b.thread('P0');
  const r0 = p0.reg('r0');
  p0.store(x, c(1)).load(r0, y);
  const p1 = b.thread('P1');
  const r1 = p1.reg('r1');
  p1.store(y, c(1)).load(r1, x);
  const program = b.build();
  return {
    ...program,
    finalChecks: [{ property: 'not (P0:r0 == 0 && P1:r1 == 0)', cond: fnot(fand(feq(treg(0, r0), fc(0)), feq(treg(1, r1), fc(0)))) }],
  };
}

/** Message passing: a writer publishes data then a flag; the reader must not see the flag without the data. */
export function messagePassing(): Program {
  const b = new ProgramBuilder('MP');
  const data = b.location('data');
  const flag = b.location('flag');
  const p0 = b.thread('P0');
  p0.store(data, c(1)).store(flag, c(1), 'release');
  const p1 = b.thread('P1');
  const r0 = p1.reg('r0');
  const r1 = p1.reg('r1');
  p1.load(r0, flag, 'acquire').load(r1, data);
  const program = b.build();
  return {
    ...program,
    finalChecks: [{ property: 'not (P1:r0 == 1 && P1:r1 == 0)', cond: fnot(fand(feq(treg(1, r0), fc(1)), feq(treg(1, r1), fc(0)))) }],
  };
}

/**
 * `threads` threads each increment a counter once with a READ_ONCE + cmpxchg retry loop
 * (at most `retries` retries); the final value must equal the number of threads.
 */
export function cmpxchgCounter(threads = 2, retries = threads - 1): Program {
  const b = new ProgramBuilder(`cmpxchg-counter-${threads}`);
  const x = b.location('counter');
  for (let i = 0; i < threads; i++) {
    const t = b.thread(`P${i}`);
    const r = t.reg('r');
    const ok = t.reg('ok');
    const retry = t.label();
    t.place(retry);
    t.load(r, x);
    t.rmw(x, add(old, c(1)), { guard: eq(old, reg(r)), ok });
    t.branch(not(reg(ok)), retry, { bound: retries });
  }
  const program = b.build();
  return { ...program, finalChecks: [{ property: `counter == ${threads}`, cond: feq({ k: 'mem', addr: x }, fc(threads)) }] };
}

/**
 * A sequence counter too narrow for the writer's updates: `seqMask` = 3 makes the counter
 * wrap after two updates, so a reader can see the same even value around a torn read (ABA).
 * With a mask of 7 the reader is safe.
 */
export function seqcountAba(seqMask = 3, updates = 2): Program {
  const b = new ProgramBuilder(`seqcount-aba-mask${seqMask}`);
  const seq = b.location('seq');
  const d1 = b.location('d1');
  const d2 = b.location('d2');
  const w = b.thread('writer');
  const s = w.reg('s');
  for (let k = 1; k <= updates; k++) {
    w.load(s, seq);
    w.store(seq, and(add(reg(s), c(1)), c(seqMask)), 'once');
    w.fence('wmb');
    w.store(d1, c(k));
    w.store(d2, c(k));
    w.fence('wmb');
    w.store(seq, and(add(reg(s), c(2)), c(seqMask)), 'release');
  }
  const r = b.thread('reader');
  const s1 = r.reg('s1');
  const a = r.reg('a');
  const bb = r.reg('b');
  const s2 = r.reg('s2');
  const skip = r.label();
  r.load(s1, seq, 'acquire').load(a, d1).load(bb, d2).fence('rmb').load(s2, seq);
  r.branch(bin('or', ne(reg(s1), reg(s2)), and(reg(s1), c(1))), skip);
  r.assert(eq(reg(a), reg(bb)), 'seqcount-read-consistent');
  r.place(skip);
  return b.build();
}

/** The built-in examples by name. */
export const EXAMPLES: Readonly<Record<string, { readonly description: string; readonly build: () => Program }>> = {
  sb: { description: 'store buffering (SB), two threads', build: storeBuffering },
  mp: { description: 'message passing (MP) with release/acquire', build: messagePassing },
  'cmpxchg-counter': { description: 'two threads increment a counter with a cmpxchg retry loop', build: () => cmpxchgCounter(2) },
  'cmpxchg-counter-4': { description: 'four threads increment a counter with cmpxchg retry loops', build: () => cmpxchgCounter(4) },
  'seqcount-aba': { description: 'a 2-bit sequence counter wraps: the reader accepts a torn read (violation)', build: () => seqcountAba(3) },
  'seqcount-ok': { description: 'the same reader with a 3-bit counter: no wrap, no torn read', build: () => seqcountAba(7) },
};

export function exampleNames(): string[] {
  return Object.keys(EXAMPLES);
}
