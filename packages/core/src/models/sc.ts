import { computeLoopExits, computeLoopSlots, type ThreadLoopExits } from '../encoding/encode.js';
import { type PackedThreadLayout, packedThreads, syncPackedThreads } from '../explore/packed-threads.js';
import {
  PACKED_NONE,
  PACKED_STATE,
  PACKED_VIOLATION,
  type PackedTransitions,
  type PackedWindow,
  type Semantics,
  type StateView,
  type StepInfo,
  type Successor,
} from '../explore/semantics.js';
import {
  allDone,
  cloneThreadState,
  initialThreadState,
  loopCounts,
  runLocal,
  ST_BOUND,
  ST_DONE,
  ST_RUNNING,
  type ThreadState,
} from '../explore/thread.js';
import { type CompiledExpr, compileExpr, evalExpr } from '../ir/eval.js';
import { type Expr, isShared, type Program } from '../ir/types.js';
import { BAD_ADDRESS, isValidAddress } from './access.js';

/** An SC state: memory values and thread states. */
export interface ScState {
  readonly mem: Int32Array;
  readonly threads: readonly ThreadState[];
}

/** Sequential consistency: interleavings of the threads' steps over one memory. */
export class ScSemantics implements Semantics<ScState> {
  readonly model = 'sc' as const;
  readonly program: Program;
  private readonly slots: number[][];
  private readonly exits: ThreadLoopExits[];
  private readonly loops: number[];
  /** The packed fast path (absent for programs that use registers out of range). */
  readonly packed?: PackedTransitions<ScState>;

  constructor(program: Program) {
    this.program = program;
    this.slots = computeLoopSlots(program);
    this.exits = computeLoopExits(program, this.slots);
    this.loops = loopCounts(this.slots);
    if (registersInRange(program)) this.packed = new ScPacked(program, this.slots, this.exits, this.loops);
  }

  initial(): Successor<ScState> {
    const mem = Int32Array.from(this.program.locations.map((l) => l.init | 0));
    const threads = this.program.threads.map((t, i) => initialThreadState(t, this.loops[i]!));
    const step: StepInfo = { thread: -1, choice: 0, pc: -1 };
    for (let i = 0; i < threads.length; i++) {
      const out = runLocal(this.program.threads[i]!, this.slots[i]!, this.exits[i]!, threads[i]!);
      if (out.kind === 'violation') return { kind: 'violation', property: out.property, step };
      if (out.kind === 'pruned') return { kind: 'violation', property: 'assume-false-initially', step };
    }
    return { kind: 'state', state: { mem, threads }, step };
  }

  successors(state: ScState): Successor<ScState>[] {
    const out: Successor<ScState>[] = [];
    for (let ti = 0; ti < state.threads.length; ti++) {
      const s = this.stepThread(state, ti);
      if (s) out.push(s);
    }
    return out;
  }

