// One thread's steps under SC, mirroring core's explore/thread.ts (`runLocal`) and
// models/sc.ts (`stepThread`): a step performs one shared access, then runs the thread's local
// code up to its next shared access.
import {
  OP_ASSERT,
  OP_ASSUME,
  OP_BRANCH,
  OP_FENCE,
  OP_JUMP,
  OP_LOAD,
  OP_LOCK,
  OP_RMW,
  OP_SET,
  OP_STORE,
  OP_UNLOCK,
  ST_BOUND,
  ST_DONE,
  ST_RUNNING,
} from '../../core/src/encoding/opcodes';
import { evalExpr } from './eval';
import { copyWords } from './layout';
import { put } from './undo';
import {
  INSTR_BYTES,
  nLoc,
  nThreads,
  TI_CODE,
  TI_NINSTR,
  TI_NREGS,
  TI_STATE,
  TS_PC,
  TS_REGS,
  TS_STATUS,
  threadRow,
  vecBytes,
  word,
} from './program';

/**
 * The byte range [start, end) of thread `t`'s part in a state vector, widened to whole 8-byte
 * lanes (the lanes the hash compares), end at most vecBytes.
 */
// @ts-ignore: decorator
@inline export function partLaneStart(t: i32): usize {
  return (<usize>load<i32>(threadRow(t) + TI_STATE)) & ~(<usize>7);
}

// @ts-ignore: decorator
@inline export function partLaneEnd(t: i32): usize {
  const end = t + 1 < nThreads ? <usize>load<i32>(threadRow(t + 1) + TI_STATE) : vecBytes;
  const e = (end + 7) & ~(<usize>7);
  return e < vecBytes ? e : vecBytes;
}

/** Bytes of memory cells in a state vector, widened to whole lanes (at most vecBytes). */
// @ts-ignore: decorator
@inline export function memoryLaneEnd(): usize {
  const e = ((<usize>nLoc << 2) + 7) & ~(<usize>7);
  return e < vecBytes ? e : vecBytes;
}

/**
 * Copies from `cur` into `next` what a step of thread `t` reads or changes: the memory cells
 * and the thread's part (whole lanes). The other threads' parts of `next` stay stale (por.ts
 * steps its scratch vector so).
 */
export function copyForStep(t: i32, next: usize, cur: usize): void {
  copyWords(next, cur, memoryLaneEnd());
  const lo = partLaneStart(t);
  copyWords(next + lo, cur + lo, partLaneEnd(t) - lo);
}

/** Outcomes of running local code. */
export const LOCAL_OK = 0;
export const LOCAL_PRUNED = 1;
export const LOCAL_VIOLATION = 2;

/** Outcomes of a step. */
export const STEP_NONE = 0; // the thread cannot move (finished, blocked on a lock, or pruned by assume)
export const STEP_STATE = 1; // a successor state was written
export const STEP_VIOLATION = 2; // the step violates a property (see violationKind/violationProperty)

/** What kind of violation the last step or local run raised. */
export const VK_ASSERT = 0;
export const VK_BAD_ADDRESS = 1;
export let violationKind: i32 = VK_ASSERT;
/** Property index of the violated assert (VK_ASSERT). */
export let violationProperty: i32 = -1;

/**
 * Runs thread `t`'s local instructions in state vector `vec` from its pc until its next shared
 * access or its end (status DONE), or until a loop bound is exhausted (status BOUND).
 * The thread must be RUNNING. Writes go through undo.ts `put` (logged when `vec` is the
 * search's logged head).
 */
