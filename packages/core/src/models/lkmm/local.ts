/**
 * The thread-local interpreter of the LKMM explorer: like `explore/thread.ts`'s `runLocal`,
 * but every register also carries
 * - its dependency set: the po indices of the thread's own reads its value was computed from
 *   (herd's register-based addr/data dependencies), and
 * - an "unknown" mark when it depends on a read that is still unresolved (a deferred read,
 *   see `semantics.ts`).
 * Branch conditions with a non-empty dependency set open a control-dependency scope that
 * reaches the instructions in `[pc+1, join)` only (`BranchInstr.join`; a branch without
 * `join` gives no ctrl dependency).
 */
import { evalExpr, exprRegisters } from '../../ir/eval.js';
import { isShared, type Expr, type Instr, type Thread } from '../../ir/types.js';
import { ST_BOUND, ST_DONE, ST_RUNNING, type LocalOutcome, type ThreadState } from '../../explore/thread.js';

/** A live control-dependency scope: instructions strictly between `from` and `join`. */
export interface CtrlScope {
  readonly from: number;
  readonly join: number;
  readonly deps: readonly number[];
}

/** A thread's local state under LKMM. */
export interface LkThreadState extends ThreadState {
  /** 1 where the register depends on an unresolved read. */
  unknown: Uint8Array;
  /** Per register: po indices (sorted) of the thread's reads its value depends on. */
  deps: (readonly number[])[];
  scopes: CtrlScope[];
}

const NO_DEPS: readonly number[] = [];
const OK: LocalOutcome = { kind: 'ok' };
const PRUNED: LocalOutcome = { kind: 'pruned' };

/** Sorted union of two sorted index lists. */
export function unionDeps(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0) return b;
  if (b.length === 0 || a === b) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Number.POSITIVE_INFINITY;
    const y = j < b.length ? b[j]! : Number.POSITIVE_INFINITY;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** Registers read by each expression operand of each instruction, precomputed per thread. */
export class RegisterUse {
  private readonly cache = new Map<Expr, readonly number[]>();

  regs(e: Expr | undefined): readonly number[] {
    if (e === undefined) return NO_DEPS;
    let r = this.cache.get(e);
    if (!r) {
      r = [...exprRegisters(e)].sort((a, b) => a - b);
      this.cache.set(e, r);
    }
    return r;
  }

  /** The dependency set of an expression's value. */
  deps(e: Expr | undefined, t: LkThreadState): readonly number[] {
    let out = NO_DEPS;
    for (const r of this.regs(e)) out = unionDeps(out, t.deps[r] ?? NO_DEPS);
    return out;
  }

  /** Whether the expression's value depends on an unresolved read. */
  unknown(e: Expr | undefined, t: LkThreadState): boolean {
    for (const r of this.regs(e)) if (t.unknown[r]) return true;
    return false;
  }
}

export function initialLkThreadState(thread: Thread, loopCount: number): LkThreadState {
  const regs = new Int32Array(thread.registers.length);
  thread.registerInit?.forEach((v, i) => {
    regs[i] = v | 0;
  });
  return {
    pc: 0,
    status: ST_RUNNING,
    regs,
    loops: new Int32Array(loopCount),
    unknown: new Uint8Array(thread.registers.length),
    deps: thread.registers.map(() => NO_DEPS),
    scopes: [],
  };
}

export function cloneLkThreadState(t: LkThreadState): LkThreadState {
  return {
    pc: t.pc,
    status: t.status,
    regs: t.regs.slice(),
    loops: t.loops.slice(),
    unknown: t.unknown.slice(),
    deps: t.deps.slice(),
    scopes: t.scopes.slice(),
  };
}

/** The ctrl dependency set of an event created at `pc`. */
export function ctrlDepsAt(t: LkThreadState, pc: number): readonly number[] {
  let out = NO_DEPS;
  for (const s of t.scopes) if (s.from < pc && pc < s.join) out = unionDeps(out, s.deps);
  return out;
}

function pruneScopes(t: LkThreadState): void {
  if (t.scopes.length === 0) return;
  t.scopes = t.scopes.filter((s) => s.from < t.pc && t.pc < s.join);
}

/**
 * Whether the structured `if` at `pc` can be stepped over while its condition is unknown:
 * its region `(pc, join)` holds only local assignments and forward jumps inside the region.
 * Returns the registers the region assigns, or null.
 */
function skippableRegion(code: readonly Instr[], pc: number): number[] | null {
  const br = code[pc]!;
  if (br.op !== 'branch' || br.join === undefined || br.join <= pc) return null;
  const join = br.join;
  if (br.target <= pc || br.target > join) return null;
  const assigned: number[] = [];
  for (let q = pc + 1; q < join; q++) {
    const ins = code[q]!;
    if (ins.op === 'set') assigned.push(ins.dst);
    else if (ins.op === 'branch' || ins.op === 'jump') {
      if (ins.target <= q || ins.target > join) return null;
    } else return null;
  }
  return assigned;
}

/**
 * Runs local instructions from `t.pc` until the next shared access, the end of the thread,
 * or a local instruction whose condition depends on an unresolved read (the thread then
 * waits at it). Mutates `t`.
 */
export function runLocalLk(thread: Thread, slots: readonly number[], t: LkThreadState, use: RegisterUse): LocalOutcome {
  const code = thread.code;
  while (t.status === ST_RUNNING) {
    if (t.pc >= code.length) {
      t.status = ST_DONE;
      break;
    }
    const instr = code[t.pc]!;
    if (isShared(instr)) break;
    switch (instr.op) {
      case 'set':
        t.regs[instr.dst] = evalExpr(instr.value, t.regs);
        t.deps[instr.dst] = use.deps(instr.value, t);
        t.unknown[instr.dst] = use.unknown(instr.value, t) ? 1 : 0;
        t.pc++;
        break;
      case 'assume':
        if (use.unknown(instr.cond, t)) return OK;
        if (evalExpr(instr.cond, t.regs) === 0) return PRUNED;
        t.pc++;
        break;
      case 'assert':
        if (use.unknown(instr.cond, t)) return OK;
        if (evalExpr(instr.cond, t.regs) === 0) return { kind: 'violation', property: instr.property, pc: t.pc };
        t.pc++;
        break;
      case 'branch':
      case 'jump': {
        if (instr.op === 'branch' && use.unknown(instr.cond, t)) {
          const assigned = skippableRegion(code, t.pc);
          if (!assigned) return OK; // wait for the read to be resolved
          for (const r of assigned) t.unknown[r] = 1;
          t.pc = instr.join!;
          pruneScopes(t);
          break;
        }
        if (instr.op === 'branch' && instr.join !== undefined && instr.join > t.pc) {
          const deps = use.deps(instr.cond, t);
          if (deps.length > 0) t.scopes = [...t.scopes, { from: t.pc, join: instr.join, deps }];
        }
        const taken = instr.op === 'jump' || evalExpr(instr.cond, t.regs) !== 0;
        if (!taken) {
          t.pc++;
          pruneScopes(t);
          break;
        }
        const slot = slots[t.pc]!;
        if (slot >= 0) {
          if (t.loops[slot]! >= (instr.bound ?? 0)) {
            t.status = ST_BOUND;
            break;
          }
          t.loops[slot] = t.loops[slot]! + 1;
        }
        t.pc = instr.target;
        pruneScopes(t);
        break;
      }
      default:
        break;
    }
  }
  return OK;
}