  /** The successor of `state` when thread `ti` takes its next step, or null if it can't. */
  stepThread(state: ScState, ti: number): Successor<ScState> | null {
    const t = state.threads[ti]!;
    if (t.status !== ST_RUNNING) return null;
    const thread = this.program.threads[ti]!;
    const instr = thread.code[t.pc]!;
    if (!isShared(instr)) return null;
    const mem = state.mem;
    let addr = 0;
    if (instr.op !== 'fence') {
      addr = evalExpr(instr.addr, t.regs);
      if (!isValidAddress(this.program, addr)) {
        return {
          kind: 'violation',
          property: BAD_ADDRESS,
          step: { thread: ti, choice: 0, pc: t.pc, instr, addr },
        };
      }
      if (instr.op === 'lock' && mem[addr - 1] !== 0) return null;
    }
    const nmem = mem.slice();
    const nt = cloneThreadState(t);
    let read: number | undefined;
    let wrote: number | undefined;
    switch (instr.op) {
      case 'load':
        read = nmem[addr - 1]!;
        nt.regs[instr.dst] = read;
        break;
      case 'store':
        wrote = evalExpr(instr.value, t.regs);
        nmem[addr - 1] = wrote;
        break;
      case 'rmw': {
        read = nmem[addr - 1]!;
        const ok = instr.guard === undefined || evalExpr(instr.guard, t.regs, read) !== 0;
        if (ok) {
          wrote = evalExpr(instr.value, t.regs, read);
          nmem[addr - 1] = wrote;
        }
        if (instr.dst !== undefined) nt.regs[instr.dst] = read;
        if (instr.ok !== undefined) nt.regs[instr.ok] = ok ? 1 : 0;
        break;
      }
      case 'lock':
        read = 0;
        wrote = 1;
        nmem[addr - 1] = 1;
        break;
      case 'unlock':
        wrote = 0;
        nmem[addr - 1] = 0;
        break;
      case 'fence':
        break;
    }
    const step: StepInfo = {
      thread: ti,
      choice: 0,
      pc: t.pc,
      instr,
      ...(instr.op !== 'fence' ? { addr } : {}),
      ...(read !== undefined ? { read } : {}),
      ...(wrote !== undefined ? { wrote } : {}),
    };
    nt.pc++;
    const local = runLocal(thread, this.slots[ti]!, this.exits[ti]!, nt);
    if (local.kind === 'pruned') return null;
    if (local.kind === 'violation') return { kind: 'violation', property: local.property, step };
    const threads = state.threads.slice();
    threads[ti] = nt;
    return { kind: 'state', state: { mem: nmem, threads }, step };
  }

  key(state: ScState): string {
    let k = state.mem.join(',');
    for (const t of state.threads) k += `|${t.pc},${t.status},${t.regs.join(',')};${t.loops.join(',')}`;
    return k;
  }

  view(state: ScState): StateView {
    return { threads: state.threads, value: (addr) => state.mem[addr - 1] ?? 0 };
  }

  isFinal(state: ScState): boolean {
    return allDone(state.threads);
  }
}

// ---------------------------------------------------------------------------------------------
// Packed SC: a state is one Int32Array `[mem..., (pc, status, regs..., loops...) per thread]`,
// the same fields (in the same order) as `key()`. Successors are computed in place on a copy,
// with expressions compiled to closures once per program.

/** Opcodes of {@link PackedCode} (shared with the packed TSO semantics). */
export const OP_LOAD = 1;
export const OP_STORE = 2;
export const OP_RMW = 3;
export const OP_FENCE = 4;
export const OP_LOCK = 5;
export const OP_UNLOCK = 6;
/** Opcodes from here on are local (not a step). */
export const OP_SET = 7;
export const OP_ASSUME = 8;
export const OP_ASSERT = 9;
export const OP_BRANCH = 10;
export const OP_JUMP = 11;
export const OP_OTHER = 12;

const NEVER: CompiledExpr = () => 0;

/** One thread's code, flattened for the packed step (shared with the packed TSO semantics). */
export interface PackedCode {
  readonly len: number;
  readonly op: Int8Array;
  readonly addr: CompiledExpr[];
  /** store/rmw/set value; assume/assert/branch condition. */
  readonly expr: CompiledExpr[];
  readonly guard: (CompiledExpr | null)[];
  readonly dst: Int32Array;
  readonly ok: Int32Array;
  readonly target: Int32Array;
  readonly bound: Int32Array;
  readonly slot: Int32Array;
  /** Per pc: the loop slots a branch/jump there leaves, taken or falling through (`computeLoopExits`). */
  readonly exits: ThreadLoopExits;
  readonly property: string[];
}

function exprRegsInRange(e: Expr | undefined, n: number): boolean {
  if (e === undefined) return true;
  switch (e.k) {
    case 'reg':
      return Number.isInteger(e.r) && e.r >= 0 && e.r < n;
    case 'bin':
      return exprRegsInRange(e.a, n) && exprRegsInRange(e.b, n);
    case 'un':
      return exprRegsInRange(e.a, n);
    case 'ite':
      return exprRegsInRange(e.c, n) && exprRegsInRange(e.t, n) && exprRegsInRange(e.e, n);
    default:
      return true;
  }
}

