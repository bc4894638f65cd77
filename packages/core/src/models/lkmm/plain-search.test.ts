/**
 * The LKMM search on random programs with plain accesses (IR order `plain`): every state it
 * keeps satisfies the axioms, `plain-coherence` included; and its final outcomes, each with the
 * flags herd7 would raise on it (`data-race`, `mixed-accesses`), do not depend on the
 * search's shortcuts (waiting at reads instead of deferring them, dropping idle waits) nor on
 * the thread priority of the canonical schedule. Programs that the litmus front end refuses
 * (`plainDependencyHazard`) are left out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../ir/builder.js';
import { c, reg } from '../../ir/expr.js';
import type { FenceKind, Program } from '../../ir/types.js';
import { plainDependencyHazard } from './blocking.js';
import { violatedAxiom } from './consistency.js';
import { type LkmmOptions, LkmmSemantics, type LkmmState } from './semantics.js';

type Op =
  | { op: 'load'; loc: number; plain: boolean }
  | { op: 'store'; loc: number; value: number; plain: boolean }
  | { op: 'copy'; from: number; to: number; plain: boolean }
  | { op: 'release'; loc: number; value: number }
  | { op: 'acquire'; loc: number }
  | { op: 'xchg'; loc: number; value: number }
  | { op: 'fence'; kind: FenceKind }
  | { op: 'locked'; loc: number; value: number; plain: boolean };

const loc = fc.integer({ min: 0, max: 1 });
const value = fc.integer({ min: 1, max: 2 });
const plain = fc.boolean();
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('load' as const), loc, plain }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('store' as const), loc, value, plain }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('copy' as const), from: loc, to: loc, plain }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), loc, value }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('acquire' as const), loc }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('xchg' as const), loc, value }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('fence' as const),
      kind: fc.constantFrom<FenceKind>('mb', 'rmb', 'wmb'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('locked' as const), loc, value, plain }) },
);
const programArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });

function build(threads: Op[][]): Program {
  const b = new ProgramBuilder('random-plain');
  const x = [b.location('x0'), b.location('x1')];
  const l = b.location('l');
  threads.forEach((ops, ti) => {
    const t = b.thread(`P${ti}`);
    ops.forEach((o, i) => {
      const r = t.reg(`r${i}`);
      switch (o.op) {
        case 'load':
          t.load(r, x[o.loc]!, o.plain ? 'plain' : 'once');
          break;
        case 'store':
          t.store(x[o.loc]!, c(o.value), o.plain ? 'plain' : 'once');
          break;
        case 'copy':
          t.load(r, x[o.from]!, o.plain ? 'plain' : 'once').store(x[o.to]!, reg(r), 'plain');
          break;
        case 'release':
          t.store(x[o.loc]!, c(o.value), 'release');
          break;
        case 'acquire':
          t.load(r, x[o.loc]!, 'acquire');
          break;
        case 'xchg':
          t.rmw(x[o.loc]!, c(o.value), { dst: r, order: 'mb' });
          break;
        case 'fence':
          t.fence(o.kind);
          break;
        case 'locked':
          t.lock(l)
            .load(r, x[o.loc]!, o.plain ? 'plain' : 'once')
            .store(x[o.loc]!, c(o.value), o.plain ? 'plain' : 'once')
            .unlock(l);
          break;
      }
    });
  });
  return b.build();
}

const hasPlain = (p: Program) =>
  p.threads.some((t) => t.code.some((i) => (i.op === 'load' || i.op === 'store') && i.order === 'plain'));

/** Every state reachable by the search (breadth first), or null past `limit` states. */
function reachable(sem: LkmmSemantics, limit = 5_000): LkmmState[] | null {
  const init = sem.initial();
  if (init.kind !== 'state') return [];
  const seen = new Set([sem.key(init.state)]);
  const out = [init.state];
  for (let i = 0; i < out.length; i++) {
    if (out.length > limit) return null;
    for (const s of sem.successors(out[i]!)) {
      if (s.kind !== 'state') continue;
      const k = sem.key(s.state);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(s.state);
      }
    }
  }
  return out;
}

/** The final outcomes (registers, memory) of a search, each with its herd flags. */
function outcomes(p: Program, options: LkmmOptions): Set<string> | null {
  const sem = new LkmmSemantics(p, options);
  const states = reachable(sem);
  if (states === null) return null;
  const out = new Set<string>();
  for (const s of states) {
    if (!sem.isFinal(s)) continue;
    const view = sem.view(s);
    const mem = p.locations.map((_, a) => view.value(a + 1));
    const flags = view.flags ? view.flags().join(',') : '';
    out.add(`${view.threads.map((t) => Array.from(t.regs).join(',')).join('|')}#${mem.join(',')}#${flags}`);
  }
  return out;
}

const usable = (threads: Op[][]): Program | null => {
  const p = build(threads);
  return hasPlain(p) && plainDependencyHazard(p) === null ? p : null;
};

describe('LKMM search with plain accesses (random programs)', () => {
  it('keeps only states whose graph satisfies the axioms, plain-coherence included', () => {
    let checked = 0;
    fc.assert(
      fc.property(programArb, (threads) => {
        const p = usable(threads);
        if (p === null) return;
        const states = reachable(new LkmmSemantics(p));
        if (states === null) return;
        checked++;
        for (const s of states) expect(violatedAxiom(s.graph, p.locations.length)).toBeNull();
      }),
      { numRuns: 120, seed: 20261207 },
    );
    expect(checked).toBeGreaterThan(50);
  });

  it('reaches the same outcomes and flags with every shortcut off and under other thread orders', () => {
    let compared = 0;
    let flagged = 0;
    fc.assert(
      fc.property(programArb, (threads) => {
        const p = usable(threads);
        if (p === null) return;
        const base = outcomes(p, {});
        if (base === null) return;
        const noShortcuts = outcomes(p, { loadWaits: false, orderedReadsWait: false, pruneIdleWaits: false });
        if (noShortcuts !== null) expect(noShortcuts).toEqual(base);
        const ids = p.threads.map((_, i) => i);
        for (const order of [[...ids].reverse(), [...ids.slice(1), 0]]) {
          const other = outcomes(p, { order });
          if (other !== null) expect(other, `order ${order.join(',')}`).toEqual(base);
        }
        compared++;
        if ([...base].some((k) => k.endsWith('data-race') || k.includes('data-race,'))) flagged++;
      }),
      { numRuns: 120, seed: 20261208 },
    );
    expect(compared).toBeGreaterThan(50);
    expect(flagged).toBeGreaterThan(10);
  });
});
