/**
 * IR v0: the program representation every front end produces and every engine explores.
 *
 * - Shared memory is a set of 32-bit cells ("locations"). The address of `locations[i]` is
 *   `i + 1`; address 0 is NULL. A pointer is simply an address stored in a cell or register.
 * - Each thread runs a flat list of instructions over its own 32-bit registers. Branch
 *   targets are instruction indices. A jump to an earlier or equal index is a loop back edge
 *   and must carry a `bound` (the number of times it may be taken).
 * - One shared access (load, store, rmw, fence, lock, unlock) is one step; local
 *   instructions between shared accesses run inside the step that precedes them.
 */

/** Binary operators over signed 32-bit integers. Comparisons and logic yield 0 or 1. */
export type BinOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'and'
  | 'or'
  | 'xor'
  | 'shl'
  | 'shr'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'land'
  | 'lor';

/** Unary operators: logical not, bitwise not, negation. */
export type UnOp = 'not' | 'bnot' | 'neg';

/** An expression over constants, registers and (inside an rmw only) the value read. */
export type Expr =
  | { readonly k: 'const'; readonly v: number }
  | { readonly k: 'reg'; readonly r: number }
  | { readonly k: 'old' }
  | { readonly k: 'bin'; readonly op: BinOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'un'; readonly op: UnOp; readonly a: Expr }
  | { readonly k: 'ite'; readonly c: Expr; readonly t: Expr; readonly e: Expr };

/**
 * Ordering annotation of a load (LKMM: READ_ONCE / smp_load_acquire; `plain`: a plain C read
 * `r = *x`, in none of the bell's Marked tags, so in LKMM's `Plain` set; SC and x86-TSO treat
 * it as `once`).
 */
export type LoadOrder = 'once' | 'acquire' | 'plain';
/**
 * Ordering annotation of a store (LKMM: WRITE_ONCE / smp_store_release; `plain`: a plain C
 * write `*x = v`, LKMM's `Plain` set; SC and x86-TSO treat it as `once`).
 */
export type StoreOrder = 'once' | 'release' | 'plain';
/**
 * Ordering annotation of a read-modify-write. `mb` = fully ordered (value-returning kernel
 * atomics, successful cmpxchg); `noreturn` = void atomics (`atomic_inc`), unordered.
 * A conditional rmw whose guard fails performs only its read, which is always relaxed.
 */
export type RmwOrder = 'mb' | 'relaxed' | 'acquire' | 'release' | 'noreturn';
/** Fence kinds of the kernel: smp_mb, smp_rmb, smp_wmb, smp_mb__before_atomic, smp_mb__after_atomic, smp_mb__after_spinlock. */
export type FenceKind = 'mb' | 'rmb' | 'wmb' | 'before_atomic' | 'after_atomic' | 'after_spinlock';

/** Where an instruction comes from: the kernel function (or litmus process) and source text. */
export interface SourceInfo {
  /** Kernel function name (tmigr) or process name (litmus), shown in traces. */
  readonly fn?: string;
  /** The source text of the access, e.g. `READ_ONCE(group->parent)`. */
  readonly text?: string;
  /** 1-based line and column in the input file, when there is one. */
  readonly line?: number;
  readonly col?: number;
}

interface InstrBase {
  readonly src?: SourceInfo;
}

/** `dst = load(addr)`. */
export interface LoadInstr extends InstrBase {
  readonly op: 'load';
  readonly dst: number;
  readonly addr: Expr;
  readonly order: LoadOrder;
}

/** `store(addr, value)`. */
export interface StoreInstr extends InstrBase {
  readonly op: 'store';
  readonly addr: Expr;
  readonly value: Expr;
  readonly order: StoreOrder;
}

/**
 * Atomic read-modify-write: read `old` from `addr`; if `guard` (default: true) holds, write
 * `value` (both may use `{k:'old'}`); `dst` (optional) receives `old`; `ok` (optional)
 * receives 1 if the write happened, else 0. cmpxchg(x, e, n) is
 * `{guard: old == e, value: n}`; xchg is `{value: n}`; fetch_add is `{value: old + a}`.
 * Registers in `guard`/`value` are read before `dst`/`ok` are written.
 */
export interface RmwInstr extends InstrBase {
  readonly op: 'rmw';
  readonly addr: Expr;
  readonly value: Expr;
  readonly guard?: Expr;
  readonly dst?: number;
  readonly ok?: number;
  readonly order: RmwOrder;
}

