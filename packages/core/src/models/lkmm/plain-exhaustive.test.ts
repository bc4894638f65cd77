/**
 * Completeness and soundness of the LKMM search with plain accesses, against an exhaustive
 * enumeration: for random straight-line programs (plain and marked loads and stores, copies
 * `r = *x; *y = r` whose plain store depends on the read, fences) that the litmus front end
 * accepts (`plainDependencyHazard`), every candidate execution (a write for each read to read
 * from, a coherence order per location) is built as an execution graph and judged by the cat's
 * axioms (`violatedAxiom`) and flags (`lkmmFlags`). The search must reach exactly the final
 * outcomes, each with its flags, of the consistent candidates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../ir/builder.js';
import { c, reg } from '../../ir/expr.js';
import type { FenceKind, Program } from '../../ir/types.js';
import { plainDependencyHazard } from './blocking.js';
import { lkmmFlags, violatedAxiom } from './consistency.js';
import {
  EV_F,
  EV_R,
  EV_W,
  eventRef,
  F_MB,
  F_RMB,
  F_WMB,
  initRef,
  type LkEvent,
  type LkGraph,
  TAG_ACQUIRE,
  TAG_ONCE,
  TAG_RELEASE,
} from './events.js';
import { LkmmSemantics, type LkmmState } from './semantics.js';

type Order = 'plain' | 'once' | 'ordered';
type Op =
  | { op: 'load'; loc: number; order: Order }
  | { op: 'store'; loc: number; value: number; order: Order }
  | { op: 'copy'; from: number; to: number; order: Order }
  | { op: 'fence'; kind: FenceKind };

const loc = fc.integer({ min: 0, max: 1 });
const order = fc.constantFrom<Order>('plain', 'plain', 'once', 'ordered');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('load' as const), loc, order }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('store' as const),
      loc,
      value: fc.integer({ min: 1, max: 2 }),
      order,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('copy' as const), from: loc, to: loc, order }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('fence' as const),
      kind: fc.constantFrom<FenceKind>('mb', 'rmb', 'wmb'),
    }),
  },
);
const programArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });

const FENCE: Partial<Record<FenceKind, number>> = { mb: F_MB, rmb: F_RMB, wmb: F_WMB };

/** The program, and per thread the events an execution of it has (reads unresolved). */
function build(threads: Op[][]): { program: Program; events: LkEvent[][]; regOf: number[][] } {
  const b = new ProgramBuilder('random-plain');
  const x = [b.location('x0'), b.location('x1')];
  const events: LkEvent[][] = [];
  const regOf: number[][] = []; // per thread, per event: the register a read writes, or -1
  threads.forEach((ops, ti) => {
    const t = b.thread(`P${ti}`);
    const evs: LkEvent[] = [];
    const regs: number[] = [];
    const ev = (e: Partial<LkEvent> & Pick<LkEvent, 'kind' | 'flags' | 'loc'>, r = -1): number => {
      evs.push({ val: 0, rf: -1, rmw: -1, addr: [], data: [], ctrl: [], pc: 0, ...e });
      regs.push(r);
      return evs.length - 1;
    };
    ops.forEach((o, i) => {
      const r = t.reg(`r${i}`);
      switch (o.op) {
        case 'load': {
          const ord = o.order === 'ordered' ? 'acquire' : o.order;
          t.load(r, x[o.loc]!, ord);
          ev(
            {
              kind: EV_R,
              flags: ord === 'acquire' ? TAG_ACQUIRE : ord === 'once' ? TAG_ONCE : 0,
              loc: x[o.loc]!,
            },
            r,
          );
          break;
        }
        case 'store': {
          const ord = o.order === 'ordered' ? 'release' : o.order;
          t.store(x[o.loc]!, c(o.value), ord);
          ev({
            kind: EV_W,
            flags: ord === 'release' ? TAG_RELEASE : ord === 'once' ? TAG_ONCE : 0,
            loc: x[o.loc]!,
            val: o.value,
          });
          break;
        }
        case 'copy': {
          const ord = o.order === 'ordered' ? 'once' : o.order;
          t.load(r, x[o.from]!, ord).store(x[o.to]!, reg(r), 'plain');
          const rd = ev({ kind: EV_R, flags: ord === 'once' ? TAG_ONCE : 0, loc: x[o.from]! }, r);
          ev({ kind: EV_W, flags: 0, loc: x[o.to]!, data: [rd], val: -1 });
          break;
        }
        case 'fence':
          t.fence(o.kind);
          ev({ kind: EV_F, flags: FENCE[o.kind]!, loc: 0 });
          break;
      }
    });
    events.push(evs);
    regOf.push(regs);
  });
  return { program: b.build(), events, regOf };
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

function product<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

const key = (regs: number[][], mem: number[], flags: string) =>
  `${regs.map((r) => r.join(',')).join('|')}#${mem.join(',')}#${flags}`;

/** The outcomes (with flags) of every consistent candidate execution, or null if too many. */
function exhaustive(program: Program, events: LkEvent[][], regOf: number[][]): Set<string> | null {
  const nLoc = program.locations.length;
  const reads: [number, number][] = [];
  const writes = new Map<number, number[]>(); // loc -> event refs (thread writes)
  events.forEach((evs, t) => {
    evs.forEach((e, p) => {
      if (e.kind === EV_R) reads.push([t, p]);
      if (e.kind === EV_W) writes.set(e.loc, [...(writes.get(e.loc) ?? []), eventRef(t, p)]);
    });
  });
  const sources = reads.map(([t, p]) => {
    const l = events[t]![p]!.loc;
    return [initRef(l), ...(writes.get(l) ?? [])];
  });
  const cos = program.locations.map((_, a) => permutations(writes.get(a + 1) ?? []));
  const total = sources.reduce((n, s) => n * s.length, 1) * cos.reduce((n, s) => n * s.length, 1);
  if (total > 20_000) return null;
  const out = new Set<string>();
  for (const rfs of product(sources)) {
    // Values: a read takes its source's value; a copy's write the value its read took.
    const evs = events.map((e) => e.map((x) => ({ ...x })));
    reads.forEach(([t, p], k) => {
      evs[t]![p] = { ...evs[t]![p]!, rf: rfs[k]! };
    });
    // A value depending on itself (out of thin air): the event gets 0, and no such candidate
    // may be consistent (the front end refuses programs where one could be).
    let cyclic = false;
    const valueAt = (ref: number, depth: number): number => {
      const t = (ref >>> 16) - 1;
      if (t < 0) return 0;
      if (depth > 64) {
        cyclic = true;
        return 0;
      }
      const e = evs[t]![ref & 0xffff]!;
      if (e.kind === EV_W && e.data.length === 0) return e.val;
      const rd = e.kind === EV_R ? e : evs[t]![e.data[0]!]!;
      return valueAt(rd.rf, depth + 1);
    };
    const vals = evs.map((tevs, t) => tevs.map((e, p) => (e.kind === EV_F ? 0 : valueAt(eventRef(t, p), 0))));
    for (const [t, tevs] of evs.entries())
      for (const [p, e] of tevs.entries())
        if (e.kind === EV_R || (e.kind === EV_W && e.data.length > 0)) tevs[p] = { ...e, val: vals[t]![p]! };
    for (const coLists of product(cos)) {
      const g: LkGraph = { events: evs, co: coLists.map((l, a) => [initRef(a + 1), ...l]) };
      if (violatedAxiom(g, nLoc) !== null) continue;
      expect(cyclic, 'a consistent execution whose values depend on themselves').toBe(false);
      const regs = program.threads.map((th) => new Array<number>(th.registers.length).fill(0));
      for (const [t, tevs] of evs.entries())
        for (const [p, e] of tevs.entries()) {
          const r = regOf[t]![p]!;
          if (r >= 0) regs[t]![r] = e.val;
        }
      const mem = g.co.map((l) => {
        const last = l[l.length - 1]!;
        const t = (last >>> 16) - 1;
        return t < 0 ? 0 : evs[t]![last & 0xffff]!.val;
      });
      out.add(key(regs, mem, lkmmFlags(g, nLoc).join(',')));
    }
  }
  return out;
}

/** The final outcomes (with flags) the LKMM search reaches, or null past `limit` states. */
function searched(program: Program, limit = 20_000): Set<string> | null {
  const sem = new LkmmSemantics(program);
  const init = sem.initial();
  if (init.kind !== 'state') return new Set();
  const seen = new Set([sem.key(init.state)]);
  const states: LkmmState[] = [init.state];
  for (let i = 0; i < states.length; i++) {
    if (states.length > limit) return null;
    for (const s of sem.successors(states[i]!)) {
      if (s.kind !== 'state' || seen.has(sem.key(s.state))) continue;
      seen.add(sem.key(s.state));
      states.push(s.state);
    }
  }
  const out = new Set<string>();
  for (const s of states) {
    if (!sem.isFinal(s)) continue;
    const view = sem.view(s);
    const mem = program.locations.map((_, a) => view.value(a + 1));
    out.add(
      key(
        view.threads.map((t) => Array.from(t.regs)),
        mem,
        view.flags ? view.flags().join(',') : '',
      ),
    );
  }
  return out;
}

describe('LKMM search with plain accesses vs every candidate execution', () => {
  it('reaches exactly the consistent executions, with their flags (random accepted programs)', () => {
    let compared = 0;
    let refused = 0;
    fc.assert(
      fc.property(programArb, (threads) => {
        const { program, events, regOf } = build(threads);
        if (plainDependencyHazard(program) !== null) {
          refused++;
          return;
        }
        const all = exhaustive(program, events, regOf);
        if (all === null) return;
        const got = searched(program);
        if (got === null) return;
        expect([...got].sort()).toEqual([...all].sort());
        compared++;
      }),
      { numRuns: 150, seed: 20261209 },
    );
    expect(compared).toBeGreaterThan(80);
    expect(refused).toBeGreaterThan(0);
  });
});