/**
 * Whether every register an instruction reads or writes exists and every instruction is known
 * (validated programs: always); otherwise the packed path is not offered.
 */
export function registersInRange(program: Program): boolean {
  for (const t of program.threads) {
    const n = t.registers.length;
    const okReg = (r: number | undefined) => r === undefined || (Number.isInteger(r) && r >= 0 && r < n);
    for (const i of t.code) {
      switch (i.op) {
        case 'load':
          if (!okReg(i.dst) || !exprRegsInRange(i.addr, n)) return false;
          break;
        case 'store':
          if (!exprRegsInRange(i.addr, n) || !exprRegsInRange(i.value, n)) return false;
          break;
        case 'rmw':
          if (!okReg(i.dst) || !okReg(i.ok) || !exprRegsInRange(i.addr, n)) return false;
          if (!exprRegsInRange(i.value, n) || !exprRegsInRange(i.guard, n)) return false;
          break;
        case 'lock':
        case 'unlock':
          if (!exprRegsInRange(i.addr, n)) return false;
          break;
        case 'set':
          if (!okReg(i.dst) || !exprRegsInRange(i.value, n)) return false;
          break;
        case 'assume':
        case 'assert':
        case 'branch':
          if (!exprRegsInRange(i.cond, n)) return false;
          break;
        case 'fence':
        case 'jump':
          break;
        default:
          return false;
      }
    }
  }
  return true;
}

/**
 * Flattens thread `ti` of `program` (its rows of `computeLoopSlots` and `computeLoopExits`)
 * and compiles its expressions.
 */
export function packCode(
  program: Program,
  ti: number,
  slots: readonly number[],
  exits: ThreadLoopExits,
): PackedCode {
  const code = program.threads[ti]!.code;
  const len = code.length;
  const pc: PackedCode = {
    len,
    op: new Int8Array(len),
    addr: new Array<CompiledExpr>(len).fill(NEVER),
    expr: new Array<CompiledExpr>(len).fill(NEVER),
    guard: new Array<CompiledExpr | null>(len).fill(null),
    dst: new Int32Array(len).fill(-1),
    ok: new Int32Array(len).fill(-1),
    target: new Int32Array(len),
    bound: new Int32Array(len),
    slot: Int32Array.from(slots),
    exits,
    property: new Array<string>(len).fill(''),
  };
  code.forEach((i, k) => {
    switch (i.op) {
      case 'load':
        pc.op[k] = OP_LOAD;
        pc.addr[k] = compileExpr(i.addr);
        pc.dst[k] = i.dst;
        break;
      case 'store':
        pc.op[k] = OP_STORE;
        pc.addr[k] = compileExpr(i.addr);
        pc.expr[k] = compileExpr(i.value);
        break;
      case 'rmw':
        pc.op[k] = OP_RMW;
        pc.addr[k] = compileExpr(i.addr);
        pc.expr[k] = compileExpr(i.value);
        pc.guard[k] = i.guard === undefined ? null : compileExpr(i.guard);
        pc.dst[k] = i.dst ?? -1;
        pc.ok[k] = i.ok ?? -1;
        break;
      case 'fence':
        pc.op[k] = OP_FENCE;
        break;
      case 'lock':
        pc.op[k] = OP_LOCK;
        pc.addr[k] = compileExpr(i.addr);
        break;
      case 'unlock':
        pc.op[k] = OP_UNLOCK;
        pc.addr[k] = compileExpr(i.addr);
        break;
      case 'set':
        pc.op[k] = OP_SET;
        pc.dst[k] = i.dst;
        pc.expr[k] = compileExpr(i.value);
        break;
      case 'assume':
        pc.op[k] = OP_ASSUME;
        pc.expr[k] = compileExpr(i.cond);
        break;
      case 'assert':
        pc.op[k] = OP_ASSERT;
        pc.expr[k] = compileExpr(i.cond);
        pc.property[k] = i.property;
        break;
      case 'branch':
        pc.op[k] = OP_BRANCH;
        pc.expr[k] = compileExpr(i.cond);
        pc.target[k] = i.target;
        pc.bound[k] = i.bound ?? 0;
        break;
      case 'jump':
        pc.op[k] = OP_JUMP;
        pc.target[k] = i.target;
        pc.bound[k] = i.bound ?? 0;
        break;
      default:
        pc.op[k] = OP_OTHER;
        break;
    }
  });
  return pc;
}

