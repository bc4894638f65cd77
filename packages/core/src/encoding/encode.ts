import { POR_ANY as POR_ANY_CLASS, POR_SHARED as POR_SHARED_CLASS, type PorInfo } from '../analysis/por.js';
import type {
  BinOp,
  Expr,
  FenceKind,
  FinalExpr,
  Instr,
  LoadOrder,
  Program,
  RmwOrder,
  StoreOrder,
  UnOp,
} from '../ir/types.js';
import { assertValidProgram } from '../ir/validate.js';
import * as K from './opcodes.js';
import { encodeTmigrSection, type TmigrInvariantSpec } from './tmigr.js';

export type { TmigrInvariantSpec };

/** Options of {@link encodeProgram}. */
export interface EncodeOptions {
  /**
   * A tmigr program's layout and checked properties: the quiescence test and the enabled
   * hierarchy invariants go into the program's tmigr section (H_TMIGR); their names are
   * appended to the property table.
   */
  readonly tmigr?: TmigrInvariantSpec;
  /**
   * x86-TSO: per thread, a static bound on its store buffer (models/tso.ts `storeBufferBound`).
   * Present, the engine runs the program under x86-TSO (H_BUFCAPS); absent, under SC.
   */
  readonly storeBuffers?: readonly number[];
  /**
   * Partial-order reduction (analysis/por.ts `analyzePor` of this program): its location classes
   * and mover pcs go into the POR section (H_POR), and the engine's SC/TSO search merges movers
   * into the preceding step. Absent: no reduction.
   */
  readonly por?: PorInfo;
}

/** A program encoded for an engine, plus the tables needed to decode its results. */
export interface EncodedProgram {
  readonly words: Int32Array;
  /** Property names; an assert's property index points here. */
  readonly properties: readonly string[];
  /** Per thread, per instruction: the loop slot of a back edge, or -1. */
  readonly loopSlots: readonly (readonly number[])[];
  /** Per thread, per instruction: the loop slots a taken branch/jump there leaves ({@link computeLoopExits}). */
  readonly loopExits: readonly (readonly (readonly number[])[])[];
}

const BIN: Record<BinOp, number> = {
  add: K.BIN_ADD,
  sub: K.BIN_SUB,
  mul: K.BIN_MUL,
  and: K.BIN_AND,
  or: K.BIN_OR,
  xor: K.BIN_XOR,
  shl: K.BIN_SHL,
  shr: K.BIN_SHR,
  eq: K.BIN_EQ,
  ne: K.BIN_NE,
  lt: K.BIN_LT,
  le: K.BIN_LE,
  gt: K.BIN_GT,
  ge: K.BIN_GE,
  land: K.BIN_LAND,
  lor: K.BIN_LOR,
};
const UN: Record<UnOp, number> = { not: K.UN_NOT, bnot: K.UN_BNOT, neg: K.UN_NEG };
const ORDER: Record<LoadOrder | StoreOrder | RmwOrder, number> = {
  once: K.ORD_ONCE,
  acquire: K.ORD_ACQUIRE,
  release: K.ORD_RELEASE,
  mb: K.ORD_MB,
  relaxed: K.ORD_RELAXED,
  noreturn: K.ORD_NORETURN,
};
const FENCE: Record<FenceKind, number> = {
  mb: K.F_MB,
  rmb: K.F_RMB,
  wmb: K.F_WMB,
  before_atomic: K.F_BEFORE_ATOMIC,
  after_atomic: K.F_AFTER_ATOMIC,
  after_spinlock: K.F_AFTER_SPINLOCK,
};

/** Assigns loop-counter slots to the back edges of each thread. */
export function computeLoopSlots(program: Program): number[][] {
  return program.threads.map((t) => {
    let next = 0;
    return t.code.map((instr, pc) =>
      (instr.op === 'branch' || instr.op === 'jump') && instr.target <= pc ? next++ : -1,
    );
  });
}

const NO_EXITS: readonly number[] = Object.freeze([]);

