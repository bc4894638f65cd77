import { computeLoopSlots } from '../encoding/encode.js';
import { evalExpr } from '../ir/eval.js';
import { isShared, type Program } from '../ir/types.js';
import type { Semantics, StateView, StepInfo, Successor } from '../explore/semantics.js';
import {
  allDone,
  cloneThreadState,
  initialThreadState,
  loopCounts,
  runLocal,
  ST_RUNNING,
  type ThreadState,
} from '../explore/thread.js';
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
  private readonly loops: number[];

  constructor(program: Program) {
    this.program = program;
    this.slots = computeLoopSlots(program);
    this.loops = loopCounts(this.slots);
  }

  initial(): Successor<ScState> {
    const mem = Int32Array.from(this.program.locations.map((l) => l.init | 0));
    const threads = this.program.threads.map((t, i) => initialThreadState(t, this.loops[i]!));
    const step: StepInfo = { thread: -1, choice: 0, pc: -1 };
    for (let i = 0; i < threads.length; i++) {
      const out = runLocal(this.program.threads[i]!, this.slots[i]!, threads[i]!);
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
        return { kind: 'violation', property: BAD_ADDRESS, step: { thread: ti, choice: 0, pc: t.pc, instr, addr } };
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
    const local = runLocal(thread, this.slots[ti]!, nt);
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
