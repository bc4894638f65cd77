/**
 * Test support: random LKMM execution graphs, grown step by step the way the LKMM search grows
 * them (models/lkmm/semantics.ts): a read with its rf (or deferred), a write at any co position,
 * an RMW pair (its write right after its read's source in co, or anywhere, to exercise the
 * atomic axiom), a failed RMW, a fence of each kind, a lock pair, an unlock, or the resolution
 * of a deferred read; every event with random addr/data/ctrl dependencies on earlier reads of
 * its thread. Steps that make the graph inconsistent are mostly undone (as the search prunes),
 * so that walks reach deep consistent graphs as well as inconsistent ones of every axiom.
 */
import { LkmmGraphFormat as F, type LkEvent, type LkGraph } from '@tmigr-check/core';
import type { LkGraphChange } from './lkmm-graph.js';

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One step of a walk: the graph before (consistent or not), the change, and the graph after. */
export interface WalkStep {
  readonly before: LkGraph;
  readonly change: LkGraphChange;
  readonly after: LkGraph;
}

export interface WalkOptions {
  readonly threads: number;
  readonly locations: number;
  readonly steps: number;
  /** Events per thread at most (the walk stops appending to a full thread). */
  readonly maxEvents: number;
  /** Whether a graph is consistent (core's predicate): decides which steps are kept. */
  readonly consistent: (g: LkGraph) => boolean;
  /** Probability of keeping a step that made the graph inconsistent. */
  readonly keepInconsistent: number;
  /** Many smp_mb() (store-buffering shapes: propagation cycles); default false. */
  readonly mbHeavy?: boolean;
}

const FENCES = [
  F.F_MB,
  F.F_MB,
  F.F_MB,
  F.F_RMB,
  F.F_WMB,
  F.F_BEFORE_ATOMIC,
  F.F_AFTER_ATOMIC,
  F.F_AFTER_SPINLOCK,
];
const RMW_TAGS = [F.TAG_ONCE, F.TAG_ACQUIRE, F.TAG_RELEASE, F.TAG_MB, F.TAG_NORETURN];

const ref = (t: number, p: number) => ((t + 1) << 16) | p;

