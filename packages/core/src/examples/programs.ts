import { type Label, ProgramBuilder } from '../ir/builder.js';
import { add, and, bin, c, eq, ne, not, old, reg } from '../ir/expr.js';
import type { Expr, FinalExpr, Program } from '../ir/types.js';

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
    finalChecks: [
      {
        property: 'not (P0:r0 == 0 && P1:r1 == 0)',
        cond: fnot(fand(feq(treg(0, r0), fc(0)), feq(treg(1, r1), fc(0)))),
      },
    ],
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
    finalChecks: [
      {
        property: 'not (P1:r0 == 1 && P1:r1 == 0)',
        cond: fnot(fand(feq(treg(1, r0), fc(1)), feq(treg(1, r1), fc(0)))),
      },
    ],
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
  return {
    ...program,
    finalChecks: [{ property: `counter == ${threads}`, cond: feq({ k: 'mem', addr: x }, fc(threads)) }],
  };
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
export const EXAMPLES: Readonly<
  Record<string, { readonly description: string; readonly build: () => Program }>
> = {
  sb: { description: 'store buffering (SB), two threads', build: storeBuffering },
  mp: { description: 'message passing (MP) with release/acquire', build: messagePassing },
  'cmpxchg-counter': {
    description: 'two threads increment a counter with a cmpxchg retry loop',
    build: () => cmpxchgCounter(2),
  },
  'cmpxchg-counter-4': {
    description: 'four threads increment a counter with cmpxchg retry loops',
    build: () => cmpxchgCounter(4),
  },
  'seqcount-aba': {
    description: 'a 2-bit sequence counter wraps: the reader accepts a torn read (violation)',
    build: () => seqcountAba(3),
  },
  'seqcount-ok': {
    description: 'the same reader with a 3-bit counter: no wrap, no torn read',
    build: () => seqcountAba(7),
  },
};

export function exampleNames(): string[] {
  return Object.keys(EXAMPLES);
}

/**
 * A rule-per-step stand-in for the timer-migration hierarchy's active-mask propagation, after
 * `reference/spin/tmigr_rules.pml` (a benchmark workload, not a model of tmigr): `cpus` CPUs in
 * level-0 groups of `groupSize` under one root; each group word packs {active mask (bits 0..3),
 * migrator childmask (bits 4..7, 0 = none), seq (bits 8.., modulo 2^seqBits)}. Each CPU runs
 * `cycles` activate → deactivate cycles, each a read + compute + cmpxchg retry loop per level
 * (`tmigr_active_up` / `tmigr_inactive_up`); a failed cmpxchg returns the fresh value and the CPU
 * recomputes. Every successful cmpxchg asserts that the new word is sane; at the end the whole
 * tree must be idle.
 */
export function activeMaskTree(cpus = 4, groupSize = 2, cycles = 1, seqBits = 4): Program {
  const groups = Math.ceil(cpus / groupSize);
  const b = new ProgramBuilder(`active-mask-tree-${cpus}x${groupSize}-k${cycles}-seq${seqBits}`);
  const grp = Array.from({ length: groups }, (_, i) => b.location(`grp${i}`));
  const root = b.location('root');
  const ite = (cond: Expr, t: Expr, e: Expr): Expr => ({ k: 'ite', c: cond, t, e });
  const bnot = (a: Expr): Expr => ({ k: 'un', op: 'bnot', a });
  const neg = (a: Expr): Expr => ({ k: 'un', op: 'neg', a });
  const actOf = (s: Expr): Expr => and(s, c(15));
  const migOf = (s: Expr): Expr => and(bin('shr', s, c(4)), c(15));
  const word = (a: Expr, m: Expr, s: Expr): Expr =>
    bin(
      'or',
      bin('or', a, bin('shl', m, c(4))),
      bin('shl', and(add(bin('shr', s, c(8)), c(1)), c((1 << seqBits) - 1)), c(8)),
    );
  const retries = 2 * cycles * cpus;
  for (let p = 0; p < cpus; p++) {
    const t = b.thread(`cpu${p}`);
    const cur = t.reg('cur');
    const nw = t.reg('nw');
    const ok = t.reg('ok');
    const w = t.reg('w');
    const a = t.reg('a');
    const m = t.reg('m');
    const ch = t.reg('ch');
    const group = grp[Math.floor(p / groupSize)]!;
    const cas = (addr: number, again: Label): void => {
      t.rmw(addr, reg(nw), { guard: eq(old, reg(cur)), dst: cur, ok });
      t.branch(not(reg(ok)), again, { bound: retries });
      const mg = migOf(reg(nw));
      const ac = actOf(reg(nw));
      t.assert(eq(eq(mg, c(0)), eq(ac, c(0))), 'migrator set iff active');
      t.assert(bin('lor', eq(mg, c(0)), eq(and(mg, ac), mg)), 'migrator within active');
      // Dead registers are cleared, as the Promela model does, so they do not split states.
      for (const r of [cur, nw, a, m, ch]) t.set(r, c(0));
    };
    // tmigr_active_up on one level: becomes the migrator if there is none (then walks up).
    const activate = (addr: number, mask: number): void => {
      const again = t.label();
      t.place(again);
      t.set(w, eq(migOf(reg(cur)), c(0)));
      t.set(nw, word(bin('or', actOf(reg(cur)), c(mask)), ite(reg(w), c(mask), migOf(reg(cur))), reg(cur)));
      cas(addr, again);
    };
    // tmigr_inactive_up on one level, `child` = the child group is still active.
    const deactivate = (addr: number, mask: number, child: Expr, again: Label): void => {
      t.set(a, ite(child, actOf(reg(cur)), and(actOf(reg(cur)), bnot(c(mask)))));
      t.set(m, migOf(reg(cur)));
      t.set(w, bin('land', eq(reg(m), c(mask)), not(child)));
      t.set(m, ite(reg(w), and(reg(a), neg(reg(a))), reg(m)));
      t.set(w, bin('land', reg(w), eq(reg(a), c(0))));
      t.set(nw, word(reg(a), reg(m), reg(cur)));
      cas(addr, again);
    };
    const childMask = 1 << (p % groupSize);
    const groupMask = 1 << Math.floor(p / groupSize);
    for (let k = 0; k < cycles; k++) {
      const activeDone = t.label();
      t.load(cur, group);
      activate(group, childMask);
      t.branch(not(reg(w)), activeDone);
      t.load(cur, root);
      activate(root, groupMask);
      t.place(activeDone);
      t.set(w, c(0));
      const idleDone = t.label();
      const groupAgain = t.label();
      t.load(cur, group);
      t.place(groupAgain);
      deactivate(group, childMask, c(0), groupAgain);
      t.branch(not(reg(w)), idleDone);
      t.load(cur, root);
      const rootAgain = t.label();
      t.place(rootAgain);
      t.load(ch, group);
      t.set(ch, ne(actOf(reg(ch)), c(0)));
      deactivate(root, groupMask, reg(ch), rootAgain);
      t.place(idleDone);
      t.set(w, c(0));
    }
  }
  const program = b.build();
  const idle = (addr: number): FinalExpr => ({
    k: 'bin',
    op: 'eq',
    a: { k: 'bin', op: 'and', a: { k: 'mem', addr }, b: fc(255) },
    b: fc(0),
  });
  const all = [...grp, root].map(idle).reduce((x, y) => fand(x, y));
  return { ...program, finalChecks: [{ property: 'tree idle at the end', cond: all }] };
}
