import type { StepInfo } from '../explore/semantics.js';
import type { Program } from '../ir/types.js';

/** How a trace names threads, locations and values (a tmigr layout, or a plain program). */
export interface TraceNaming {
  /** The thread's name, e.g. `CPU 0`. */
  threadName(thread: number): string;
  /** The location's name, e.g. `GRP1:0->parent`. */
  locationName(addr: number): string;
  /** A value stored at `addr`, decoded, e.g. `{active 0x1, migr GRP1:0}` or `GRP2:0` or `NULL`. */
  formatValue(addr: number, value: number): string;
}

/** Plain naming from the program itself: location names and decimal values. */
export function programNaming(program: Program): TraceNaming {
  return {
    threadName: (t) => program.threads[t]?.name ?? `T${t}`,
    locationName: (a) => program.locations[a - 1]?.name ?? (a === 0 ? 'NULL' : `@${a}`),
    formatValue: (_a, v) => String(v),
  };
}

const FENCES: Record<string, string> = {
  mb: 'smp_mb()',
  rmb: 'smp_rmb()',
  wmb: 'smp_wmb()',
  before_atomic: 'smp_mb__before_atomic()',
  after_atomic: 'smp_mb__after_atomic()',
  after_spinlock: 'smp_mb__after_spinlock()',
};

/** What the step did, without who: `cmpxchg GRP2:0->migr_state = {...}`, `reads X = v`. */
export function describeAccess(naming: TraceNaming, step: StepInfo): string {
  const instr = step.instr;
  if (!instr) return step.note ?? 'step';
  // A scheduling step that performs no access (LKMM: the thread waits at an rmw, lock or read).
  if (instr.op !== 'fence' && step.addr === undefined)
    return `waits at ${instr.op === 'rmw' ? 'its rmw' : instr.op === 'load' ? 'its read' : instr.op}`;
  const addr = step.addr ?? 0;
  const loc = naming.locationName(addr);
  const val = (v: number | undefined): string => (v === undefined ? '?' : naming.formatValue(addr, v));
  switch (instr.op) {
    case 'load':
      return `reads${instr.order === 'once' ? '' : ` (${instr.order})`} ${loc} = ${val(step.read)}`;
    case 'store':
      return `writes${instr.order === 'once' ? '' : ` (${instr.order})`} ${loc} = ${val(step.wrote)}`;
    case 'rmw': {
      const verb = instr.guard !== undefined ? 'cmpxchg' : 'atomic rmw';
      const order = instr.order === 'mb' ? '' : ` (${instr.order})`;
      if (step.wrote === undefined) return `${verb}${order} ${loc} fails, reads ${val(step.read)}`;
      return `${verb}${order} ${loc} = ${val(step.wrote)}`;
    }
    case 'fence':
      return FENCES[instr.kind] ?? `fence ${instr.kind}`;
    case 'lock':
      return `lock ${loc}`;
    case 'unlock':
      return `unlock ${loc}`;
  }
}

/**
 * One line for a step: `CPU 0 tmigr_active_up: cmpxchg GRP2:0->migr_state = {active 0x1, ...}`.
 * A stale read (LKMM) says whose store was not visible yet.
 */
export function describeStepLine(naming: TraceNaming, step: StepInfo): string {
  const who = naming.threadName(step.thread);
  const fn = step.instr?.src?.fn ? `${step.instr.src.fn}: ` : '';
  const note = step.instr && step.note ? `  [${step.note}]` : '';
  return `${who} ${fn}${describeAccess(naming, step)}${staleNote(naming, step)}${note}`;
}

/** ` (CPU 0's store of GRP2:0 is not yet visible to CPU 1)` for a stale read, else ``. */
export function staleNote(naming: TraceNaming, step: StepInfo): string {
  if (!step.stale) return '';
  const addr = step.addr ?? 0;
  const writer =
    step.stale.writer >= 0 ? `${naming.threadName(step.stale.writer)}'s store` : 'the latest store';
  return ` (${writer} of ${naming.formatValue(addr, step.stale.latest)} is not yet visible to ${naming.threadName(step.thread)})`;
}
