/**
 * The thread-local interpreter of the LKMM explorer: like `explore/thread.ts`'s `runLocal`,
 * but every register also carries
 * - its dependency set: the po indices of the thread's own reads its value was computed from
 *   (herd's register-based addr/data dependencies), and
 * - an "unknown" mark when it depends on a read that is still unresolved (a deferred read,
 *   see `semantics.ts`).
 * Branch conditions with a non-empty dependency set open a control-dependency scope that
 * reaches the instructions in `[pc+1, join)` only (`BranchInstr.join`; a branch without
 * `join` gives no ctrl dependency). A forward branch whose condition is unknown waits until
 * the explorer guesses its direction ({@link BranchGuess}); the guess is checked when the
 * read gets its value (a wrong guess prunes the state).
 */

import type { ThreadLoopExits } from '../../encoding/encode.js';
import {
  type LocalOutcome,
  resetLoops,
  ST_BOUND,
  ST_DONE,
  ST_RUNNING,
  type ThreadState,
} from '../../explore/thread.js';
import { evalExpr, exprRegisters } from '../../ir/eval.js';
import { type Expr, type Instr, isShared, type Thread } from '../../ir/types.js';

/** A live control-dependency scope: instructions strictly between `from` and `join`. */
export interface CtrlScope {
  readonly from: number;
  readonly join: number;
  readonly deps: readonly number[];
}

/**
 * A guessed direction of a branch whose condition depended on an unresolved read: taken at
 * instruction `pc` when the thread had `at` events. Checked when the read gets its value.
 */
export interface BranchGuess {
  readonly pc: number;
  readonly at: number;
  readonly taken: boolean;
}

/** A thread's local state under LKMM. */
export interface LkThreadState extends ThreadState {
  /** Guessed branch directions (see {@link BranchGuess}). */
  guesses: readonly BranchGuess[];
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
    guesses: [],
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
    guesses: t.guesses,
  };
}

/** The ctrl dependency set of an event created at `pc`. */
export function ctrlDepsAt(t: LkThreadState, pc: number): readonly number[] {
  let out = NO_DEPS;
  for (const s of t.scopes) if (s.from < pc && pc < s.join) out = unionDeps(out, s.deps);
  return out;
}

function findGuess(t: LkThreadState, pc: number, at: number): BranchGuess | undefined {
  for (const g of t.guesses) if (g.pc === pc && g.at === at) return g;
  return undefined;
}

/**
 * Whether the thread waits at a forward branch whose condition depends on an unresolved read
 * and whose direction may be guessed (lkmm.md §8.3: events after it are added early).
 */
export function needsGuess(code: readonly Instr[], t: LkThreadState, use: RegisterUse): boolean {
  if (t.status !== ST_RUNNING || t.pc >= code.length) return false;
  const instr = code[t.pc]!;
  return instr.op === 'branch' && instr.target > t.pc && use.unknown(instr.cond, t);
}

function pruneScopes(t: LkThreadState): void {
  if (t.scopes.length === 0) return;
  t.scopes = t.scopes.filter((s) => s.from < t.pc && t.pc < s.join);
}

/**
 * Runs local instructions from `t.pc` until the next shared access, the end of the thread,
 * or a local instruction whose condition depends on an unresolved read (the thread then
 * waits at it). Mutates `t`.
 */
export function runLocalLk(
  thread: Thread,
  slots: readonly number[],
  exits: ThreadLoopExits,
  t: LkThreadState,
  use: RegisterUse,
  evCount: number,
): LocalOutcome {
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
        if (evalExpr(instr.cond, t.regs) === 0)
          return { kind: 'violation', property: instr.property, pc: t.pc };
        t.pc++;
        break;
      case 'branch':
      case 'jump': {
        const guess = instr.op === 'branch' ? findGuess(t, t.pc, evCount) : undefined;
        let taken: boolean;
        if (instr.op === 'branch' && use.unknown(instr.cond, t)) {
          if (!guess) return OK; // wait for the read, or for a guess of the direction
          taken = guess.taken;
        } else {
          taken = instr.op === 'jump' || evalExpr(instr.cond, t.regs) !== 0;
          if (guess && guess.taken !== taken) return PRUNED; // the guess was wrong
        }
        if (instr.op === 'branch' && instr.join !== undefined && instr.join > t.pc) {
          const deps = use.deps(instr.cond, t);
          if (deps.length > 0) t.scopes = [...t.scopes, { from: t.pc, join: instr.join, deps }];
        }
        const slot = slots[t.pc]!;
        if (!taken) {
          resetLoops(t.loops, exits.fallThrough[t.pc]!); // the loops that end here
          t.pc++;
          pruneScopes(t);
          break;
        }
        if (slot >= 0) {
          if (t.loops[slot]! >= (instr.bound ?? 0)) {
            t.status = ST_BOUND;
            break;
          }
          t.loops[slot] = t.loops[slot]! + 1;
        }
        resetLoops(t.loops, exits.taken[t.pc]!);
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
