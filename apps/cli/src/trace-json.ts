import {
  type CheckResult,
  describeStep,
  type Program,
  replay,
  semanticsFor,
  type Trace,
} from '@tmigr-check/core';

/** One step of a trace in the CLI's JSON output. */
export interface JsonStep {
  readonly index: number;
  readonly thread: string;
  readonly choice: number;
  readonly pc: number;
  readonly function: string | null;
  readonly source: string | null;
  readonly op: string | null;
  readonly location: string | null;
  readonly read: number | null;
  readonly wrote: number | null;
  readonly stale: { readonly latest: number; readonly writer: string } | null;
  readonly violation: string | null;
  readonly text: string;
}

/** Replays a result's path under the reference semantics. */
export function traceOf(program: Program, result: CheckResult): Trace | null {
  if (!result.path) return null;
  return replay(semanticsFor(program, result.model), result.path);
}

/** Converts a trace into JSON steps. */
export function jsonSteps(program: Program, trace: Trace): JsonStep[] {
  return trace.steps.map((s, i) => {
    const st = s.step;
    return {
      index: i + 1,
      thread: program.threads[st.thread]?.name ?? String(st.thread),
      choice: st.choice,
      pc: st.pc,
      function: st.instr?.src?.fn ?? null,
      source: st.instr?.src?.text ?? null,
      op: st.instr ? (st.instr.op === 'fence' ? `fence ${st.instr.kind}` : st.instr.op) : null,
      location: st.addr !== undefined ? (program.locations[st.addr - 1]?.name ?? null) : null,
      read: st.read ?? null,
      wrote: st.wrote ?? null,
      stale: st.stale
        ? {
            latest: st.stale.latest,
            writer: program.threads[st.stale.writer]?.name ?? String(st.stale.writer),
          }
        : null,
      violation: s.violation ?? null,
      text: describeStep(program, st),
    };
  });
}
