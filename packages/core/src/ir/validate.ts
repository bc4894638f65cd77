import { exprRegisters, usesOld } from './eval.js';
import { type Expr, type FinalExpr, type Instr, isShared, type Program } from './types.js';

/** A problem found in a program, with where it is. */
export interface IrProblem {
  readonly message: string;
  readonly thread: string;
  readonly pc: number;
  readonly line?: number;
  readonly col?: number;
}

/** Thrown by {@link assertValidProgram}; `message` is one line with the position. */
export class IrValidationError extends Error {
  readonly problems: readonly IrProblem[];
  constructor(problems: readonly IrProblem[]) {
    super(formatProblem(problems[0]!));
    this.name = 'IrValidationError';
    this.problems = problems;
  }
}

export function formatProblem(p: IrProblem): string {
  const at = p.line !== undefined ? `${p.line}:${p.col ?? 1}` : `${p.thread}@${p.pc}`;
  return `invalid program at ${at} (${p.thread}, instruction ${p.pc}): ${p.message}`;
}

function successorsOf(instr: Instr, pc: number): number[] {
  switch (instr.op) {
    case 'jump':
      return [instr.target];
    case 'branch':
      return instr.target === pc + 1 ? [pc + 1] : [pc + 1, instr.target];
    default:
      return [pc + 1];
  }
}

function exprsOf(instr: Instr): { expr: Expr; oldAllowed: boolean }[] {
  switch (instr.op) {
    case 'load':
      return [{ expr: instr.addr, oldAllowed: false }];
    case 'store':
      return [
        { expr: instr.addr, oldAllowed: false },
        { expr: instr.value, oldAllowed: false },
      ];
    case 'rmw': {
      const out = [
        { expr: instr.addr, oldAllowed: false },
        { expr: instr.value, oldAllowed: true },
      ];
      if (instr.guard) out.push({ expr: instr.guard, oldAllowed: true });
      return out;
    }
    case 'lock':
    case 'unlock':
      return [{ expr: instr.addr, oldAllowed: false }];
    case 'set':
      return [{ expr: instr.value, oldAllowed: false }];
    case 'branch':
    case 'assume':
    case 'assert':
      return [{ expr: instr.cond, oldAllowed: false }];
    default:
      return [];
  }
}

function writtenRegs(instr: Instr): number[] {
  switch (instr.op) {
    case 'load':
    case 'set':
      return [instr.dst];
    case 'rmw': {
      const out: number[] = [];
      if (instr.dst !== undefined) out.push(instr.dst);
      if (instr.ok !== undefined) out.push(instr.ok);
      return out;
    }
    default:
      return [];
  }
}

