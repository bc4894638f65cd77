// x86-TSO steps, mirroring core's models/tso.ts (the packed `TsoPacked.step`): a FIFO store
// buffer per thread, [n, (addr, value) x cap] after the thread's loop counters (program.ts).
// Slot choice 0 executes the thread's next shared access, choice 1 writes its oldest buffered
// store to memory (`flush`), as in `successors()`.
//
// - load: forwarded from the newest own buffered store to the address, else memory;
// - store / unlock: appended to the store buffer;
// - rmw (also a failed one), lock and smp_mb: LOCK prefix / MFENCE, enabled only with an empty
//   buffer, act on memory; other fences do nothing.
import {
  F_MB,
  OP_FENCE,
  OP_LOAD,
  OP_LOCK,
  OP_RMW,
  OP_STORE,
  OP_UNLOCK,
  ST_RUNNING,
} from '../../core/src/encoding/opcodes';
import { evalExpr } from './eval';
import { INSTR_BYTES, nLoc, nThreads, TI_BUF, TI_CODE, TI_STATE, TS_PC, TS_REGS, TS_STATUS, threadRow } from './program';
import {
  LOCAL_PRUNED,
  LOCAL_VIOLATION,
  rmwInPlace,
  runLocal,
  STEP_NONE,
  STEP_STATE,
  STEP_VIOLATION,
  setBadAddress,
} from './thread';
import { put } from './undo';

/** `StepInfo.choice` of executing the next instruction / of flushing the oldest buffered store. */
export const TSO_EXECUTE = 0;
export const TSO_FLUSH = 1;

/** Byte offset of thread `t`'s store buffer (its count word) in a state vector. */
// @ts-ignore: decorator
@inline function bufferOffset(t: i32): usize {
  const row = threadRow(t);
  return <usize>load<i32>(row + TI_STATE) + <usize>load<i32>(row + TI_BUF);
}

/** Whether every store buffer of `vec` is empty (the state is settled). */
export function buffersEmpty(vec: usize): bool {
  for (let t = 0; t < nThreads; t++) if (load<i32>(vec + bufferOffset(t)) != 0) return false;
  return true;
}

/**
 * `TsoPacked.step`: choice TSO_EXECUTE or TSO_FLUSH of thread `t` in state `vec`, in place
 * (thread.ts `stepThread` says how the search restores the state).
 */
export function stepTso(t: i32, choice: i32, vec: usize): i32 {
  return choice == TSO_FLUSH ? flush(t, vec) : execute(t, vec);
}

/** Writes the oldest buffered store of thread `t` to memory, if there is one. */
function flush(t: i32, vec: usize): i32 {
  const qOff = bufferOffset(t);
  const q = vec + qOff;
  const n = load<i32>(q);
  if (n == 0) return STEP_NONE;
  put(vec, (<usize>(load<i32>(q, 4) - 1)) << 2, load<i32>(q, 8));
  // Shift the remaining entries down by one and clear the last (unused entries stay 0: the
  // packed form and the hash see whole buffers).
  const entries = qOff + 4;
  const last = entries + ((<usize>(n - 1)) << 3);
  for (let p = entries; p < last; p += 4) put(vec, p, load<i32>(vec + p + 8));
  put(vec, last, 0);
  put(vec, last + 4, 0);
  put(vec, qOff, n - 1);
  return STEP_STATE;
}

/** Whether the instruction at `ip` drains the buffer first (LOCK prefix, MFENCE). */
// @ts-ignore: decorator
@inline function drains(op: i32, ip: usize): bool {
  return op == OP_RMW || op == OP_LOCK || (op == OP_FENCE && load<i32>(ip, 4) == F_MB);
}

/** Thread `t` executes its next shared instruction under x86-TSO. */
function execute(t: i32, vec: usize): i32 {
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
  const qOff = partOff + <usize>load<i32>(row + TI_BUF);
  const q = vec + qOff;
  const n = load<i32>(q);
  let addr: i32 = 0;
  let cell: usize = 0;
  if (op != OP_FENCE) {
    addr = evalExpr(load<i32>(ip + (op == OP_LOAD ? 8 : 4)), regs, 0, vec);
    if (addr < 1 || addr > nLoc) {
      setBadAddress();
      return STEP_VIOLATION;
    }
    cell = (<usize>(addr - 1)) << 2;
  }
  if (n != 0 && drains(op, ip)) return STEP_NONE;
  if (op == OP_LOCK && load<i32>(vec + cell) != 0) return STEP_NONE;
  switch (op) {
    case OP_LOAD: {
      let read = load<i32>(vec + cell);
      for (let k = n - 1; k >= 0; k--) {
        const e = q + 4 + ((<usize>k) << 3);
        if (load<i32>(e) == addr) {
          read = load<i32>(e, 4);
          break;
        }
      }
      put(vec, regsOff + ((<usize>load<i32>(ip, 4)) << 2), read);
      break;
    }
    case OP_STORE:
    case OP_UNLOCK: {
      // The encoder's bound (storeBufferBound) is static and sound: n < cap here.
      const value = op == OP_STORE ? evalExpr(load<i32>(ip, 8), regs, 0, vec) : 0;
      const e = qOff + 4 + ((<usize>n) << 3);
      put(vec, e, addr);
      put(vec, e + 4, value);
      put(vec, qOff, n + 1);
      break;
    }
    case OP_RMW:
      rmwInPlace(ip, vec, regsOff, cell);
      break;
    case OP_LOCK:
      put(vec, cell, 1);
      break;
    default:
      break; // fences: smp_mb waited for the empty buffer, the others are compiler barriers
  }
  put(vec, partOff + TS_PC, pc + 1);
  const local = runLocal(t, vec);
  if (local == LOCAL_PRUNED) return STEP_NONE;
  if (local == LOCAL_VIOLATION) return STEP_VIOLATION;
  return STEP_STATE;
}
