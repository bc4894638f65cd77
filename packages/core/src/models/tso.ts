import {
  computeLoopExits,
  computeLoopSlots,
  type ThreadLoopExits,
  threadLoopRanges,
} from '../encoding/encode.js';
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
import { evalExpr } from '../ir/eval.js';
import { isShared, type Program, type Thread } from '../ir/types.js';
import { BAD_ADDRESS, isValidAddress } from './access.js';
import {
  OP_FENCE,
  OP_LOAD,
  OP_LOCK,
  OP_RMW,
  OP_SET,
  OP_STORE,
  OP_UNLOCK,
  type PackedCode,
  packCode,
  registersInRange,
  runPackedLocal,
} from './sc.js';

/** One pending store in a thread's store buffer. */
export interface BufferedStore {
  readonly addr: number;
  readonly value: number;
}

/** An x86-TSO state: memory, thread states and one FIFO store buffer per thread (oldest first). */
export interface TsoState {
  readonly mem: Int32Array;
  readonly threads: readonly ThreadState[];
  readonly buffers: readonly (readonly BufferedStore[])[];
}

/** `StepInfo.choice` of a step that executes the thread's next instruction. */
export const TSO_EXECUTE = 0;
/** `StepInfo.choice` of a step that writes the oldest buffered store of the thread to memory. */
export const TSO_FLUSH = 1;

/**
 * Operational x86-TSO with a FIFO store buffer per thread.
 *
 * The kernel primitives are mapped as in the project's `litmus/model/tso-c.cat` (after
 * herd7's `x86tso.cat` and arch/x86/include/asm/barrier.h):
 * - READ_ONCE / smp_load_acquire: MOV load, forwarded from the newest own buffered store to
 *   the same address, else memory;
 * - WRITE_ONCE / smp_store_release / spin_unlock: MOV store, appended to the store buffer;
 * - smp_mb: MFENCE, waits until the own buffer is empty;
 * - smp_rmb / smp_wmb / smp_mb__{before,after}_atomic / smp_mb__after_spinlock: compiler
 *   barriers only (no-ops);
 * - every RMW (any ordering annotation, also a failed cmpxchg) and spin_lock: LOCK-prefixed,
 *   they need an empty buffer and act on memory atomically (a full fence).
 * A flush (choice {@link TSO_FLUSH}) is a step of its own. Final states have empty buffers.
 */
export class TsoSemantics implements Semantics<TsoState> {
  readonly model = 'tso' as const;
  readonly program: Program;
  private readonly slots: number[][];
  private readonly exits: ThreadLoopExits[];
  private readonly loops: number[];
  /**
   * The packed fast path: absent for programs that use registers out of range, or where some
   * thread's static store-buffer bound exceeds {@link TSO_PACKED_MAX_BUFFER} entries
   * ({@link storeBufferBound}).
   */
  readonly packed?: PackedTransitions<TsoState>;

  constructor(program: Program) {
    this.program = program;
    this.slots = computeLoopSlots(program);
    this.exits = computeLoopExits(program, this.slots);
    this.loops = loopCounts(this.slots);
    if (registersInRange(program)) {
      const caps = program.threads.map((t, i) => storeBufferBound(t, this.slots[i]!));
      if (caps.every((c) => c <= TSO_PACKED_MAX_BUFFER))
        this.packed = new TsoPacked(program, this.slots, this.exits, this.loops, caps);
    }
  }

  initial(): Successor<TsoState> {
    const mem = Int32Array.from(this.program.locations.map((l) => l.init | 0));
    const threads = this.program.threads.map((t, i) => initialThreadState(t, this.loops[i]!));
    const step: StepInfo = { thread: -1, choice: 0, pc: -1 };
    for (let i = 0; i < threads.length; i++) {
      const out = runLocal(this.program.threads[i]!, this.slots[i]!, this.exits[i]!, threads[i]!);
      if (out.kind === 'violation') return { kind: 'violation', property: out.property, step };
      if (out.kind === 'pruned') return { kind: 'violation', property: 'assume-false-initially', step };
    }
    const buffers = threads.map(() => [] as BufferedStore[]);
    return { kind: 'state', state: { mem, threads, buffers }, step };
  }