/** Checks a program; returns every problem found (empty when valid). */
export function validateProgram(program: Program): IrProblem[] {
  const problems: IrProblem[] = [];
  const nLoc = program.locations.length;
  if (program.threads.length === 0) {
    problems.push({ message: 'the program has no threads', thread: '-', pc: 0 });
  }
  const locNames = new Set<string>();
  for (const loc of program.locations) {
    if (locNames.has(loc.name))
      problems.push({ message: `duplicate location '${loc.name}'`, thread: '-', pc: 0 });
    locNames.add(loc.name);
    if (!Number.isInteger(loc.init)) {
      problems.push({
        message: `location '${loc.name}' has a non-integer initial value`,
        thread: '-',
        pc: 0,
      });
    }
  }
  const checkFinal = (e: FinalExpr, property: string): void => {
    const bad = (message: string) =>
      problems.push({ message: `final check '${property}': ${message}`, thread: '-', pc: 0 });
    switch (e.k) {
      case 'treg': {
        const t = program.threads[e.t];
        if (!t) bad(`unknown thread ${e.t}`);
        else if (e.r < 0 || e.r >= t.registers.length) bad(`unknown register ${e.r} of thread ${t.name}`);
        break;
      }
      case 'mem':
        if (e.addr < 1 || e.addr > nLoc) bad(`unknown location address ${e.addr}`);
        break;
      case 'bin':
        checkFinal(e.a, property);
        checkFinal(e.b, property);
        break;
      case 'un':
        checkFinal(e.a, property);
        break;
      case 'ite':
        checkFinal(e.c, property);
        checkFinal(e.t, property);
        checkFinal(e.e, property);
        break;
      default:
        break;
    }
  };
  for (const fc of program.finalChecks ?? []) checkFinal(fc.cond, fc.property);
  for (const thread of program.threads) {
    const n = thread.code.length;
    const nRegs = thread.registers.length;
    const at = (pc: number, message: string) => {
      const src = thread.code[pc]?.src;
      problems.push({
        message,
        thread: thread.name,
        pc,
        ...(src?.line !== undefined ? { line: src.line } : {}),
        ...(src?.col !== undefined ? { col: src.col } : {}),
      });
    };
    thread.code.forEach((instr, pc) => {
      for (const { expr, oldAllowed } of exprsOf(instr)) {
        for (const r of exprRegisters(expr)) {
          if (!Number.isInteger(r) || r < 0 || r >= nRegs)
            at(pc, `unknown register r${r} (thread has ${nRegs})`);
        }
        if (!oldAllowed && usesOld(expr)) at(pc, `'old' is only allowed inside an rmw value or guard`);
      }
      for (const r of writtenRegs(instr)) {
        if (!Number.isInteger(r) || r < 0 || r >= nRegs)
          at(pc, `unknown register r${r} (thread has ${nRegs})`);
      }
      if (isShared(instr) && 'addr' in instr && instr.addr.k === 'const') {
        const a = instr.addr.v;
        if (a < 1 || a > nLoc) at(pc, `unknown location address ${a} (program has ${nLoc} locations)`);
      }
      if (instr.op === 'branch' || instr.op === 'jump') {
        if (!Number.isInteger(instr.target) || instr.target < 0 || instr.target > n) {
          at(pc, `jump target ${instr.target} is outside the thread's code (0..${n})`);
        } else if (instr.target <= pc && !(instr.bound !== undefined && instr.bound >= 0)) {
          at(pc, `loop back edge to ${instr.target} has no bound (unbounded loop)`);
        }
        if (instr.op === 'branch' && instr.join !== undefined && (instr.join <= pc || instr.join > n)) {
          at(pc, `branch join ${instr.join} must lie after the branch and within the code`);
        }
      }
      if (instr.op === 'assert' && instr.property.trim() === '') at(pc, 'assertion without a property name');
    });
    // Registers used before set: forward must-be-defined analysis over the control flow.
    if (problems.length === 0 && n > 0) {
      const initDefined = new Set<number>();
      thread.registerInit?.forEach((_, r) => {
        initDefined.add(r);
      });
      const inSets: (Set<number> | null)[] = new Array(n + 1).fill(null);
      inSets[0] = initDefined;
      const work = [0];
      while (work.length > 0) {
        const pc = work.pop()!;
        if (pc >= n) continue;
        const cur = inSets[pc]!;
        const out = new Set(cur);
        for (const r of writtenRegs(thread.code[pc]!)) out.add(r);
        for (const s of successorsOf(thread.code[pc]!, pc)) {
          const prev = inSets[s];
          if (prev === null || prev === undefined) {
            inSets[s] = new Set(out);
            work.push(s);
          } else {
            let changed = false;
            for (const r of prev) {
              if (!out.has(r)) {
                prev.delete(r);
                changed = true;
              }
            }
            if (changed) work.push(s);
          }
        }
      }
      thread.code.forEach((instr, pc) => {
        const defined = inSets[pc];
        if (!defined) return; // unreachable code
        for (const { expr } of exprsOf(instr)) {
          for (const r of exprRegisters(expr)) {
            if (!defined.has(r)) at(pc, `register '${thread.registers[r] ?? r}' is used before it is set`);
          }
        }
      });
    }
  }
  return problems;
}

/** Throws an {@link IrValidationError} if the program is not valid. */
export function assertValidProgram(program: Program): void {
  const problems = validateProgram(program);
  if (problems.length > 0) throw new IrValidationError(problems);
}
