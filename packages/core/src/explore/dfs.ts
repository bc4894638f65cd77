import { DEADLOCK } from '../models/access.js';
import type { ExploreOptions } from './bfs.js';
import { isDeadlocked } from './bfs-oracle.js';
import type { CheckResult, PathStep } from './result.js';
import type { Semantics, Successor } from './semantics.js';
import { finisher, stateChecker } from './state-checks.js';

/** One level of the depth-first stack: a state and its successors not yet tried. */
interface Frame<S> {
  readonly state: S;
  /** The state's key when the visited set does not hold it (state-space caching), else null. */
  readonly unstoredKey: string | null;
  readonly step: PathStep;
  succs: Successor<S>[] | null;
  next: number;
}

/**
 * Depth-first search over a memory model's transition system, with a visited set of
 * `Semantics.key()` strings. It explores the same states as the breadth-first search and
 * reaches the same verdict when the search completes (an `ok` verdict and the state count are
 * identical), but it keeps only the current path's states instead of a whole breadth-first
 * frontier, and it reaches final states early. Its counterexample is the first one found, not
 * the shortest.
 *
 * With `visitedCap` (state-space caching), the visited set stops growing at that many states
 * and the search goes on: states it holds are skipped, and so are states on the stack; others are
 * explored without being stored (see {@link ExploreOptions.visitedCap}).
 *
 * It is the search for the LKMM graph semantics, whose search graph is nearly a tree (the
 * canonical schedule adds each execution graph by one path): there a frontier holds most of
 * the states, and all complete executions have about the same length, so breadth-first order
 * buys no shorter traces.
 */
export function exploreDfs<S>(sem: Semantics<S>, options: ExploreOptions<S> = {}): CheckResult {
  const t0 = performance.now();
  const maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
  const maxMs = (options.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  const checkDeadlock = options.deadlock ?? true;
  const progressEvery = options.progressEvery ?? 50_000;
  const visited = new Set<string>();
  const visitedCap = options.visitedCap ?? Number.POSITIVE_INFINITY;
  if (!(visitedCap >= 1)) throw new Error(`visitedCap must be at least 1 (got ${visitedCap})`);
  /** States explored (pushed): the visited set's size until it stops growing at `visitedCap`. */
  let explored = 0;
  /** Some state was explored without being stored (the visited set was full). */
  let unstored = false;
  /** Keys of the states on the stack that the visited set does not hold. */
  const unstoredOnStack = new Set<string>();
  const stack: Frame<S>[] = [];
  let transitions = 0;
  let maxDepth = 0;

  const pathOf = (last?: PathStep): PathStep[] => {
    const steps = stack.slice(1).map((f) => f.step);
    if (last) steps.push(last);
    return steps;
  };
  const finish = finisher(sem, t0, () => ({
    states: explored,
    transitions,
    depth: maxDepth,
    ...(unstored ? { stored: visited.size } : {}),
  }));
  const checker = stateChecker(sem, options);
  const checkState = checker.check;

  const init = sem.initial();
  if (init.kind === 'violation') return finish('violation', init.property, 'violation', []);
  visited.add(sem.key(init.state));
  explored = 1;
  stack.push({ state: init.state, unstoredKey: null, step: { thread: -1, choice: 0 }, succs: null, next: 0 });
  const bad0 = checkState(init.state, () => []);
  if (bad0) return finish('violation', bad0, 'violation', []);

  let expanded = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.succs === null) {
      if ((expanded++ & 63) === 0) {
        if (performance.now() - t0 > maxMs || options.shouldStop?.())
          return finish('incomplete', null, 'time-limit', null);
      }
      top.succs = sem.successors(top.state);
      if (top.succs.length === 0 && checkDeadlock && !sem.isFinal(top.state)) {
        if (isDeadlocked(sem.program, sem.view(top.state)))
          return finish('violation', DEADLOCK, 'violation', pathOf());
      }
    }
    if (top.next >= top.succs.length) {
      stack.pop();
      if (top.unstoredKey !== null) unstoredOnStack.delete(top.unstoredKey);
      continue;
    }
    const succ = top.succs[top.next++]!;
    transitions++;
    const step: PathStep = { thread: succ.step.thread, choice: succ.step.choice };
    if (succ.kind === 'violation') return finish('violation', succ.property, 'violation', pathOf(step));
    const key = sem.key(succ.state);
    if (visited.has(key)) continue;
    let unstoredKey: string | null = null;
    if (visited.size < visitedCap) visited.add(key);
    else {
      // A state on the stack is being explored: skipping it keeps every path free of repeats.
      if (unstoredOnStack.has(key)) continue;
      unstored = true;
      unstoredKey = key;
      unstoredOnStack.add(key);
    }
    explored++;
    stack.push({ state: succ.state, unstoredKey, step, succs: null, next: 0 });
    if (stack.length - 1 > maxDepth) maxDepth = stack.length - 1;
    const bad = checkState(succ.state, () => pathOf());
    if (bad) return finish('violation', bad, 'violation', pathOf());
    if (options.onProgress && explored % progressEvery === 0) {
      options.onProgress({
        states: explored,
        transitions,
        depth: maxDepth,
        frontier: stack.length,
        seconds: (performance.now() - t0) / 1000,
        ...(unstored ? { stored: visited.size } : {}),
      });
    }
    if (explored >= maxStates) return finish('incomplete', null, 'state-limit', null);
  }
  const bound = checker.bound();
  if (bound) return finish('incomplete', null, 'bound', null, bound);
  return finish('ok', null, null, null);
}