/** The packed transition system of {@link ScSemantics} (slot = thread, choice 0). */
class ScPacked implements PackedTransitions<ScState> {
  readonly width: number;
  readonly slots: number;
  violation = '';
  dirtyFrom = 0;
  dirtyTo = 0;
  dirtyWord = -1;
  private readonly nMem: number;
  private readonly code: PackedCode[];
  /** Per thread: index of pc (status at +1, registers from +2), of the loop counters, and counts. */
  private readonly base: Int32Array;
  private readonly loopsAt: Int32Array;
  private readonly nRegs: Int32Array;
  private readonly nLoops: Int32Array;

  constructor(
    program: Program,
    slots: readonly (readonly number[])[],
    exits: readonly ThreadLoopExits[],
    loops: readonly number[],
  ) {
    const n = program.threads.length;
    this.nMem = program.locations.length;
    this.slots = n;
    this.base = new Int32Array(n);
    this.loopsAt = new Int32Array(n);
    this.nRegs = new Int32Array(n);
    this.nLoops = new Int32Array(n);
    let at = this.nMem;
    for (let i = 0; i < n; i++) {
      this.base[i] = at;
      this.nRegs[i] = program.threads[i]!.registers.length;
      this.nLoops[i] = loops[i]!;
      this.loopsAt[i] = at + 2 + this.nRegs[i]!;
      at = this.loopsAt[i]! + this.nLoops[i]!;
    }
    this.width = at;
    this.code = program.threads.map((_, i) => packCode(program, i, slots[i]!, exits[i]!));
  }

  slotThread(slot: number): number {
    return slot;
  }

  slotChoice(): number {
    return 0;
  }

  pack(state: ScState, out: Int32Array): void {
    out.set(state.mem, 0);
    for (let i = 0; i < this.slots; i++) {
      const t = state.threads[i]!;
      const b = this.base[i]!;
      out[b] = t.pc;
      out[b + 1] = t.status;
      out.set(t.regs, b + 2);
      out.set(t.loops, this.loopsAt[i]!);
    }
  }

  unpack(vec: Int32Array): ScState {
    const threads = packedThreads(this.threadLayout(), this.slots, vec, true);
    return { mem: vec.slice(0, this.nMem), threads };
  }

  window(vec: Int32Array): PackedWindow<ScState> {
    const threads = packedThreads(this.threadLayout(), this.slots, vec, false);
    const mem = vec.subarray(0, this.nMem);
    const base = this.base;
    return {
      state: { mem, threads },
      view: { threads, value: (addr) => mem[addr - 1] ?? 0 },
      sync: () => syncPackedThreads(threads, vec, base),
    };
  }

  private threadLayout(): PackedThreadLayout {
    return { base: this.base, loopsAt: this.loopsAt, nLoops: this.nLoops };
  }

  isFinal(vec: Int32Array): boolean {
    for (let i = 0; i < this.slots; i++) if (vec[this.base[i]! + 1] !== ST_DONE) return false;
    return true;
  }

  hasBound(vec: Int32Array): boolean {
    for (let i = 0; i < this.slots; i++) if (vec[this.base[i]! + 1] === ST_BOUND) return true;
    return false;
  }

