import type { Program, SharedInstr } from '../ir/types.js';
import type { StepInfo } from './semantics.js';
import type { Trace } from './trace.js';

function locName(program: Program, addr: number | undefined): string {
  if (addr === undefined) return '?';
  return program.locations[addr - 1]?.name ?? (addr === 0 ? 'NULL' : `@${addr}`);
}

function describeAccess(program: Program, instr: SharedInstr, step: StepInfo): string {
  // A scheduling step that performs no access (LKMM: the thread waits at an rmw, lock or read).
  if (instr.op !== 'fence' && step.addr === undefined) return `waits at its ${instr.op}`;
  const loc = locName(program, step.addr);
  switch (instr.op) {
    case 'load':
      return `load ${loc} (${instr.order}) = ${step.read}`;
    case 'store':
      return `store ${loc} := ${step.wrote} (${instr.order})`;
    case 'rmw':
      return step.wrote !== undefined
        ? `rmw ${loc}: read ${step.read}, wrote ${step.wrote} (${instr.order})`
        : `rmw ${loc}: read ${step.read}, failed, no write`;
    case 'fence':
      return `fence ${instr.kind}`;
    case 'lock':
      return `lock ${loc}`;
    case 'unlock':
      return `unlock ${loc}`;
  }
}

/** A one-line description of a step: who, where, what. */
export function describeStep(program: Program, step: StepInfo): string {
  const thread = program.threads[step.thread]?.name ?? `T${step.thread}`;
  const where = step.instr?.src?.fn ? `${step.instr.src.fn}: ` : '';
  const what = step.instr ? describeAccess(program, step.instr, step) : (step.note ?? 'step');
  const text = step.instr?.src?.text ? `  [${step.instr.src.text}]` : '';
  const stale = step.stale
    ? `  (stale: the latest write is ${step.stale.latest} by ${program.threads[step.stale.writer]?.name ?? step.stale.writer}, not yet visible)`
    : '';
  const note = step.instr && step.note ? `  ${step.note}` : '';
  return `${thread} ${where}${what}${text}${stale}${note}`;
}

/** Renders a trace as numbered lines, one per step, plus the memory at the end. */
export function formatTrace(program: Program, trace: Trace): string {
  const lines: string[] = [];
  trace.steps.forEach((s, i) => {
    const mark = s.violation ? `  <-- violates ${s.violation}` : '';
    lines.push(`${String(i + 1).padStart(3)}. ${describeStep(program, s.step)}${mark}`);
  });
  const lastView = [...trace.steps].reverse().find((s) => s.after)?.after ?? trace.initial;
  const mem = program.locations.map((l, i) => `${l.name}=${lastView.value(i + 1)}`).join(' ');
  lines.push(`     memory: ${mem}`);
  return lines.join('\n');
}