export interface FenceInstr extends InstrBase {
  readonly op: 'fence';
  readonly kind: FenceKind;
}

/** spin_lock: waits until the lock cell reads 0, then writes 1 (atomically). */
export interface LockInstr extends InstrBase {
  readonly op: 'lock';
  readonly addr: Expr;
}

/** spin_unlock: writes 0 to the lock cell (release). */
export interface UnlockInstr extends InstrBase {
  readonly op: 'unlock';
  readonly addr: Expr;
}

/** Local: `dst = value`. */
export interface SetInstr extends InstrBase {
  readonly op: 'set';
  readonly dst: number;
  readonly value: Expr;
}

/**
 * Jump to `target` if `cond` is non-zero. `join` is the index where the two arms of a
 * structured `if` meet again (control dependencies reach only `[pc+1, join)`); a back edge
 * (`target <= pc`) needs `bound`.
 */
export interface BranchInstr extends InstrBase {
  readonly op: 'branch';
  readonly cond: Expr;
  readonly target: number;
  readonly join?: number;
  readonly bound?: number;
}

/** Unconditional jump; a back edge needs `bound`. */
export interface JumpInstr extends InstrBase {
  readonly op: 'jump';
  readonly target: number;
  readonly bound?: number;
}

/** Executions where `cond` is zero are discarded. */
export interface AssumeInstr extends InstrBase {
  readonly op: 'assume';
  readonly cond: Expr;
}

/** A property: reaching it with `cond` zero is a violation of `property` (e.g. a WARN_ON). */
export interface AssertInstr extends InstrBase {
  readonly op: 'assert';
  readonly cond: Expr;
  readonly property: string;
}

export type Instr =
  | LoadInstr
  | StoreInstr
  | RmwInstr
  | FenceInstr
  | LockInstr
  | UnlockInstr
  | SetInstr
  | BranchInstr
  | JumpInstr
  | AssumeInstr
  | AssertInstr;

/** Instructions that touch shared memory (or order it): each is one step. */
export type SharedInstr = LoadInstr | StoreInstr | RmwInstr | FenceInstr | LockInstr | UnlockInstr;

export interface Location {
  readonly name: string;
  /** Initial value (a number, or an address for a pointer). */
  readonly init: number;
}

export interface Thread {
  readonly name: string;
  /** Register names; register `i` is `registers[i]`. */
  readonly registers: readonly string[];
  /** Initial register values (default 0). */
  readonly registerInit?: readonly number[];
  readonly code: readonly Instr[];
}

/**
 * An expression over a final state (every thread finished): constants, any thread's
 * registers and memory values. Used by final checks and by litmus conditions.
 */
export type FinalExpr =
  | { readonly k: 'const'; readonly v: number }
  | { readonly k: 'treg'; readonly t: number; readonly r: number }
  | { readonly k: 'mem'; readonly addr: number }
  | { readonly k: 'bin'; readonly op: BinOp; readonly a: FinalExpr; readonly b: FinalExpr }
  | { readonly k: 'un'; readonly op: UnOp; readonly a: FinalExpr }
  | { readonly k: 'ite'; readonly c: FinalExpr; readonly t: FinalExpr; readonly e: FinalExpr };

/** A property of final states: reaching a final state where `cond` is zero violates `property`. */
export interface FinalCheck {
  readonly property: string;
  readonly cond: FinalExpr;
}

/** A complete program: shared locations and threads. */
export interface Program {
  readonly name: string;
  readonly locations: readonly Location[];
  readonly threads: readonly Thread[];
  /** Properties checked on every final state. */
  readonly finalChecks?: readonly FinalCheck[];
}

/** True for instructions that are one step of the search. */
export function isShared(instr: Instr): instr is SharedInstr {
  switch (instr.op) {
    case 'load':
    case 'store':
    case 'rmw':
    case 'fence':
    case 'lock':
    case 'unlock':
      return true;
    default:
      return false;
  }
}

/** The address of location `index` (addresses are 1-based; 0 is NULL). */
export function addressOf(index: number): number {
  return index + 1;
}

/** Whether some load or store of `program` is plain (LKMM's `Plain` set: no Marked tag). */
export function hasPlainAccess(program: Program): boolean {
  return program.threads.some((t) =>
    t.code.some((i) => (i.op === 'load' || i.op === 'store') && i.order === 'plain'),
  );
}
