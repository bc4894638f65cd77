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

/** The most memory writes a step records (a step writes one cell; chains of steps more). */
export const MAX_WRITES: i32 = 16;
/**
 * Byte offsets (in the state vector) of the memory cells written since `clearWrites()`, the
 * first MAX_WRITES of them; `writeCount` counts them all (beyond MAX_WRITES: unknown cells).
 * A step changes only these cells and its own thread's part, so the search hashes only those
 * lanes of a successor (search.ts).
 */
export const writes: usize = memory.data(MAX_WRITES << 2);
export let writeCount: i32 = 0;

export function clearWrites(): void {
  writeCount = 0;
}

/** Records that the memory cell at byte offset `cell` of a state vector was written. */
export function noteWrite(cell: usize): void {
  if (writeCount < MAX_WRITES) store<u32>(writes + ((<usize>writeCount) << 2), <u32>cell);
  writeCount++;
}

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
 * Starts a step of thread `t` from `cur` into `next`: copies only what a step reads or changes,
 * the memory cells and the thread's part (whole lanes). The other threads' parts of `next` stay
 * stale until `completeSuccessor` copies them (the search does for the successors it keeps).
 */
export function copyForStep(t: i32, next: usize, cur: usize): void {
  copyWords(next, cur, memoryLaneEnd());
  const lo = partLaneStart(t);
  copyWords(next + lo, cur + lo, partLaneEnd(t) - lo);
}

/** Copies into `succ`, a successor of `head` by thread `t`, the parts copyForStep left out. */
export function completeSuccessor(t: i32, succ: usize, head: usize): void {
  const mem = memoryLaneEnd();
  const lo = partLaneStart(t);
  if (lo > mem) copyWords(succ + mem, head + mem, lo - mem);
  const hi = partLaneEnd(t);
  if (vecBytes > hi) copyWords(succ + hi, head + hi, vecBytes - hi);
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
 * The thread must be RUNNING.
 */
export function runLocal(t: i32, vec: usize): i32 {
  const row = threadRow(t);
  const code = <usize>load<u32>(row + TI_CODE);
  const nInstr = load<i32>(row + TI_NINSTR);
  const part = vec + <usize>load<i32>(row + TI_STATE);
  const regs = part + TS_REGS;
  const loops = regs + ((<usize>load<i32>(row + TI_NREGS)) << 2);
  let pc = load<i32>(part + TS_PC);
  while (true) {
    if (pc >= nInstr) {
      store<i32>(part + TS_STATUS, ST_DONE);
      break;
    }
    const ip = code + (<usize>pc) * INSTR_BYTES;
    const op = load<i32>(ip);
    if (op == OP_SET) {
      store<i32>(regs + ((<usize>load<i32>(ip, 4)) << 2), evalExpr(load<i32>(ip, 8), regs, 0, vec));
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
          for (let k = 0; k < nEnded; k++) store<i32>(loops + ((<usize>word(ended + k)) << 2), 0);
          pc++;
          continue;
        }
        target = load<i32>(ip, 8);
        bound = load<i32>(ip, 20);
        exits = load<i32>(ip, 24);
        nExits = load<i32>(ip, 28);
      }
      if (slot >= 0) {
        const cp = loops + ((<usize>slot) << 2);
        const count = load<i32>(cp);
        if (count >= bound) {
          store<i32>(part + TS_STATUS, ST_BOUND);
          break;
        }
        store<i32>(cp, count + 1);
      }
      for (let k = 0; k < nExits; k++) store<i32>(loops + ((<usize>word(exits + k)) << 2), 0);
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
  store<i32>(part + TS_PC, pc);
  return LOCAL_OK;
}

/**
 * Thread `t` takes its next step from state `cur`; the successor is written to `next`.
 * Returns STEP_NONE, STEP_STATE or STEP_VIOLATION.
 */
export function stepThread(t: i32, cur: usize, next: usize): i32 {
  const row = threadRow(t);
  const partOff = <usize>load<i32>(row + TI_STATE);
  const part = cur + partOff;
  if (load<i32>(part + TS_STATUS) != ST_RUNNING) return STEP_NONE;
  const pc = load<i32>(part + TS_PC);
  const ip = <usize>load<u32>(row + TI_CODE) + (<usize>pc) * INSTR_BYTES;
  const op = load<i32>(ip);
  if (op < OP_LOAD || op > OP_UNLOCK) return STEP_NONE;
  const regs = part + TS_REGS;
  let cell: usize = 0;
  if (op != OP_FENCE) {
    const addr = evalExpr(load<i32>(ip + (op == OP_LOAD ? 8 : 4)), regs, 0, cur);
    if (addr < 1 || addr > nLoc) {
      violationKind = VK_BAD_ADDRESS;
      violationProperty = -1;
      return STEP_VIOLATION;
    }
    cell = (<usize>(addr - 1)) << 2;
    if (op == OP_LOCK && load<i32>(cur + cell) != 0) return STEP_NONE;
  }
  copyForStep(t, next, cur);
  const npart = next + partOff;
  const nregs = npart + TS_REGS;
  switch (op) {
    case OP_LOAD:
      store<i32>(nregs + ((<usize>load<i32>(ip, 4)) << 2), load<i32>(cur + cell));
      break;
    case OP_STORE:
      store<i32>(next + cell, evalExpr(load<i32>(ip, 8), regs, 0, cur));
      break;
    case OP_RMW: {
      const read = load<i32>(cur + cell);
      const guard = load<i32>(ip, 12);
      const ok = guard < 0 || evalExpr(guard, regs, read, cur) != 0;
      if (ok) store<i32>(next + cell, evalExpr(load<i32>(ip, 8), regs, read, cur));
      const dst = load<i32>(ip, 16);
      if (dst >= 0) store<i32>(nregs + ((<usize>dst) << 2), read);
      const okReg = load<i32>(ip, 20);
      if (okReg >= 0) store<i32>(nregs + ((<usize>okReg) << 2), ok ? 1 : 0);
      break;
    }
    case OP_LOCK:
      store<i32>(next + cell, 1);
      break;
    case OP_UNLOCK:
      store<i32>(next + cell, 0);
      break;
    default:
      break; // fences do nothing under SC
  }
  if (op != OP_LOAD && op != OP_FENCE) noteWrite(cell);
  store<i32>(npart + TS_PC, pc + 1);
  const local = runLocal(t, next);
  if (local == LOCAL_PRUNED) return STEP_NONE;
  if (local == LOCAL_VIOLATION) return STEP_VIOLATION;
  return STEP_STATE;
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