  successors(state: TsoState): Successor<TsoState>[] {
    const out: Successor<TsoState>[] = [];
    for (let ti = 0; ti < state.threads.length; ti++) {
      const s = this.execute(state, ti);
      if (s) out.push(s);
      const f = this.flush(state, ti);
      if (f) out.push(f);
    }
    return out;
  }

  /** Writes the oldest buffered store of thread `ti` to memory, if there is one. */
  flush(state: TsoState, ti: number): Successor<TsoState> | null {
    const buf = state.buffers[ti]!;
    const first = buf[0];
    if (!first) return null;
    const mem = state.mem.slice();
    mem[first.addr - 1] = first.value;
    const buffers = state.buffers.slice();
    buffers[ti] = buf.slice(1);
    const name = this.program.locations[first.addr - 1]?.name ?? `@${first.addr}`;
    const step: StepInfo = {
      thread: ti,
      choice: TSO_FLUSH,
      pc: -1,
      addr: first.addr,
      wrote: first.value,
      note: `flush ${name}=${first.value} from the store buffer to memory`,
    };
    return { kind: 'state', state: { mem, threads: state.threads, buffers }, step };
  }

  /** The value thread `ti` reads at `addr`: its newest buffered store there, else memory. */
  private readValue(state: TsoState, ti: number, addr: number): { value: number; forwarded: boolean } {
    const buf = state.buffers[ti]!;
    for (let i = buf.length - 1; i >= 0; i--) {
      if (buf[i]!.addr === addr) return { value: buf[i]!.value, forwarded: true };
    }
    return { value: state.mem[addr - 1]!, forwarded: false };
  }

  /** Thread `ti` executes its next shared instruction, or null if it cannot now. */
  execute(state: TsoState, ti: number): Successor<TsoState> | null {
    const t = state.threads[ti]!;
    if (t.status !== ST_RUNNING) return null;
    const thread = this.program.threads[ti]!;
    const instr = thread.code[t.pc]!;
    if (!isShared(instr)) return null;
    const bufferEmpty = state.buffers[ti]!.length === 0;
    let addr = 0;
    if (instr.op !== 'fence') {
      addr = evalExpr(instr.addr, t.regs);
      if (!isValidAddress(this.program, addr)) {
        return {
          kind: 'violation',
          property: BAD_ADDRESS,
          step: { thread: ti, choice: TSO_EXECUTE, pc: t.pc, instr, addr },
        };
      }
    }
    // LOCKed instructions and MFENCE drain the buffer first.
    const locked = instr.op === 'rmw' || instr.op === 'lock' || (instr.op === 'fence' && instr.kind === 'mb');
    if (locked && !bufferEmpty) return null;
    if (instr.op === 'lock' && state.mem[addr - 1] !== 0) return null;

    let mem = state.mem;
    let buffers = state.buffers;
    const nt = cloneThreadState(t);
    let read: number | undefined;
    let wrote: number | undefined;
    let note: string | undefined;
    const buffer = (value: number): void => {
      const next = state.buffers.slice();
      next[ti] = [...state.buffers[ti]!, { addr, value }];
      buffers = next;
      wrote = value;
      note = 'into the store buffer';
    };
    switch (instr.op) {
      case 'load': {
        const r = this.readValue(state, ti, addr);
        read = r.value;
        if (r.forwarded) note = 'forwarded from the own store buffer';
        nt.regs[instr.dst] = read;
        break;
      }
      case 'store':
        buffer(evalExpr(instr.value, t.regs));
        break;
      case 'unlock':
        buffer(0);
        break;
      case 'rmw': {
        read = state.mem[addr - 1]!;
        const ok = instr.guard === undefined || evalExpr(instr.guard, t.regs, read) !== 0;
        if (ok) {
          wrote = evalExpr(instr.value, t.regs, read);
          mem = state.mem.slice();
          mem[addr - 1] = wrote;
        }
        if (instr.dst !== undefined) nt.regs[instr.dst] = read;
        if (instr.ok !== undefined) nt.regs[instr.ok] = ok ? 1 : 0;
        break;
      }
      case 'lock':
        read = 0;
        wrote = 1;
        mem = state.mem.slice();
        mem[addr - 1] = 1;
        break;
      case 'fence':
        break;
    }
    const step: StepInfo = {
      thread: ti,
      choice: TSO_EXECUTE,
      pc: t.pc,
      instr,
      ...(instr.op !== 'fence' ? { addr } : {}),
      ...(read !== undefined ? { read } : {}),
      ...(wrote !== undefined ? { wrote } : {}),
      ...(note !== undefined ? { note } : {}),
    };
    nt.pc++;
    const local = runLocal(thread, this.slots[ti]!, this.exits[ti]!, nt);
    if (local.kind === 'pruned') return null;
    if (local.kind === 'violation') return { kind: 'violation', property: local.property, step };
    const threads = state.threads.slice();
    threads[ti] = nt;
    return { kind: 'state', state: { mem, threads, buffers }, step };
  }

