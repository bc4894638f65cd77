/**
 * A small builder for litmus-shaped IR programs, used by the memory-model tests: declare
 * locations, write each thread with a ThreadBuilder, then ask for herd's verdict on a final
 * condition under a model.
 */
import { semanticsFor } from '../../check.js';
import type { ModelName, StateView } from '../../explore/semantics.js';
import { ProgramBuilder, type ThreadBuilder } from '../../ir/builder.js';
import type { Program } from '../../ir/types.js';
import type { LkEvent } from './events.js';
import { conditionVerdict, type HerdVerdict } from './outcomes.js';

/** Location addresses by name, and a register allocator per thread. */
export interface ThreadCtx {
  readonly t: ThreadBuilder;
  /** Address of a location. */
  readonly L: Readonly<Record<string, number>>;
  /** Index of a register of this thread (declared on first use). */
  readonly r: (name: string) => number;
}

/** A built litmus program plus name-based access to final values. */
export interface LitmusProgram {
  readonly program: Program;
  reg(view: StateView, thread: number, name: string): number;
  mem(view: StateView, name: string): number;
}

/** Builds a program with locations `locs` (name or [name, init]) and one body per thread. */
export function litmus(
  name: string,
  locs: readonly (string | readonly [string, number])[],
  bodies: readonly ((c: ThreadCtx) => void)[],
): LitmusProgram {
  const b = new ProgramBuilder(name);
  const L: Record<string, number> = {};
  for (const l of locs) {
    const [n, init] = typeof l === 'string' ? [l, 0] : l;
    L[n] = b.location(n, init);
  }
  bodies.forEach((body, i) => {
    const t = b.thread(`P${i}`);
    body({ t, L, r: (n) => t.reg(n) });
  });
  const program = b.build();
  return {
    program,
    reg: (view, thread, n) => {
      const idx = program.threads[thread]!.registers.indexOf(n);
      if (idx < 0) throw new Error(`P${thread} has no register ${n}`);
      return view.threads[thread]!.regs[idx]!;
    },
    mem: (view, n) => view.value(L[n]!),
  };
}

/** herd's verdict word, with DEADLOCK for "no final state at all". */
export function verdictOf(
  lp: LitmusProgram,
  model: ModelName,
  cond: (view: StateView, lp: LitmusProgram) => boolean,
): HerdVerdict | 'DEADLOCK' {
  const r = conditionVerdict(semanticsFor(lp.program, model), (v) => cond(v, lp));
  if (r.result.verdict !== 'ok')
    throw new Error(`search did not complete: ${r.result.verdict} ${r.result.reason}`);
  return r.pos === 0 && r.neg === 0 ? 'DEADLOCK' : r.verdict;
}

/** Shorthand: verdicts under [sc, tso, lkmm]. */
export function verdicts(
  lp: LitmusProgram,
  cond: (view: StateView, lp: LitmusProgram) => boolean,
): [HerdVerdict | 'DEADLOCK', HerdVerdict | 'DEADLOCK', HerdVerdict | 'DEADLOCK'] {
  return [verdictOf(lp, 'sc', cond), verdictOf(lp, 'tso', cond), verdictOf(lp, 'lkmm', cond)];
}

/** An event for hand-built graphs: `kind`, `flags` and `loc` given, the rest empty (no rf, no dependencies). */
export function event(e: Pick<LkEvent, 'kind' | 'flags' | 'loc'> & Partial<LkEvent>): LkEvent {
  return { val: 0, rf: -1, rmw: -1, addr: [], data: [], ctrl: [], pc: 0, ...e };
}
