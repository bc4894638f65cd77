// The encoded program (see packages/core/src/encoding/opcodes.ts) as it sits in linear memory,
// plus a per-thread table that says where each thread's part of the state vector lies.
import {
  H_BUFCAPS,
  H_EXPRS,
  H_FINALS,
  H_LOCINIT,
  H_NLOC,
  H_NTHREADS,
  H_THREADS,
  INSTR_WORDS,
  T_CODE,
  T_NINSTR,
  T_NLOOPS,
  T_NREGS,
  T_REGINIT,
  THREAD_REC,
} from '../../core/src/encoding/opcodes';

/** Byte size of one row of the thread table. */
export const TI_BYTES: usize = 64;
// Thread table row fields (byte offsets).
export const TI_CODE: usize = 0; // byte address of the thread's first instruction
export const TI_NINSTR: usize = 4;
export const TI_STATE: usize = 8; // byte offset of the thread's part in a state vector
export const TI_NREGS: usize = 12;
export const TI_NLOOPS: usize = 16;
export const TI_REGINIT: usize = 20; // byte address of the initial register values
// Where the thread's fields lie in a packed vector (see pack.ts).
export const TI_PK_REGS: usize = 24; // byte offset of the registers (4 bytes each)
export const TI_PK_PS: usize = 28; // byte offset of pc * 3 + status
export const TI_PK_PS_WIDTH: usize = 32; // its width in bytes: 1, 2 or 4
export const TI_PK_LOOPS: usize = 36; // byte offset of the first loop counter
export const TI_PK_LOOP_WIDTH: usize = 40; // width of each loop counter: 1, 2 or 4
// x86-TSO (tso.ts): the store buffer, [n, (addr, value) x cap] after the loop counters.
export const TI_BUF: usize = 44; // byte offset of the buffer in the thread's part
export const TI_BUFCAP: usize = 48; // entries it can hold
export const TI_PK_BUF: usize = 52; // byte offset of the buffer in a packed vector (4 bytes per word)

// Thread state part: pc, status, registers, loop counters (32-bit words).
export const TS_PC: usize = 0;
export const TS_STATUS: usize = 4;
export const TS_REGS: usize = 8;

/** Byte size of one encoded instruction (INSTR_WORDS words). */
export const INSTR_BYTES: usize = (<usize>INSTR_WORDS) << 2;

export let progPtr: usize = 0;
export let nLoc: i32 = 0;
export let nThreads: i32 = 0;
export let exprBase: usize = 0;
export let finalsPtr: usize = 0;
export let threadTable: usize = 0;
/** x86-TSO: the program has store-buffer bounds (H_BUFCAPS), each thread part a buffer. */
export let storeBuffers: bool = false;
/** Words and bytes of a state vector: memory cells, then each thread's part. */
export let vecWords: i32 = 0;
export let vecBytes: usize = 0;

/** Makes the program at `ptr` the current one for `word()` (decodeProgram does this too). */
export function setProgram(ptr: usize): void {
  progPtr = ptr;
}

export function word(i: i32): i32 {
  return load<i32>(progPtr + ((<usize>i) << 2));
}

/**
 * Decodes the header of the program at `ptr` and fills the thread table at `table`
 * (nThreads rows). Returns the state vector size in words.
 */
export function decodeProgram(ptr: usize, table: usize): i32 {
  progPtr = ptr;
  nLoc = word(H_NLOC);
  nThreads = word(H_NTHREADS);
  exprBase = ptr + ((<usize>word(H_EXPRS)) << 2);
  finalsPtr = ptr + ((<usize>word(H_FINALS)) << 2);
  threadTable = table;
  let off = nLoc;
  const threads = word(H_THREADS);
  const caps = word(H_BUFCAPS);
  storeBuffers = caps > 0;
  for (let t = 0; t < nThreads; t++) {
    const rec = threads + t * THREAD_REC;
    const row = table + (<usize>t) * TI_BYTES;
    const nRegs = word(rec + T_NREGS);
    const nLoops = word(rec + T_NLOOPS);
    store<u32>(row + TI_CODE, <u32>(ptr + ((<usize>word(rec + T_CODE)) << 2)));
    store<i32>(row + TI_NINSTR, word(rec + T_NINSTR));
    const partStart = off;
    store<i32>(row + TI_STATE, off << 2);
    store<i32>(row + TI_NREGS, nRegs);
    store<i32>(row + TI_NLOOPS, nLoops);
    store<u32>(row + TI_REGINIT, <u32>(ptr + ((<usize>word(rec + T_REGINIT)) << 2)));
    off += 2 + nRegs + nLoops;
    const cap = storeBuffers ? word(caps + t) : 0;
    store<i32>(row + TI_BUF, storeBuffers ? (off - partStart) << 2 : 0);
    store<i32>(row + TI_BUFCAP, cap);
    if (storeBuffers) off += 1 + 2 * cap;
  }
  vecWords = off;
  vecBytes = (<usize>off) << 2;
  return off;
}

/** Writes the initial state vector (before any local code runs) to `vec`. */
export function writeInitialVector(vec: usize): void {
  memory.fill(vec, 0, vecBytes);
  const init = progPtr + ((<usize>word(H_LOCINIT)) << 2);
  memory.copy(vec, init, (<usize>nLoc) << 2);
  for (let t = 0; t < nThreads; t++) {
    const row = threadTable + (<usize>t) * TI_BYTES;
    const part = vec + <usize>load<i32>(row + TI_STATE);
    // pc = 0, status = ST_RUNNING (0), loop counters = 0: already zero.
    memory.copy(part + TS_REGS, <usize>load<u32>(row + TI_REGINIT), (<usize>load<i32>(row + TI_NREGS)) << 2);
  }
}

export function threadRow(t: i32): usize {
  return threadTable + (<usize>t) * TI_BYTES;
}

export function threadPart(vec: usize, t: i32): usize {
  return vec + <usize>load<i32>(threadRow(t) + TI_STATE);
}