  key(state: TsoState): string {
    let k = state.mem.join(',');
    for (let i = 0; i < state.threads.length; i++) {
      const t = state.threads[i]!;
      k += `|${t.pc},${t.status},${t.regs.join(',')};${t.loops.join(',')}`;
      for (const b of state.buffers[i]!) k += `;${b.addr}=${b.value}`;
    }
    return k;
  }

  view(state: TsoState): StateView {
    return {
      threads: state.threads,
      value: (addr) => state.mem[addr - 1] ?? 0,
      settled: state.buffers.every((b) => b.length === 0),
    };
  }

  isFinal(state: TsoState): boolean {
    return allDone(state.threads) && state.buffers.every((b) => b.length === 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Packed TSO: a state is one Int32Array `[mem..., (pc, status, regs..., loops..., n,
// (addr, value) × cap) per thread]`, the fields of `key()` in its order, where `n` is the
// number of buffered stores (oldest first) and the unused `cap - n` entries are 0, so that
// equal vectors ⇔ equal keys. `cap` is a static bound on the buffer ({@link storeBufferBound}).
// Slot `2 * thread + choice`: execute (choice 0), then flush (choice 1), as in `successors()`.

/** The largest static store-buffer bound (entries per thread) the packed path accepts. */
export const TSO_PACKED_MAX_BUFFER = 256;

/**
 * A static upper bound on the number of stores in thread `thread`'s store buffer at any time
 * (`slots`: its loop slots, `computeLoopSlots`).
 *
 * A loop's bound counts the iterations of one execution of the loop (its counter is reset when
 * control leaves the loop's range, `computeLoopExits`). The ranges are laminar
 * (`threadLoopRanges`: any two are disjoint or one holds the other, loops that overlap without
 * nesting grown until they nest), and a loop's range is entered anew only after a back edge of
 * a loop whose range strictly holds it was taken, so back edge `e` is taken at most
 * `iters(e) = bound(e) * (1 + Σ iters(f))` times in a run, over the back edges `f` whose range
 * strictly holds `e`'s. The bound is always finite.
 * Two sound bounds, the smaller is returned:
 * - the number of store and unlock instructions the thread can execute: the instruction at
 *   `pc` runs again only after a back edge from some `src >= pc` to some `target <= pc` was
 *   taken, so it runs at most `1 + Σ iters(e)` over those back edges;
 * - the longest run of stores and unlocks without a draining instruction in between (rmw, lock,
 *   smp_mb: they wait for an empty buffer) over the control-flow graph unrolled by the total
 *   number `K` of back edges taken (nodes `(pc, k)`, `k <= K`: a DAG), both arms of every branch.
 */
export function storeBufferBound(thread: Thread, slots: readonly number[]): number {
  const code = thread.code;
  const len = code.length;
  const ranges = threadLoopRanges(thread, slots);
  const backEdges: { src: number; target: number; from: number; to: number; bound: number; iters: number }[] =
    [];
  code.forEach((i, pc) => {
    const slot = slots[pc]!;
    if ((i.op === 'branch' || i.op === 'jump') && slot >= 0) {
      const bound = Math.max(0, Math.ceil(i.bound ?? 0));
      const { from, to } = ranges[slot]!;
      backEdges.push({ src: pc, target: i.target, from, to, bound, iters: 0 });
    }
  });
  // Outer loops first (a range that strictly holds another is strictly longer).
  const outerFirst = [...backEdges].sort((a, b) => b.to - b.from - (a.to - a.from));
  const CAP = 1 << 30;
  for (const e of outerFirst) {
    let entries = 1;
    for (const f of outerFirst) {
      const holds = f.from <= e.from && e.to <= f.to && (f.from < e.from || e.to < f.to);
      if (holds) entries += f.iters;
    }
    e.iters = Math.min(CAP, e.bound * entries);
  }
  let total = 0;
  code.forEach((i, pc) => {
    if (i.op !== 'store' && i.op !== 'unlock') return;
    let runs = 1;
    for (const e of backEdges) if (e.target <= pc && pc <= e.src) runs += e.iters;
    total += runs;
  });
  const K = backEdges.reduce((a, e) => a + e.iters, 0);
  // Unrolled longest path; too large a graph: keep the first bound.
  if ((K + 1) * (len + 1) > 1 << 22) return total;
  const w = len + 1;
  /** Max buffer occupancy on arrival at (pc, k); -1: unreachable. */
  const occ = new Int32Array((K + 1) * w).fill(-1);
  occ[0] = 0;
  let best = 0;
  const reach = (pc: number, k: number, v: number): void => {
    if (pc < 0 || pc > len) return;
    const at = k * w + pc;
    if (v > occ[at]!) occ[at] = v;
  };
  // Topological order: k ascending, then pc ascending (forward edges raise pc, back edges k).
  for (let k = 0; k <= K; k++) {
    for (let pc = 0; pc < len; pc++) {
      const v0 = occ[k * w + pc]!;
      if (v0 < 0) continue;
      const i = code[pc]!;
      let v = v0;
      if (i.op === 'store' || i.op === 'unlock') v = v0 + 1;
      else if (i.op === 'rmw' || i.op === 'lock' || (i.op === 'fence' && i.kind === 'mb')) v = 0;
      if (v > best) best = v;
      if (i.op === 'branch' || i.op === 'jump') {
        if (i.op === 'branch') reach(pc + 1, k, v);
        if (i.target > pc) reach(i.target, k, v);
        else if (k < K && (i.bound ?? 0) > 0) reach(i.target, k + 1, v);
      } else {
        reach(pc + 1, k, v);
      }
    }
  }
  return Math.min(total, best);
}

/** Per thread: whether the instruction at each pc drains the buffer first (LOCK prefix, MFENCE). */
function drainsOf(thread: Thread): Uint8Array {
  return Uint8Array.from(thread.code, (i) =>
    i.op === 'rmw' || i.op === 'lock' || (i.op === 'fence' && i.kind === 'mb') ? 1 : 0,
  );
}

/** The packed transition system of {@link TsoSemantics}. */
class TsoPacked implements PackedTransitions<TsoState> {
  readonly width: number;
  readonly slots: number;
  violation = '';
  dirtyFrom = 0;
  dirtyTo = 0;
  dirtyWord = -1;
  private readonly nThreads: number;
  private readonly nMem: number;
  private readonly code: PackedCode[];
  private readonly drains: Uint8Array[];
  /** Per thread: index of pc (status at +1, registers from +2), of the loop counters, of the buffer length, and counts. */
  private readonly base: Int32Array;
  private readonly loopsAt: Int32Array;
  private readonly bufAt: Int32Array;
  private readonly cap: Int32Array;
  private readonly nLoops: Int32Array;

  constructor(
    program: Program,
    slots: readonly (readonly number[])[],
    exits: readonly ThreadLoopExits[],
    loops: readonly number[],
    caps: readonly number[],
  ) {
    const n = program.threads.length;
    this.nThreads = n;
    this.nMem = program.locations.length;
    this.slots = 2 * n;
    this.base = new Int32Array(n);
    this.loopsAt = new Int32Array(n);
    this.bufAt = new Int32Array(n);
    this.cap = Int32Array.from(caps);
    this.nLoops = Int32Array.from(loops);
    let at = this.nMem;
    for (let i = 0; i < n; i++) {
      this.base[i] = at;
      this.loopsAt[i] = at + 2 + program.threads[i]!.registers.length;
      this.bufAt[i] = this.loopsAt[i]! + this.nLoops[i]!;
      at = this.bufAt[i]! + 1 + 2 * this.cap[i]!;
    }
    this.width = at;
    this.code = program.threads.map((_, i) => packCode(program, i, slots[i]!, exits[i]!));
    this.drains = program.threads.map(drainsOf);
  }

  slotThread(slot: number): number {
    return slot >> 1;
  }

  slotChoice(slot: number): number {
    return slot & 1 ? TSO_FLUSH : TSO_EXECUTE;
  }

  pack(state: TsoState, out: Int32Array): void {
    out.fill(0);
    out.set(state.mem, 0);
    for (let i = 0; i < this.nThreads; i++) {
      const t = state.threads[i]!;
      const b = this.base[i]!;
      out[b] = t.pc;
      out[b + 1] = t.status;
      out.set(t.regs, b + 2);
      out.set(t.loops, this.loopsAt[i]!);
      const buf = state.buffers[i]!;
      if (buf.length > this.cap[i]!)
        throw new Error(`internal: TSO store buffer of thread ${i} exceeds its static bound ${this.cap[i]}`);
      const q = this.bufAt[i]!;
      out[q] = buf.length;
      for (let k = 0; k < buf.length; k++) {
        out[q + 1 + 2 * k] = buf[k]!.addr;
        out[q + 2 + 2 * k] = buf[k]!.value;
      }
    }
  }

  /** The buffered stores of thread `i` in `vec`, oldest first. */
  private bufferOf(vec: Int32Array, i: number): BufferedStore[] {
    const q = this.bufAt[i]!;
    const n = vec[q]!;
    const out: BufferedStore[] = [];
    for (let k = 0; k < n; k++) out.push({ addr: vec[q + 1 + 2 * k]!, value: vec[q + 2 + 2 * k]! });
    return out;
  }

  unpack(vec: Int32Array): TsoState {
    const threads = packedThreads(this.threadLayout(), this.nThreads, vec, true);
    const buffers = threads.map((_, i) => this.bufferOf(vec, i));
    return { mem: vec.slice(0, this.nMem), threads, buffers };
  }

  /** Whether every store buffer of `vec` is empty. */
  private settled(vec: Int32Array): boolean {
    for (let i = 0; i < this.nThreads; i++) if (vec[this.bufAt[i]!] !== 0) return false;
    return true;
  }

  private threadLayout(): PackedThreadLayout {
    return { base: this.base, loopsAt: this.loopsAt, nLoops: this.nLoops };
  }

  window(vec: Int32Array): PackedWindow<TsoState> {
    const threads = packedThreads(this.threadLayout(), this.nThreads, vec, false);
    const mem = vec.subarray(0, this.nMem);
    const base = this.base;
    // The buffers and `settled` read the packed words when asked (live views).
    const self = this;
    const state: TsoState = {
      mem,
      threads,
      get buffers() {
        return threads.map((_, i) => self.bufferOf(vec, i));
      },
    };
    const view: StateView = {
      threads,
      value: (addr) => mem[addr - 1] ?? 0,
      get settled() {
        return self.settled(vec);
      },
    };
    return {
      state,
      view,
      sync: () => syncPackedThreads(threads, vec, base),
    };
  }

  isFinal(vec: Int32Array): boolean {
    for (let i = 0; i < this.nThreads; i++) {
      if (vec[this.base[i]! + 1] !== ST_DONE || vec[this.bufAt[i]!] !== 0) return false;
    }
    return true;
  }

  hasBound(vec: Int32Array): boolean {
    for (let i = 0; i < this.nThreads; i++) if (vec[this.base[i]! + 1] === ST_BOUND) return true;
    return false;
  }

  step(src: Int32Array, slot: number, out: Int32Array): number {
    const ti = slot >> 1;
    return slot & 1 ? this.flush(src, ti, out) : this.execute(src, ti, out);
  }

  /** {@link TsoSemantics.flush} on packed states. */
  private flush(src: Int32Array, ti: number, out: Int32Array): number {
    const q = this.bufAt[ti]!;
    const n = src[q]!;
    if (n === 0) return PACKED_NONE;
    out.set(src);
    const addr = src[q + 1]!;
    out[addr - 1] = src[q + 2]!;
    const last = q + 1 + 2 * (n - 1);
    for (let k = q + 1; k < last; k++) out[k] = src[k + 2]!;
    out[last] = 0;
    out[last + 1] = 0;
    out[q] = n - 1;
    this.dirtyFrom = q;
    this.dirtyTo = last + 2;
    this.dirtyWord = addr - 1;
    return PACKED_STATE;
  }

  /** {@link TsoSemantics.execute} on packed states. */
  private execute(src: Int32Array, ti: number, out: Int32Array): number {
    const b = this.base[ti]!;
    if (src[b + 1] !== ST_RUNNING) return PACKED_NONE;
    const pc = src[b]!;
    const code = this.code[ti]!;
    const op = code.op[pc]!;
    if (op >= OP_SET) return PACKED_NONE;
    const ro = b + 2;
    const q = this.bufAt[ti]!;
    const n = src[q]!;
    let addr = 0;
    if (op !== OP_FENCE) {
      addr = code.addr[pc]!(src, ro, 0);
      if (!(addr >= 1 && addr <= this.nMem)) {
        this.violation = BAD_ADDRESS;
        return PACKED_VIOLATION;
      }
    }
    if (n !== 0 && this.drains[ti]![pc] === 1) return PACKED_NONE;
    if (op === OP_LOCK && src[addr - 1] !== 0) return PACKED_NONE;
    out.set(src);
    // Thread ti's words up to its buffer length; a buffering step also its new entry; a
    // LOCKed step the memory word at `addr`.
    let dirtyTo = q;
    let dirtyWord = -1;
    switch (op) {
      case OP_LOAD: {
        let read = src[addr - 1]!;
        for (let k = q + 2 * n - 1; k > q; k -= 2) {
          if (src[k] === addr) {
            read = src[k + 1]!;
            break;
          }
        }
        out[ro + code.dst[pc]!] = read;
        break;
      }
      case OP_STORE:
      case OP_UNLOCK: {
        if (n >= this.cap[ti]!)
          throw new Error(
            `internal: TSO store buffer of thread ${ti} exceeds its static bound ${this.cap[ti]}`,
          );
        const at = q + 1 + 2 * n;
        out[at] = addr;
        out[at + 1] = op === OP_STORE ? code.expr[pc]!(src, ro, 0) : 0;
        out[q] = n + 1;
        dirtyTo = at + 2;
        break;
      }
      case OP_RMW: {
        const read = src[addr - 1]!;
        const guard = code.guard[pc];
        const ok = guard === null || guard!(src, ro, read) !== 0;
        if (ok) out[addr - 1] = code.expr[pc]!(src, ro, read);
        const dst = code.dst[pc]!;
        if (dst >= 0) out[ro + dst] = read;
        const okr = code.ok[pc]!;
        if (okr >= 0) out[ro + okr] = ok ? 1 : 0;
        dirtyWord = addr - 1;
        break;
      }
      case OP_LOCK:
        out[addr - 1] = 1;
        dirtyWord = addr - 1;
        break;
      default:
        break;
    }
    out[b] = pc + 1;
    this.dirtyFrom = b;
    this.dirtyTo = dirtyTo;
    this.dirtyWord = dirtyWord;
    return this.runLocal(ti, code, out);
  }

  /** `runLocal` on the packed thread `ti` of `v` (mutates `v`), as in the packed SC step. */
  private runLocal(ti: number, code: PackedCode, v: Int32Array): number {
    const b = this.base[ti]!;
    const r = runPackedLocal(code, v, b, this.loopsAt[ti]!);
    if (r === PACKED_VIOLATION) this.violation = code.property[v[b]!]!;
    return r;
  }
}