export function runLocal(t: i32, vec: usize): i32 {
  const row = threadRow(t);
  const code = <usize>load<u32>(row + TI_CODE);
  const nInstr = load<i32>(row + TI_NINSTR);
  const partOff = <usize>load<i32>(row + TI_STATE);
  const regsOff = partOff + TS_REGS;
  const regs = vec + regsOff;
  const loopsOff = regsOff + ((<usize>load<i32>(row + TI_NREGS)) << 2);
  let pc = load<i32>(vec + partOff + TS_PC);
  while (true) {
    if (pc >= nInstr) {
      put(vec, partOff + TS_STATUS, ST_DONE);
      break;
    }
    const ip = code + (<usize>pc) * INSTR_BYTES;
    const op = load<i32>(ip);
    if (op == OP_SET) {
      put(vec, regsOff + ((<usize>load<i32>(ip, 4)) << 2), evalExpr(load<i32>(ip, 8), regs, 0, vec));
      pc++;
    } else if (op == OP_BRANCH || op == OP_JUMP) {
      // Loop counters count one execution of a loop (core's encode.ts `computeLoopExits`):
      // a branch resets the counters of the loops it leaves, taken (its exit list) or falling
      // through (its fall-through list: the loops whose range ends there).
      let target: i32;
      let slot: i32;
      let bound: i32;
      let exits: i32;
      let nExits: i32;
      if (op == OP_JUMP) {
        target = load<i32>(ip, 4);
        slot = load<i32>(ip, 8);
        bound = load<i32>(ip, 12);
        exits = load<i32>(ip, 16);
        nExits = load<i32>(ip, 20);
      } else {
        slot = load<i32>(ip, 16);
        if (evalExpr(load<i32>(ip, 4), regs, 0, vec) == 0) {
          const ended = load<i32>(ip, 32);
          const nEnded = load<i32>(ip, 36);
          for (let k = 0; k < nEnded; k++) put(vec, loopsOff + ((<usize>word(ended + k)) << 2), 0);
          pc++;
          continue;
        }
        target = load<i32>(ip, 8);
        bound = load<i32>(ip, 20);
        exits = load<i32>(ip, 24);
        nExits = load<i32>(ip, 28);
      }
      if (slot >= 0) {
        const cOff = loopsOff + ((<usize>slot) << 2);
        const count = load<i32>(vec + cOff);
        if (count >= bound) {
          put(vec, partOff + TS_STATUS, ST_BOUND);
          break;
        }
        put(vec, cOff, count + 1);
      }
      for (let k = 0; k < nExits; k++) put(vec, loopsOff + ((<usize>word(exits + k)) << 2), 0);
      pc = target;
    } else if (op == OP_ASSUME) {
      if (evalExpr(load<i32>(ip, 4), regs, 0, vec) == 0) return LOCAL_PRUNED;
      pc++;
    } else if (op == OP_ASSERT) {
      if (evalExpr(load<i32>(ip, 4), regs, 0, vec) == 0) {
        violationKind = VK_ASSERT;
        violationProperty = load<i32>(ip, 8);
        return LOCAL_VIOLATION;
      }
      pc++;
    } else {
      break; // a shared access: the next step
    }
  }
  put(vec, partOff + TS_PC, pc);
  return LOCAL_OK;
}

/**
 * Thread `t` takes its next step in state `vec`, in place (undo.ts: the search logs the writes
 * and restores the head). Returns STEP_NONE, STEP_STATE or STEP_VIOLATION; with STEP_NONE or
 * STEP_VIOLATION the vector may be partly written (the caller rolls it back).
 */
export function stepThread(t: i32, vec: usize): i32 {
  const row = threadRow(t);
  const partOff = <usize>load<i32>(row + TI_STATE);
  const part = vec + partOff;
  if (load<i32>(part + TS_STATUS) != ST_RUNNING) return STEP_NONE;
  const pc = load<i32>(part + TS_PC);
  const ip = <usize>load<u32>(row + TI_CODE) + (<usize>pc) * INSTR_BYTES;
  const op = load<i32>(ip);
  if (op < OP_LOAD || op > OP_UNLOCK) return STEP_NONE;
  const regsOff = partOff + TS_REGS;
  const regs = vec + regsOff;
  let cell: usize = 0;
  if (op != OP_FENCE) {
    const addr = evalExpr(load<i32>(ip + (op == OP_LOAD ? 8 : 4)), regs, 0, vec);
    if (addr < 1 || addr > nLoc) {
      violationKind = VK_BAD_ADDRESS;
      violationProperty = -1;
      return STEP_VIOLATION;
    }
    cell = (<usize>(addr - 1)) << 2;
    if (op == OP_LOCK && load<i32>(vec + cell) != 0) return STEP_NONE;
  }
  // Every expression below is evaluated before the writes that follow it (in place, a write
  // must not be seen by the step's own reads of the state it started from).
  switch (op) {
    case OP_LOAD:
      put(vec, regsOff + ((<usize>load<i32>(ip, 4)) << 2), load<i32>(vec + cell));
      break;
    case OP_STORE:
      put(vec, cell, evalExpr(load<i32>(ip, 8), regs, 0, vec));
      break;
    case OP_RMW:
      rmwInPlace(ip, vec, regsOff, cell);
      break;
    case OP_LOCK:
      put(vec, cell, 1);
      break;
    case OP_UNLOCK:
      put(vec, cell, 0);
      break;
    default:
      break; // fences do nothing under SC
  }
  put(vec, partOff + TS_PC, pc + 1);
  const local = runLocal(t, vec);
  if (local == LOCAL_PRUNED) return STEP_NONE;
  if (local == LOCAL_VIOLATION) return STEP_VIOLATION;
  return STEP_STATE;
}

