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
  copyForStep,
  noteWrite,
  runLocal,
  STEP_NONE,
  STEP_STATE,
  STEP_VIOLATION,
  setBadAddress,
} from './thread';

/** `StepInfo.choice` of executing the next instruction / of flushing the oldest buffered store. */
export const TSO_EXECUTE = 0;
export const TSO_FLUSH = 1;

/** Byte address of thread `t`'s store buffer (its count word) in state vector `vec`. */
// @ts-ignore: decorator
@inline function bufferOf(vec: usize, t: i32): usize {
  const row = threadRow(t);
  return vec + <usize>load<i32>(row + TI_STATE) + <usize>load<i32>(row + TI_BUF);
}

/** Whether every store buffer of `vec` is empty (the state is settled). */
export function buffersEmpty(vec: usize): bool {
  for (let t = 0; t < nThreads; t++) if (load<i32>(bufferOf(vec, t)) != 0) return false;
  return true;
}

/** `TsoPacked.step`: choice TSO_EXECUTE or TSO_FLUSH of thread `t` from `cur` into `next`. */
export function stepTso(t: i32, choice: i32, cur: usize, next: usize): i32 {
  return choice == TSO_FLUSH ? flush(t, cur, next) : execute(t, cur, next);
}

/** Writes the oldest buffered store of thread `t` to memory, if there is one. */
function flush(t: i32, cur: usize, next: usize): i32 {
  const q = bufferOf(cur, t);
  const n = load<i32>(q);
  if (n == 0) return STEP_NONE;
  copyForStep(t, next, cur);
  const addr = load<i32>(q, 4);
  store<i32>(next + ((<usize>(addr - 1)) << 2), load<i32>(q, 8));
  noteWrite((<usize>(addr - 1)) << 2);
  const nq = bufferOf(next, t);
  // Shift the remaining entries down by one and clear the last.
  const entries = nq + 4;
  const last = entries + ((<usize>(n - 1)) << 3);
  for (let p = entries; p < last; p += 8) store<u64>(p, load<u64>(p + 8));
  store<u64>(last, 0);
  store<i32>(nq, n - 1);
  return STEP_STATE;
}

/** Whether the instruction at `ip` drains the buffer first (LOCK prefix, MFENCE). */
// @ts-ignore: decorator
@inline function drains(op: i32, ip: usize): bool {
  return op == OP_RMW || op == OP_LOCK || (op == OP_FENCE && load<i32>(ip, 4) == F_MB);
}

/** Thread `t` executes its next shared instruction under x86-TSO. */
function execute(t: i32, cur: usize, next: usize): i32 {
  const row = threadRow(t);
  const partOff = <usize>load<i32>(row + TI_STATE);
  const part = cur + partOff;
  if (load<i32>(part + TS_STATUS) != ST_RUNNING) return STEP_NONE;
  const pc = load<i32>(part + TS_PC);
  const ip = <usize>load<u32>(row + TI_CODE) + (<usize>pc) * INSTR_BYTES;
  const op = load<i32>(ip);
  if (op < OP_LOAD || op > OP_UNLOCK) return STEP_NONE;
  const regs = part + TS_REGS;
  const q = part + <usize>load<i32>(row + TI_BUF);
  const n = load<i32>(q);
  let addr: i32 = 0;
  let cell: usize = 0;
  if (op != OP_FENCE) {
    addr = evalExpr(load<i32>(ip + (op == OP_LOAD ? 8 : 4)), regs, 0, cur);
    if (addr < 1 || addr > nLoc) {
      setBadAddress();
      return STEP_VIOLATION;
    }
    cell = (<usize>(addr - 1)) << 2;
  }
  if (n != 0 && drains(op, ip)) return STEP_NONE;
  if (op == OP_LOCK && load<i32>(cur + cell) != 0) return STEP_NONE;
  copyForStep(t, next, cur);
  const npart = next + partOff;
  const nregs = npart + TS_REGS;
  const nq = npart + <usize>load<i32>(row + TI_BUF);
  switch (op) {
    case OP_LOAD: {
      let read = load<i32>(cur + cell);
      for (let k = n - 1; k >= 0; k--) {
        const e = q + 4 + ((<usize>k) << 3);
        if (load<i32>(e) == addr) {
          read = load<i32>(e, 4);
          break;
        }
      }
      store<i32>(nregs + ((<usize>load<i32>(ip, 4)) << 2), read);
      break;
    }
    case OP_STORE:
    case OP_UNLOCK: {
      // The encoder's bound (storeBufferBound) is static and sound: n < cap here.
      const e = nq + 4 + ((<usize>n) << 3);
      store<i32>(e, addr);
      store<i32>(e, op == OP_STORE ? evalExpr(load<i32>(ip, 8), regs, 0, cur) : 0, 4);
      store<i32>(nq, n + 1);
      break;
    }
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
    default:
      break; // fences: smp_mb waited for the empty buffer, the others are compiler barriers
  }
  if (op == OP_RMW || op == OP_LOCK) noteWrite(cell);
  store<i32>(npart + TS_PC, pc + 1);
  const local = runLocal(t, next);
  if (local == LOCAL_PRUNED) return STEP_NONE;
  if (local == LOCAL_VIOLATION) return STEP_VIOLATION;
  return STEP_STATE;
}
