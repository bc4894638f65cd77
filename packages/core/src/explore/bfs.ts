import { evalFinal } from '../ir/eval.js';
import { DEADLOCK } from '../models/access.js';
import { exploreOracle, isDeadlocked } from './bfs-oracle.js';
import { exploreDfs } from './dfs.js';
import { PackedStateStore } from './packed-store.js';
import type { BoundStop, CheckResult, PathStep, Progress } from './result.js';
import {
  PACKED_NONE,
  PACKED_VIOLATION,
  type PackedTransitions,
  type Semantics,
  type StateView,
} from './semantics.js';
import { boundStopOf, finisher } from './state-checks.js';

export { exploreOracle };

/** Options of the reference explorer. */
export interface ExploreOptions<S = unknown> {
  /** Stop with verdict "incomplete" after storing this many states. */
  readonly maxStates?: number;
  /** Stop with verdict "incomplete" after this many seconds. */
  readonly maxSeconds?: number;
  /** Report a state where every unfinished thread waits for a lock as a violation (default true). */
  readonly deadlock?: boolean;
  /**
   * A state property checked on every new state: returns the violated property's name, or
   * null. The view and state may be reused by the explorer after the call returns (copy what
   * you keep); `onFinal` gets objects of its own.
   */
  readonly invariant?: (view: StateView, state: S) => string | null;
  /** Called for every distinct final state (all threads finished). */
  readonly onFinal?: (view: StateView, state: S) => void;
  /** Called about every `progressEvery` new states. */
  readonly onProgress?: (p: Progress) => void;
  readonly progressEvery?: number;
  /** Checked between batches; when it returns true the search stops as "incomplete" (time-limit). */
  readonly shouldStop?: () => boolean;
  /**
   * Search order (default 'bfs'). 'dfs' ({@link exploreDfs}) explores the same states; its
   * counterexample is the first found, not the shortest, and it keeps only the current path
   * instead of a breadth-first frontier. It reaches finished executions early, which is what
   * the LKMM invariant checks at quiescent cuts of finished executions need.
   */
  readonly search?: 'bfs' | 'dfs';
  /**
   * Depth-first only: state-space caching (Godefroid, Holzmann and Pirottin, "State-space
   * caching revisited", CAV 1992). The visited set stores at most this many states; once it
   * holds them, the search goes on, skipping the states it holds and the states on its stack,
   * and exploring every other state without storing it. Sound: a state is skipped only if it
   * was explored or is being explored, so every reachable state is still explored and the
   * verdict is that of the full search; no path repeats a state, so the search ends on state
   * graphs with cycles too (the LKMM graph search has some: a thread waiting at a spin_lock
   * may wait again). A state may be explored more than once, so `states` then counts
   * explorations and the result's `stored` says how many states the visited set holds.
   * Worth it where the state graph is nearly a tree (the LKMM graph search of a tmigr scenario:
   * about 1.003 transitions per state), not where many paths meet (SC, TSO): there it can take
   * exponentially longer.
   */
  readonly visitedCap?: number;
}

/**
 * Breadth-first search over a memory model's transition system. Finds the shortest path to
 * the first violation; counts distinct states and transitions.
 *
 * When the semantics offers packed transitions ({@link Semantics.packed}, e.g. SC), states are
 * explored as Int32 vectors kept in a compact exact hash set; otherwise this is the
 * string-keyed search of {@link exploreOracle}. Both give the same result.
 */
export function explore<S>(sem: Semantics<S>, options: ExploreOptions<S> = {}): CheckResult {
  if (options.search === 'dfs') return exploreDfs(sem, options);
  if (options.visitedCap !== undefined)
    throw new Error('visitedCap (state-space caching) needs the depth-first search');
  const packed = sem.packed;
  if (!packed) return exploreOracle(sem, options);
  return explorePacked(sem, packed, options);
}

