import { type BoundStop, type Program, replay, semanticsFor, type Trace } from '@tmigr-check/core';

/** Which loop stopped which thread, for a result with reason `bound` (JSON form). */
export interface BoundReport {
  readonly thread: string;
  readonly pc: number;
  /** The kernel (or litmus) function of the loop's back edge, when the front end named it. */
  readonly function: string | null;
  /** The source text of the back edge (the loop's condition or `goto`). */
  readonly source: string | null;
  /** How many times one execution of the loop may take its back edge. */
  readonly bound: number;
}

/** Describes the loop of a {@link BoundStop} (`threadName`: how traces name threads). */
export function boundReport(
  program: Program,
  stop: BoundStop,
  threadName: (thread: number) => string = (t) => program.threads[t]?.name ?? String(t),
): BoundReport {
  const instr = program.threads[stop.thread]?.code[stop.pc];
  const loop = instr?.op === 'branch' || instr?.op === 'jump' ? instr : undefined;
  return {
    thread: threadName(stop.thread),
    pc: stop.pc,
    function: loop?.src?.fn ?? null,
    source: loop?.src?.text ?? null,
    bound: loop?.bound ?? 0,
  };
}

/** The path to the state where the loop bound stopped the thread, replayed. */
export function boundTrace(
  program: Program,
  model: Parameters<typeof semanticsFor>[1],
  stop: BoundStop,
): Trace {
  return replay(semanticsFor(program, model), stop.path);
}

/** One line saying which loop ran out of its bound, and what to do about it. */
export function boundLine(r: BoundReport): string {
  const where = r.function ? `${r.function}: ` : '';
  const what = r.source ? `\`${r.source}\`` : `the back edge at pc ${r.pc}`;
  return `loop bound: ${r.thread} stopped at ${where}${what} (pc ${r.pc}), taken ${r.bound} time(s) in this execution of the loop; raise the bound if the loop may run longer, or read the path below to see whether it spins`;
}
