/**
 * Quiescent cuts of an LKMM execution graph.
 *
 * The LKMM defines complete executions, not intermediate machine states. A state property
 * "at quiescence" (the tmigr invariants) therefore means: for every complete consistent
 * execution, and every cut of it in which each thread has executed a prefix of its events that
 * ends at an operation boundary, with every read of the cut reading a write of the cut (the
 * cut is closed under po and rf), the memory that the cut leaves, each location's
 * coherence-latest write inside the cut, satisfies the property.
 *
 * The search's canonical schedule (`semantics.ts`) visits only some of those cuts as states
 * (finished executions always, but not, say, a lower-numbered CPU between two operations while
 * a higher-numbered one has moved on). {@link quiescentCuts} lists all of them for one graph,
 * so that checking every final state's cuts covers every quiescent cut of every execution.
 */
import type { StateView } from '../../explore/semantics.js';
import { ST_DONE, ST_RUNNING, type ThreadState } from '../../explore/thread.js';
import type { Program } from '../../ir/types.js';
import { EV_R, EV_W, type LkEvent, type LkGraph, refPo, refThread } from './events.js';

/** One quiescent cut: events kept per thread, and the view of the memory it leaves. */
export interface QuiescentCut {
  /** Number of events of each thread inside the cut. */
  readonly kept: readonly number[];
  /** For each thread: the index of the operation it is about to start (its boundary), or -1 when it has finished. */
  readonly nextOp: readonly number[];
  readonly view: StateView;
}

/**
 * The positions where thread `evs` may be cut: before event k when k starts the instruction at
 * an operation boundary (boundary pcs, in operation order), and after the last event when the
 * thread has finished. Returns [kept, op index or -1 for finished] pairs.
 */
function cutPoints(
  evs: readonly LkEvent[],
  boundaries: readonly number[],
  finished: boolean,
): [number, number][] {
  const points: [number, number][] = [];
  for (let k = 0; k < evs.length; k++) {
    const e = evs[k]!;
    // The write of an RMW or lock pair belongs to the instruction of the read before it.
    if (e.kind === EV_W && e.rmw >= 0 && e.rmw === k - 1) continue;
    const op = boundaries.indexOf(e.pc);
    if (op >= 0) points.push([k, op]);
  }
  if (finished) points.push([evs.length, -1]);
  return points;
}

/**
 * Every quiescent cut of `graph` other than the whole graph, for a finished state (every
 * thread done, every read resolved). `boundaries[i]` lists thread i's operation-start pcs.
 */
export function quiescentCuts(
  program: Program,
  graph: LkGraph,
  threads: readonly ThreadState[],
  boundaries: readonly (readonly number[])[],
): QuiescentCut[] {
  const n = graph.events.length;
  const options = graph.events.map((evs, i) =>
    cutPoints(evs, boundaries[i] ?? [], threads[i]!.status === ST_DONE),
  );
  const out: QuiescentCut[] = [];
  const kept = new Array<number>(n).fill(0);
  const nextOp = new Array<number>(n).fill(-1);

  const rfClosed = (): boolean => {
    for (let i = 0; i < n; i++) {
      const evs = graph.events[i]!;
      for (let k = 0; k < kept[i]!; k++) {
        const e = evs[k]!;
        if (e.kind !== EV_R) continue;
        const t = refThread(e.rf);
        if (t >= 0 && refPo(e.rf) >= kept[t]!) return false;
      }
    }
    return true;
  };

  const emit = () => {
    let whole = true;
    for (let i = 0; i < n; i++) if (kept[i] !== graph.events[i]!.length) whole = false;
    if (whole || !rfClosed()) return;
    out.push(cutOf(program, graph, threads, boundaries, kept.slice(), nextOp.slice()));
  };

  const rec = (i: number) => {
    if (i === n) {
      emit();
      return;
    }
    for (const [k, op] of options[i]!) {
      kept[i] = k;
      nextOp[i] = op;
      rec(i + 1);
    }
  };
  rec(0);
  return out;
}

function cutOf(
  program: Program,
  graph: LkGraph,
  threads: readonly ThreadState[],
  boundaries: readonly (readonly number[])[],
  kept: readonly number[],
  nextOp: readonly number[],
): QuiescentCut {
  const cutThreads: ThreadState[] = threads.map((t, i) =>
    nextOp[i]! < 0 ? t : { ...t, pc: boundaries[i]![nextOp[i]!]!, status: ST_RUNNING },
  );
  const value = (addr: number): number => {
    const co = graph.co[addr - 1]!;
    for (let j = co.length - 1; j >= 0; j--) {
      const ref = co[j]!;
      const t = refThread(ref);
      if (t < 0) return program.locations[refPo(ref)]!.init | 0;
      if (refPo(ref) < kept[t]!) return graph.events[t]![refPo(ref)]!.val;
    }
    return program.locations[addr - 1]!.init | 0;
  };
  return { kept, nextOp, view: { threads: cutThreads, value, settled: true } };
}