/** Growable Int32 column. */
class IntColumn {
  data = new Int32Array(1024);
  push(i: number, v: number): void {
    if (i >= this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[i] = v;
  }
}

function explorePacked<S>(
  sem: Semantics<S>,
  packed: PackedTransitions<S>,
  options: ExploreOptions<S>,
): CheckResult {
  const t0 = performance.now();
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const maxMs = (options.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  const checkDeadlock = options.deadlock ?? true;
  const progressEvery = options.progressEvery ?? 50_000;
  const width = packed.width;
  const slots = packed.slots;
  const store = new PackedStateStore(width);
  const parent = new IntColumn();
  const viaSlot = new IntColumn();
  const depthOf = new IntColumn();
  const cur = new Int32Array(width);
  const next = new Int32Array(width);
  const finalChecks = sem.program.finalChecks ?? [];
  const invariant = options.invariant;
  const onFinal = options.onFinal;
  /** Whether checking a new state needs the state object at all. */
  const needState = invariant !== undefined || onFinal !== undefined || finalChecks.length > 0;
  let transitions = 0;
  let maxDepth = 0;
  let bound: BoundStop | null = null;

  const stepOf = (slot: number): PathStep => ({
    thread: packed.slotThread(slot),
    choice: packed.slotChoice(slot),
  });
  const pathTo = (id: number, last?: PathStep): PathStep[] => {
    const steps: PathStep[] = last ? [last] : [];
    for (let c = id; c > 0; c = parent.data[c]!) steps.push(stepOf(viaSlot.data[c]!));
    return steps.reverse();
  };
  const finish = finisher(sem, t0, () => ({ states: store.size, transitions, depth: maxDepth }));
  /** The invariant hook sees `next` through a window (no copy); final states are unpacked. */
  const win = packed.window(next);
  /** The checks of a new state, packed in `vec` (`next`, or `cur` for the initial state). */
  const checkState = (vec: Int32Array, id: number): string | null => {
    if (bound === null && packed.hasBound(vec)) {
      // As stateChecker: a bound counts on a settled state (TSO: every store buffer empty).
      const view = sem.view(packed.unpack(vec));
      if (view.settled !== false) bound = boundStopOf(view.threads, () => pathTo(id));
    }
    const isFinal = packed.isFinal(vec);
    if (!needState) return null;
    if (invariant) {
      let bad: string | null;
      if (vec === next) {
        win.sync();
        bad = invariant(win.view, win.state);
      } else {
        const s = packed.unpack(vec);
        bad = invariant(sem.view(s), s);
      }
      if (bad) return bad;
    }
    if (isFinal) {
      const state = packed.unpack(vec);
      const view = sem.view(state);
      for (const fc of finalChecks) {
        const v = evalFinal(
          fc.cond,
          (t, r) => view.threads[t]!.regs[r]!,
          (a) => view.value(a),
        );
        if (v === 0) return fc.property;
      }
      onFinal?.(view, state);
    }
    return null;
  };

  const init = sem.initial();
  if (init.kind === 'violation') return finish('violation', init.property, 'violation', []);
  packed.pack(init.state, cur);
  store.add(cur);
  parent.push(0, -1);
  viaSlot.push(0, -1);
  depthOf.push(0, 0);
  const bad0 = checkState(cur, 0);
  if (bad0) return finish('violation', bad0, 'violation', []);

  for (let head = 0; head < store.size; head++) {
    if ((head & 1023) === 0) {
      if (performance.now() - t0 > maxMs || options.shouldStop?.())
        return finish('incomplete', null, 'time-limit', null);
    }
    store.get(head, cur);
    const curAcc = store.accumulatorOf(head);
    let enabled = 0;
    const d = depthOf.data[head]! + 1;
    for (let slot = 0; slot < slots; slot++) {
      const r = packed.step(cur, slot, next);
      if (r === PACKED_NONE) continue;
      enabled++;
      transitions++;
      if (r === PACKED_VIOLATION)
        return finish('violation', packed.violation, 'violation', pathTo(head, stepOf(slot)));
      let acc = store.accumulateFrom(curAcc, cur, next, packed.dirtyFrom, packed.dirtyTo);
      const w = packed.dirtyWord;
      if (w >= 0 && (w < packed.dirtyFrom || w >= packed.dirtyTo))
        acc = store.accumulateFrom(acc, cur, next, w, w + 1);
      const id = store.add(next, acc);
      if (id < 0) continue;
      parent.push(id, head);
      viaSlot.push(id, slot);
      depthOf.push(id, d);
      if (d > maxDepth) maxDepth = d;
      const bad = checkState(next, id);
      if (bad) return finish('violation', bad, 'violation', pathTo(id));
      if (options.onProgress && id % progressEvery === 0) {
        options.onProgress({
          states: store.size,
          transitions,
          depth: maxDepth,
          frontier: store.size - head,
          seconds: (performance.now() - t0) / 1000,
        });
      }
      if (store.size >= maxStates) return finish('incomplete', null, 'state-limit', null);
    }
    if (enabled === 0 && checkDeadlock && !packed.isFinal(cur)) {
      const view = sem.view(packed.unpack(cur));
      if (isDeadlocked(sem.program, view)) return finish('violation', DEADLOCK, 'violation', pathTo(head));
    }
  }
  if (bound) return finish('incomplete', null, 'bound', null, bound);
  return finish('ok', null, null, null);
}