/** Runs a random walk from the empty graph; calls `visit` on every step tried. */
export function randomWalk(seed: number, o: WalkOptions, visit: (s: WalkStep) => void): LkGraph {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  // Location a = i + 1 starts with its initial write, initRef(a) = a - 1 = i.
  let g: LkGraph = {
    events: Array.from({ length: o.threads }, () => []),
    co: Array.from({ length: o.locations }, (_, i) => [i]),
  };
  const deps = (evs: readonly LkEvent[], p: number): number[] => {
    const out: number[] = [];
    for (let q = 0; q < p; q++) if (evs[q]!.kind === F.EV_R && rnd() < 0.25) out.push(q);
    return out;
  };
  for (let s = 0; s < o.steps; s++) {
    const t = Math.floor(rnd() * o.threads);
    const evs = g.events[t]!;
    const p = evs.length;
    const loc = 1 + Math.floor(rnd() * o.locations);
    const co = g.co[loc - 1]!;
    const base = { loc, val: 0, rf: -1, rmw: -1, addr: [] as number[], data: [] as number[], pc: s };
    const withDeps = (e: Omit<LkEvent, 'ctrl'>): LkEvent => ({
      ...e,
      addr: e.kind === F.EV_F ? [] : deps(evs, p),
      data: e.kind === F.EV_W ? deps(evs, p) : [],
      ctrl: deps(evs, p),
    });
    let r = rnd();
    // mbHeavy: reads and writes stay, RMWs and locks get rarer, fences are smp_mb().
    const mbFence = o.mbHeavy === true && r >= 0.6 && r < 0.85;
    if (o.mbHeavy === true && r >= 0.6) r = mbFence ? 0.8 : 0.6 + (r - 0.85) * (0.4 / 0.15);
    let next: LkGraph | null = null;
    let change: LkGraphChange | null = null;
    const deferred: [number, number][] = [];
    for (let tt = 0; tt < o.threads; tt++)
      g.events[tt]!.forEach((e, q) => {
        if (e.kind === F.EV_R && e.rf < 0) deferred.push([tt, q]);
      });
    if (deferred.length > 0 && r < 0.12) {
      // resolve a deferred read
      const [rt, rq] = pick(deferred);
      const e = g.events[rt]![rq]!;
      const src = pick(g.co[e.loc - 1]!);
      const nevs = g.events[rt]!.slice();
      nevs[rq] = { ...e, rf: src };
      next = withEvents(g, rt, nevs);
      change = { thread: rt, po: rq, count: 1 };
    } else if (p + 2 <= o.maxEvents) {
      change = { thread: t, po: p, count: 1 };
      if (r < 0.35) {
        const deferredRead = rnd() < 0.15;
        const e = withDeps({
          kind: F.EV_R,
          flags: rnd() < 0.4 ? F.TAG_ACQUIRE : F.TAG_ONCE,
          ...base,
          // mbHeavy: often the initial write (stale reads close store-buffering cycles).
          rf: deferredRead
            ? -1
            : o.mbHeavy && rnd() < 0.5
              ? co[0]!
              : rnd() < 0.5
                ? co[co.length - 1]!
                : pick(co),
        });
        next = withEvents(g, t, [...evs, e]);
      } else if (r < 0.6) {
        const e = withDeps({ kind: F.EV_W, flags: rnd() < 0.4 ? F.TAG_RELEASE : F.TAG_ONCE, ...base });
        const k = rnd() < 0.6 || o.mbHeavy ? co.length : 1 + Math.floor(rnd() * co.length);
        next = withEvents(g, t, [...evs, e], loc, [...co.slice(0, k), ref(t, p), ...co.slice(k)]);
      } else if (r < 0.75) {
        const tag = pick(RMW_TAGS);
        const k = rnd() < 0.5 ? co.length - 1 : Math.floor(rnd() * co.length);
        const read = withDeps({ kind: F.EV_R, flags: tag | F.IN_RMW, ...base, rf: co[k]! });
        if (rnd() < 0.2) {
          next = withEvents(g, t, [...evs, { ...read, flags: read.flags | F.FAILED_RMW }]);
        } else {
          const at = rnd() < 0.8 ? k + 1 : 1 + Math.floor(rnd() * co.length);
          const w: LkEvent = { ...withDeps({ kind: F.EV_W, flags: tag | F.IN_RMW, ...base }), rmw: p };
          const nco = [...co.slice(0, at), ref(t, p + 1), ...co.slice(at)];
          next = withEvents(g, t, [...evs, { ...read, rmw: p + 1 }, w], loc, nco);
          change = { thread: t, po: p, count: 2 };
        }
      } else if (r < 0.9) {
        const e = withDeps({ kind: F.EV_F, flags: mbFence ? F.F_MB : pick(FENCES), ...base, loc: 0 });
        next = withEvents(g, t, [...evs, e]);
      } else if (r < 0.94) {
        const read = withDeps({ kind: F.EV_R, flags: F.LKR, ...base, rf: co[co.length - 1]!, rmw: p + 1 });
        const w: LkEvent = { ...read, kind: F.EV_W, flags: F.LKW, rf: -1, rmw: p, data: [] };
        next = withEvents(g, t, [...evs, read, w], loc, [...co, ref(t, p + 1)]);
        change = { thread: t, po: p, count: 2 };
      } else {
        const e = withDeps({ kind: F.EV_W, flags: F.UL, ...base });
        next = withEvents(g, t, [...evs, { ...e, data: [] }], loc, [...co, ref(t, p)]);
      }
    }
    if (!next || !change) continue;
    visit({ before: g, change, after: next });
    if (o.consistent(next) || rnd() < o.keepInconsistent) g = next;
  }
  return g;
}

function withEvents(
  g: LkGraph,
  t: number,
  evs: readonly LkEvent[],
  loc = 0,
  co?: readonly number[],
): LkGraph {
  const events = g.events.slice();
  events[t] = evs;
  if (loc === 0 || !co) return { events, co: g.co };
  const cos = g.co.slice();
  cos[loc - 1] = co;
  return { events, co: cos };
}
