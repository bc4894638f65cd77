import type { PathStep } from './result.js';
import type { Semantics, StateView, StepInfo } from './semantics.js';

/** One step of a replayed trace with the state it led to (null for the violating step). */
export interface TraceStep {
  readonly step: StepInfo;
  readonly after: StateView | null;
  /** The property violated by this step, if any. */
  readonly violation?: string;
}

export interface Trace {
  readonly initial: StateView;
  readonly steps: readonly TraceStep[];
}

/** Thrown when a path does not replay (engine and semantics disagree). */
export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}

/** Replays a path from the initial state, rebuilding every intermediate state. */
export function replay<S>(sem: Semantics<S>, path: readonly PathStep[]): Trace {
  const init = sem.initial();
  if (init.kind === 'violation') {
    throw new ReplayError(`the initial state already violates ${init.property}; nothing to replay`);
  }
  let state = init.state;
  const steps: TraceStep[] = [];
  path.forEach((p, i) => {
    const succ = sem.successors(state).find((s) => s.step.thread === p.thread && s.step.choice === p.choice);
    if (!succ) throw new ReplayError(`step ${i + 1}: thread ${p.thread} choice ${p.choice} is not enabled`);
    if (succ.kind === 'violation') {
      if (i !== path.length - 1)
        throw new ReplayError(`step ${i + 1} violates ${succ.property} before the path ends`);
      steps.push({ step: succ.step, after: null, violation: succ.property });
      return;
    }
    state = succ.state;
    steps.push({ step: succ.step, after: sem.view(state) });
  });
  return { initial: sem.view(init.state), steps };
}

/** The state reached at the end of a path (which must not end in a violating step). */
export function stateAt<S>(sem: Semantics<S>, path: readonly PathStep[]): S {
  const init = sem.initial();
  if (init.kind === 'violation') throw new ReplayError('the initial state is a violation');
  let state = init.state;
  for (const p of path) {
    const succ = sem.successors(state).find((s) => s.step.thread === p.thread && s.step.choice === p.choice);
    if (succ?.kind !== 'state')
      throw new ReplayError(`thread ${p.thread} choice ${p.choice} does not replay`);
    state = succ.state;
  }
  return state;
}
