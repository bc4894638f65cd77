/**
 * The reduced transition relation of partial-order reduction (analysis/por.ts) over core's SC
 * and x86-TSO semantics: every successor of a state is followed by its thread's chain of pending
 * movers. The Wasm engine's `assembly/por.ts` implements the same relation; this module is its
 * reference (differential tests compare states and transitions) and expands the engine's
 * compound steps into real steps that `replay` checks.
 */
import type { PathStep } from '../explore/result.js';
import type { Semantics, StateView, Successor } from '../explore/semantics.js';
import { ST_RUNNING } from '../explore/thread.js';
import { isShared } from '../ir/types.js';
import type { ScSemantics, ScState } from '../models/sc.js';
import { TSO_EXECUTE, TSO_FLUSH, type TsoSemantics, type TsoState } from '../models/tso.js';
import { POR_ANY, POR_CHAIN_CAP, type PorInfo } from './por.js';

/** An SC or x86-TSO semantics (the models the reduction applies to). */
type Base<S> = Semantics<S>;

/** The pending mover of thread `t` in `state`: the step's choice, or -1. */
function pendingMover<S>(base: Base<S>, info: PorInfo, state: S, t: number): number {
  if (base.model === 'tso') {
    const buf = (state as unknown as TsoState).buffers[t]!;
    if (buf.length > 0) {
      const c = info.locationClass[buf[0]!.addr - 1];
      if (c === t || c === POR_ANY) return TSO_FLUSH;
    }
  }
  const th = base.view(state).threads[t]!;
  if (th.status !== ST_RUNNING || !info.moverPc[t]![th.pc]) return -1;
  const ins = base.program.threads[t]!.code[th.pc]!;
  if (!isShared(ins)) return -1;
  if (base.model === 'tso') {
    const drains = ins.op === 'rmw' || ins.op === 'lock' || (ins.op === 'fence' && ins.kind === 'mb');
    if (drains && (state as unknown as TsoState).buffers[t]!.length > 0) return -1;
  }
  return TSO_EXECUTE;
}

function stepOf<S>(base: Base<S>, state: S, t: number, choice: number): Successor<S> | null {
  if (base.model === 'tso') {
    const tso = base as unknown as TsoSemantics;
    const s = state as unknown as TsoState;
    return (choice === TSO_FLUSH ? tso.flush(s, t) : tso.execute(s, t)) as Successor<S> | null;
  }
  return (base as unknown as ScSemantics).stepThread(state as unknown as ScState, t) as Successor<S> | null;
}

/**
 * Runs thread `t`'s chain of pending movers from `start` (a successor `t` produced). Calls
 * `visit` with every real step taken. Returns the chain's end: a state, or a violation.
 */
export function porChain<S>(
  base: Base<S>,
  info: PorInfo,
  start: S,
  t: number,
  visit?: (succ: Successor<S>) => void,
): { kind: 'state'; state: S } | { kind: 'violation'; property: string } {
  let state = start;
  for (let n = 0; n < POR_CHAIN_CAP; n++) {
    const choice = pendingMover(base, info, state, t);
    if (choice < 0) break;
    const succ = stepOf(base, state, t, choice);
    if (succ === null) break; // pruned by an assume (or blocked): the thread is stuck here
    visit?.(succ);
    if (succ.kind === 'violation') return { kind: 'violation', property: succ.property };
    state = succ.state;
  }
  return { kind: 'state', state };
}

/** A semantics whose successors are the reduced ones (each step followed by its chain). */
export class PorSemantics<S> implements Semantics<S> {
  readonly model;
  readonly program;
  constructor(
    readonly base: Semantics<S>,
    readonly info: PorInfo,
  ) {
    if (base.model !== 'sc' && base.model !== 'tso')
      throw new Error('partial-order reduction applies to SC and TSO');
    this.model = base.model;
    this.program = base.program;
  }
  initial(): Successor<S> {
    return this.base.initial();
  }
  successors(state: S): Successor<S>[] {
    return this.base.successors(state).map((succ) => {
      if (succ.kind !== 'state') return succ;
      const end = porChain(this.base, this.info, succ.state, succ.step.thread);
      return end.kind === 'state'
        ? { kind: 'state', state: end.state, step: succ.step }
        : { kind: 'violation', property: end.property, step: succ.step };
    });
  }
  key(state: S): string {
    return this.base.key(state);
  }
  view(state: S): StateView {
    return this.base.view(state);
  }
  isFinal(state: S): boolean {
    return this.base.isFinal(state);
  }
}

/**
 * Expands a path of the reduced search (each step followed by its chain) into the real steps of
 * `base`, which `replay(base, ...)` checks. Throws when a step does not replay.
 */
export function expandPorPath<S>(base: Semantics<S>, info: PorInfo, path: readonly PathStep[]): PathStep[] {
  const init = base.initial();
  if (init.kind === 'violation') return [...path];
  let state = init.state;
  const out: PathStep[] = [];
  for (const [i, p] of path.entries()) {
    const succ = stepOf(base, state, p.thread, p.choice);
    if (succ === null)
      throw new Error(`step ${i + 1} (thread ${p.thread}, choice ${p.choice}) is not enabled`);
    out.push({ thread: p.thread, choice: p.choice });
    if (succ.kind === 'violation') break;
    const end = porChain(base, info, succ.state, p.thread, (s) =>
      out.push({ thread: s.step.thread, choice: s.step.choice }),
    );
    if (end.kind === 'violation') break;
    state = end.state;
  }
  return out;
}
