// Partial-order reduction in the SC and x86-TSO searches, mirroring core's
// analysis/por-semantics.ts (`porChain`): after a successor produced by thread t, t keeps going
// while it has a pending mover (under TSO first a movable oldest buffered store, flushed; else
// the instruction at its pc when the POR section marks that pc a mover and, for an rmw, lock or
// smp_mb under TSO, its buffer is empty). A mover that is pruned or blocked ends the chain
// before it; a violating one ends it with its violation. The analysis and the soundness
// argument are core's analysis/por.ts; the section (H_POR, POR_*) is written by encode.ts.
import {
  F_MB,
  H_POR,
  OP_FENCE,
  OP_LOCK,
  OP_RMW,
  POR_CLASS_ANY,
  POR_LOCS,
  POR_THREADS,
  ST_RUNNING,
} from '../../core/src/encoding/opcodes';
import { INSTR_BYTES, progPtr, storeBuffers, TI_BUF, TI_CODE, TI_STATE, TS_PC, TS_STATUS, threadRow, word } from './program';
import {
  copyForStep,
  memoryLaneEnd,
  partLaneEnd,
  partLaneStart,
  STEP_NONE,
  STEP_STATE,
  STEP_VIOLATION,
  stepThread,
} from './thread';
import { put } from './undo';
import { stepTso, TSO_EXECUTE, TSO_FLUSH } from './tso';

/** The most chain steps after one step (core's POR_CHAIN_CAP). */
const CHAIN_CAP: i32 = 1 << 16;

/** The program has a POR section: chains run after every successor. */
export let porOn: bool = false;
/** Byte address of the location classes (word a - 1 = class of address a). */
let classes: usize = 0;
/** Byte address of the section (its POR_THREADS + t words give thread t's mover flags). */
let section: usize = 0;

/** Reads the POR section of the current program (after decodeProgram). */
export function porInit(): void {
  const sec = word(H_POR);
  porOn = sec != 0;
  if (!porOn) return;
  section = progPtr + ((<usize>sec) << 2);
  classes = progPtr + ((<usize>word(sec + POR_LOCS)) << 2);
}

// @ts-ignore: decorator
@inline function movable(t: i32, addr: i32): bool {
  const c = load<i32>(classes + ((<usize>(addr - 1)) << 2));
  return c == t || c == POR_CLASS_ANY;
}

/** Thread t's pending mover in `vec`: TSO_FLUSH, TSO_EXECUTE (the step under SC), or -1. */
function pendingMover(t: i32, vec: usize): i32 {
  const row = threadRow(t);
  const part = vec + <usize>load<i32>(row + TI_STATE);
  let n = 0;
  if (storeBuffers) {
    const q = part + <usize>load<i32>(row + TI_BUF);
    n = load<i32>(q);
    if (n > 0 && movable(t, load<i32>(q, 4))) return TSO_FLUSH;
  }
  if (load<i32>(part + TS_STATUS) != ST_RUNNING) return -1;
  const pc = load<i32>(part + TS_PC);
  const flags = progPtr + ((<usize>load<i32>(section + ((<usize>(POR_THREADS + t)) << 2))) << 2);
  if (load<i32>(flags + ((<usize>pc) << 2)) == 0) return -1;
  if (storeBuffers && n > 0) {
    const ip = <usize>load<u32>(row + TI_CODE) + (<usize>pc) * INSTR_BYTES;
    const op = load<i32>(ip);
    if (op == OP_RMW || op == OP_LOCK || (op == OP_FENCE && load<i32>(ip, 4) == F_MB)) return -1;
  }
  return TSO_EXECUTE;
}

/**
 * Runs thread t's chain of pending movers on the successor `vec` it just produced, in place
 * (`tmp`: one scratch vector). Returns STEP_STATE, or STEP_VIOLATION (violationKind and
 * violationProperty of thread.ts say which).
 *
 * Each chain step runs on a copy in `tmp` (a pruned or blocked mover leaves `vec` as it was
 * before it), then the words it changed are written back with undo.ts `put`, so that the search
 * logs them as part of the successor.
 */
export function porChain(t: i32, vec: usize, tmp: usize): i32 {
  for (let n = 0; n < CHAIN_CAP; n++) {
    const choice = pendingMover(t, vec);
    if (choice < 0) break;
    copyForStep(t, tmp, vec);
    const r = storeBuffers ? stepTso(t, choice, tmp) : stepThread(t, tmp);
    if (r == STEP_NONE) break;
    if (r == STEP_VIOLATION) return STEP_VIOLATION;
    writeBack(t, vec, tmp); // the step changed only memory and t's part
  }
  return STEP_STATE;
}

/** Writes the memory cells and thread t's part of `tmp` to `vec` (only the changed words). */
function writeBack(t: i32, vec: usize, tmp: usize): void {
  const mem = memoryLaneEnd();
  for (let off: usize = 0; off < mem; off += 4) put(vec, off, load<i32>(tmp + off));
  const hi = partLaneEnd(t);
  for (let off = partLaneStart(t); off < hi; off += 4) put(vec, off, load<i32>(tmp + off));
}