/**
 * The rmw at `ip` on memory cell `cell` of `vec` (SC, and x86-TSO with an empty buffer): reads
 * the cell, and when the guard holds (or there is none) writes the new value; then the result
 * and ok registers. Both expressions see the registers before the step.
 */
export function rmwInPlace(ip: usize, vec: usize, regsOff: usize, cell: usize): void {
  const regs = vec + regsOff;
  const read = load<i32>(vec + cell);
  const guard = load<i32>(ip, 12);
  const ok = guard < 0 || evalExpr(guard, regs, read, vec) != 0;
  if (ok) put(vec, cell, evalExpr(load<i32>(ip, 8), regs, read, vec));
  const dst = load<i32>(ip, 16);
  if (dst >= 0) put(vec, regsOff + ((<usize>dst) << 2), read);
  const okReg = load<i32>(ip, 20);
  if (okReg >= 0) put(vec, regsOff + ((<usize>okReg) << 2), ok ? 1 : 0);
}

/** Whether every thread has finished (status DONE). */
export function allDone(vec: usize, threads: i32): bool {
  for (let t = 0; t < threads; t++) {
    if (load<i32>(vec + <usize>load<i32>(threadRow(t) + TI_STATE) + TS_STATUS) != ST_DONE) return false;
  }
  return true;
}

/** Whether some thread's loop bound was exhausted (status BOUND). */
export function anyBound(vec: usize, threads: i32): bool {
  for (let t = 0; t < threads; t++) {
    if (load<i32>(vec + <usize>load<i32>(threadRow(t) + TI_STATE) + TS_STATUS) == ST_BOUND) return true;
  }
  return false;
}

/**
 * core's bfs-oracle.ts `isDeadlocked` (the deadlock rule, for a state without successors that
 * is not final): no thread stopped at a loop bound, every RUNNING thread sits at a lock
 * instruction whose lock is held (its cell is non-zero), and there is at least one. (An SC
 * state is always settled.)
 */
export function isDeadlocked(vec: usize, threads: i32): bool {
  let waiting = false;
  for (let t = 0; t < threads; t++) {
    const row = threadRow(t);
    const part = vec + <usize>load<i32>(row + TI_STATE);
    const status = load<i32>(part + TS_STATUS);
    if (status == ST_BOUND) return false;
    if (status != ST_RUNNING) continue;
    const pc = load<i32>(part + TS_PC);
    if (pc >= load<i32>(row + TI_NINSTR)) return false;
    const ip = <usize>load<u32>(row + TI_CODE) + (<usize>pc) * INSTR_BYTES;
    if (load<i32>(ip) != OP_LOCK) return false;
    const addr = evalExpr(load<i32>(ip, 4), part + TS_REGS, 0, vec);
    if (addr < 1 || addr > nLoc || load<i32>(vec + ((<usize>(addr - 1)) << 2)) == 0) return false;
    waiting = true;
  }
  return waiting;
}

/** Records an invalid-address violation (for the other models' steps, e.g. tso.ts). */
export function setBadAddress(): void {
  violationKind = VK_BAD_ADDRESS;
  violationProperty = -1;
}