/**
 * Loop bounds count the iterations of ONE execution of a loop. The loop of back edge
 * `src -> target` (slot `computeLoopSlots()[t][src]`) spans the pcs `[target, src]`; its counter
 * is reset to 0 whenever control leaves that range: when the back edge at `src` is not taken
 * (fall-through to `src + 1`, the only way sequential code leaves the range), and when a taken
 * branch or jump at a pc inside the range goes to a pc outside it. So a counter is 0 whenever
 * the thread's pc is outside its loop, and a loop entered anew (a nested loop in the next outer
 * iteration, or the same code reached again later) gets its whole bound.
 *
 * Returns, per thread and per instruction, the slots that a taken branch or jump at that pc
 * leaves (those whose range holds the pc but not the target), each list in ascending slot order;
 * empty for every other instruction. Every model (SC, TSO, LKMM, TS and Wasm) resets exactly
 * these on a taken branch, and the slot of the back edge itself when it falls through.
 */
export function computeLoopExits(
  program: Program,
  slots: readonly (readonly number[])[] = computeLoopSlots(program),
): (readonly number[])[][] {
  return program.threads.map((t, ti) => {
    const threadSlots = slots[ti]!;
    const loops: { slot: number; from: number; to: number }[] = [];
    t.code.forEach((instr, pc) => {
      const slot = threadSlots[pc]!;
      if (slot >= 0 && (instr.op === 'branch' || instr.op === 'jump')) {
        loops.push({ slot, from: instr.target, to: pc });
      }
    });
    return t.code.map((instr, pc) => {
      if (loops.length === 0 || (instr.op !== 'branch' && instr.op !== 'jump')) return NO_EXITS;
      const target = instr.target;
      const left = loops
        .filter((l) => l.from <= pc && pc <= l.to && (target < l.from || target > l.to))
        .map((l) => l.slot);
      return left.length === 0 ? NO_EXITS : left;
    });
  });
}