  step(src: Int32Array, ti: number, out: Int32Array): number {
    const b = this.base[ti]!;
    if (src[b + 1] !== ST_RUNNING) return PACKED_NONE;
    const pc = src[b]!;
    const code = this.code[ti]!;
    const op = code.op[pc]!;
    if (op >= OP_SET) return PACKED_NONE;
    const ro = b + 2;
    let addr = 0;
    if (op !== OP_FENCE) {
      addr = code.addr[pc]!(src, ro, 0);
      if (!(addr >= 1 && addr <= this.nMem)) {
        this.violation = BAD_ADDRESS;
        return PACKED_VIOLATION;
      }
      if (op === OP_LOCK && src[addr - 1] !== 0) return PACKED_NONE;
    }
    out.set(src);
    switch (op) {
      case OP_LOAD:
        out[ro + code.dst[pc]!] = src[addr - 1]!;
        break;
      case OP_STORE:
        out[addr - 1] = code.expr[pc]!(src, ro, 0);
        break;
      case OP_RMW: {
        const read = src[addr - 1]!;
        const guard = code.guard[pc];
        const ok = guard === null || guard!(src, ro, read) !== 0;
        if (ok) out[addr - 1] = code.expr[pc]!(src, ro, read);
        const dst = code.dst[pc]!;
        if (dst >= 0) out[ro + dst] = read;
        const okr = code.ok[pc]!;
        if (okr >= 0) out[ro + okr] = ok ? 1 : 0;
        break;
      }
      case OP_LOCK:
        out[addr - 1] = 1;
        break;
      case OP_UNLOCK:
        out[addr - 1] = 0;
        break;
      default:
        break;
    }
    out[b] = pc + 1;
    // The step wrote thread ti's words and at most the memory word at `addr`.
    this.dirtyFrom = b;
    this.dirtyTo = this.loopsAt[ti]! + this.nLoops[ti]!;
    this.dirtyWord = addr - 1;
    return this.runLocal(ti, code, out);
  }

  /** `runLocal` on the packed thread `ti` of `v` (mutates `v`). */
  private runLocal(ti: number, code: PackedCode, v: Int32Array): number {
    const b = this.base[ti]!;
    const r = runPackedLocal(code, v, b, this.loopsAt[ti]!);
    if (r === PACKED_VIOLATION) this.violation = code.property[v[b]!]!;
    return r;
  }
}

/**
 * Runs local instructions (set, assume, assert, branch, jump) of the packed thread whose words
 * start at `b` (pc, status, registers) with loop counters at `lo`, until its next shared
 * access, as `runLocal` does on unpacked states. Mutates `v`. On `PACKED_VIOLATION` the pc is
 * left at the failing assert, so `code.property[v[b]]` names it. Shared by the packed SC and
 * TSO steps.
 */
export function runPackedLocal(code: PackedCode, v: Int32Array, b: number, lo: number): number {
  const ro = b + 2;
  const len = code.len;
  while (v[b + 1] === ST_RUNNING) {
    const pc = v[b]!;
    if (pc >= len) {
      v[b + 1] = ST_DONE;
      break;
    }
    const op = code.op[pc]!;
    if (op < OP_SET) break;
    switch (op) {
      case OP_SET:
        v[ro + code.dst[pc]!] = code.expr[pc]!(v, ro, 0);
        v[b] = pc + 1;
        break;
      case OP_ASSUME:
        if (code.expr[pc]!(v, ro, 0) === 0) return PACKED_NONE;
        v[b] = pc + 1;
        break;
      case OP_ASSERT:
        if (code.expr[pc]!(v, ro, 0) === 0) return PACKED_VIOLATION;
        v[b] = pc + 1;
        break;
      case OP_BRANCH:
      case OP_JUMP: {
        const slot = code.slot[pc]!;
        if (op === OP_BRANCH && code.expr[pc]!(v, ro, 0) === 0) {
          const ended = code.exits.fallThrough[pc]!; // the loops that end here
          for (let k = 0; k < ended.length; k++) v[lo + ended[k]!] = 0;
          v[b] = pc + 1;
          break;
        }
        if (slot >= 0) {
          if (v[lo + slot]! >= code.bound[pc]!) {
            v[b + 1] = ST_BOUND;
            break;
          }
          v[lo + slot] = v[lo + slot]! + 1;
        }
        const left = code.exits.taken[pc]!;
        for (let k = 0; k < left.length; k++) v[lo + left[k]!] = 0;
        v[b] = code.target[pc]!;
        break;
      }
      default:
        // An unknown local instruction: `runLocal` would spin on it; never emitted.
        return PACKED_NONE;
    }
  }
  return PACKED_STATE;
}