/** Encodes a validated program into the flat word format of `opcodes.ts`. */
export function encodeProgram(program: Program, options: EncodeOptions = {}): EncodedProgram {
  assertValidProgram(program);
  const words: number[] = new Array(K.H_SIZE).fill(0);
  const exprPool: number[] = [];
  const properties: string[] = [];
  const loopSlots = computeLoopSlots(program);
  const loopExits = computeLoopExits(program, loopSlots);

  const emitExpr = (e: Expr | FinalExpr | undefined): number => {
    if (e === undefined) return -1;
    const start = exprPool.length;
    const walk = (x: Expr | FinalExpr): void => {
      switch (x.k) {
        case 'treg':
          exprPool.push(K.X_TREG, (x.t << 16) | x.r);
          break;
        case 'mem':
          exprPool.push(K.X_MEM, x.addr);
          break;
        case 'const':
          exprPool.push(K.X_CONST, x.v | 0);
          break;
        case 'reg':
          exprPool.push(K.X_REG, x.r);
          break;
        case 'old':
          exprPool.push(K.X_OLD, 0);
          break;
        case 'bin':
          walk(x.a);
          walk(x.b);
          exprPool.push(K.X_BIN, BIN[x.op]);
          break;
        case 'un':
          walk(x.a);
          exprPool.push(K.X_UN, UN[x.op]);
          break;
        case 'ite':
          walk(x.c);
          walk(x.t);
          walk(x.e);
          exprPool.push(K.X_ITE, 0);
          break;
      }
    };
    walk(e);
    exprPool.push(K.X_END, 0);
    return start;
  };
  const propertyIndex = (name: string): number => {
    const i = properties.indexOf(name);
    if (i >= 0) return i;
    properties.push(name);
    return properties.length - 1;
  };
  /** `exits`: [word offset of the instruction's exit list, its length] ({@link computeLoopExits}). */
  const encodeInstr = (instr: Instr, slot: number, exits: readonly [number, number]): number[] => {
    const w = new Array<number>(K.INSTR_WORDS).fill(-1);
    switch (instr.op) {
      case 'load':
        w.splice(0, 4, K.OP_LOAD, instr.dst, emitExpr(instr.addr), ORDER[instr.order]);
        break;
      case 'store':
        w.splice(0, 4, K.OP_STORE, emitExpr(instr.addr), emitExpr(instr.value), ORDER[instr.order]);
        break;
      case 'rmw':
        w.splice(
          0,
          7,
          K.OP_RMW,
          emitExpr(instr.addr),
          emitExpr(instr.value),
          emitExpr(instr.guard),
          instr.dst ?? -1,
          instr.ok ?? -1,
          ORDER[instr.order],
        );
        break;
      case 'fence':
        w.splice(0, 2, K.OP_FENCE, FENCE[instr.kind]);
        break;
      case 'lock':
        w.splice(0, 2, K.OP_LOCK, emitExpr(instr.addr));
        break;
      case 'unlock':
        w.splice(0, 2, K.OP_UNLOCK, emitExpr(instr.addr));
        break;
      case 'set':
        w.splice(0, 3, K.OP_SET, instr.dst, emitExpr(instr.value));
        break;
      case 'branch':
        w.splice(
          0,
          8,
          K.OP_BRANCH,
          emitExpr(instr.cond),
          instr.target,
          instr.join ?? -1,
          slot,
          instr.bound ?? -1,
          exits[0],
          exits[1],
        );
        break;
      case 'jump':
        w.splice(0, 6, K.OP_JUMP, instr.target, slot, instr.bound ?? -1, exits[0], exits[1]);
        break;
      case 'assume':
        w.splice(0, 2, K.OP_ASSUME, emitExpr(instr.cond));
        break;
      case 'assert':
        w.splice(0, 3, K.OP_ASSERT, emitExpr(instr.cond), propertyIndex(instr.property));
        break;
    }
    return w;
  };

  words[K.H_MAGIC] = K.ENCODING_MAGIC;
  words[K.H_VERSION] = K.ENCODING_VERSION;
  words[K.H_NLOC] = program.locations.length;
  words[K.H_NTHREADS] = program.threads.length;
  words[K.H_LOCINIT] = words.length;
  for (const loc of program.locations) words.push(loc.init | 0);
  const threadTable = words.length;
  words[K.H_THREADS] = threadTable;
  for (let i = 0; i < program.threads.length * K.THREAD_REC; i++) words.push(0);
  program.threads.forEach((t, ti) => {
    const rec = threadTable + ti * K.THREAD_REC;
    words[rec + K.T_NREGS] = t.registers.length;
    words[rec + K.T_REGINIT] = words.length;
    t.registers.forEach((_, r) => {
      words.push((t.registerInit?.[r] ?? 0) | 0);
    });
    const slots = loopSlots[ti]!;
    const exits = loopExits[ti]!;
    // The exit lists follow the thread's code: code at `codeAt`, then the lists.
    const codeAt = words.length;
    let exitAt = codeAt + t.code.length * K.INSTR_WORDS;
    const exitWords: number[] = [];
    const code: number[] = [];
    t.code.forEach((instr, pc) => {
      const list = exits[pc]!;
      code.push(...encodeInstr(instr, slots[pc]!, [list.length > 0 ? exitAt : -1, list.length]));
      exitWords.push(...list);
      exitAt += list.length;
    });
    words[rec + K.T_CODE] = codeAt;
    words[rec + K.T_NINSTR] = t.code.length;
    words[rec + K.T_NLOOPS] = slots.filter((s) => s >= 0).length;
    words.push(...code, ...exitWords);
  });
  const finals = program.finalChecks ?? [];
  words[K.H_FINALS] = words.length;
  words.push(finals.length);
  for (const fc of finals) words.push(propertyIndex(fc.property), emitExpr(fc.cond));
  if (options.storeBuffers) {
    if (options.storeBuffers.length !== program.threads.length)
      throw new Error('internal: one store-buffer bound per thread');
    words[K.H_BUFCAPS] = words.length;
    words.push(...options.storeBuffers);
  }
  if (options.por) words[K.H_POR] = encodePorSection(options.por, program, words);
  if (options.tmigr) words[K.H_TMIGR] = encodeTmigrSection(options.tmigr, program, words, propertyIndex);
  words[K.H_EXPRS] = words.length;
  words.push(...exprPool);
  return { words: Int32Array.from(words), properties, loopSlots, loopExits };
}

/** Appends the partial-order reduction section (opcodes.ts `POR_*`) and returns its offset. */
function encodePorSection(por: PorInfo, program: Program, words: number[]): number {
  if (
    por.locationClass.length !== program.locations.length ||
    por.moverPc.length !== program.threads.length ||
    por.moverPc.some((f, t) => f.length !== program.threads[t]!.code.length) ||
    K.POR_CLASS_ANY !== POR_ANY_CLASS ||
    K.POR_CLASS_SHARED !== POR_SHARED_CLASS
  )
    throw new Error('internal: the partial-order analysis does not describe the program');
  const sec = words.length;
  words.push(0, ...program.threads.map(() => 0));
  words[sec + K.POR_LOCS] = words.length;
  words.push(...por.locationClass);
  por.moverPc.forEach((flags, t) => {
    words[sec + K.POR_THREADS + t] = words.length;
    words.push(...flags);
  });
  return sec;
}
