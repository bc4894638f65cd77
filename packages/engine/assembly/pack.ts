// Packed state vectors: what the visited table fingerprints and the frontier stores. Memory
// cells and registers keep 32 bits; each thread's pc and status are one value pc << 2 | status
// (pc is at most the code length) and its loop counters (at most their bound) get 1, 2 or 4
// bytes, whichever holds their range. Packing is a bijection on reachable vectors, so packed
// vectors are equal exactly when the unpacked ones are: the state counts do not change.
import { OP_BRANCH, OP_JUMP } from '../../core/src/encoding/opcodes';
import { copyWords } from './layout';
import {
  INSTR_BYTES,
  nLoc,
  nThreads,
  threadRow,
  TI_CODE,
  TI_NINSTR,
  TI_NLOOPS,
  TI_BUF,
  TI_BUFCAP,
  TI_NREGS,
  TI_PK_BUF,
  TI_PK_LOOP_WIDTH,
  TI_PK_LOOPS,
  TI_PK_PS,
  TI_PK_PS_WIDTH,
  TI_PK_REGS,
  TI_STATE,
  TS_PC,
  TS_REGS,
  TS_STATUS,
} from './program';

/** Bytes of a packed vector (a multiple of 4; the padding is zero). */
export let packedBytes: usize = 0;
/** Where the narrow fields (pc/status, loop counters) start. */
let narrowStart: usize = 0;

function widthFor(max: u32): usize {
  return max <= 0xff ? 1 : max <= 0xffff ? 2 : 4;
}

/** The largest loop bound of thread `t` (0 when it has no back edge). */
function maxBound(t: i32): u32 {
  const row = threadRow(t);
  const code = <usize>load<u32>(row + TI_CODE);
  const n = load<i32>(row + TI_NINSTR);
  let max: i32 = 0;
  for (let pc = 0; pc < n; pc++) {
    const ip = code + (<usize>pc) * INSTR_BYTES;
    const op = load<i32>(ip);
    let slot = -1;
    let bound = 0;
    if (op == OP_BRANCH) {
      slot = load<i32>(ip, 16);
      bound = load<i32>(ip, 20);
    } else if (op == OP_JUMP) {
      slot = load<i32>(ip, 8);
      bound = load<i32>(ip, 12);
    }
    if (slot >= 0 && bound > max) max = bound;
  }
  return <u32>max;
}

/** Lays out the packed vector (fills the packing fields of the thread table); returns its size. */
export function computePacking(): usize {
  let wide: usize = (<usize>nLoc) << 2;
  for (let t = 0; t < nThreads; t++) {
    const row = threadRow(t);
    store<u32>(row + TI_PK_REGS, <u32>wide);
    wide += (<usize>load<i32>(row + TI_NREGS)) << 2;
    // x86-TSO: the store buffer keeps its words ([n, (addr, value) x cap], unused entries 0).
    store<u32>(row + TI_PK_BUF, <u32>wide);
    wide += (<usize>bufferWords(row)) << 2;
  }
  narrowStart = wide;
  let narrow = wide;
  for (let t = 0; t < nThreads; t++) {
    const row = threadRow(t);
    const psWidth = widthFor((<u32>load<i32>(row + TI_NINSTR) << 2) | 3);
    const loopWidth = widthFor(maxBound(t));
    store<u32>(row + TI_PK_PS, <u32>narrow);
    store<u32>(row + TI_PK_PS_WIDTH, <u32>psWidth);
    narrow += psWidth;
    store<u32>(row + TI_PK_LOOPS, <u32>narrow);
    store<u32>(row + TI_PK_LOOP_WIDTH, <u32>loopWidth);
    narrow += loopWidth * <usize>load<i32>(row + TI_NLOOPS);
  }
  packedBytes = (narrow + 3) & ~(<usize>3);
  return packedBytes;
}

/** Words of thread `row`'s store buffer in a state vector (0 under SC). */
function bufferWords(row: usize): i32 {
  const cap = load<i32>(row + TI_BUFCAP);
  return load<i32>(row + TI_BUF) == 0 ? 0 : 1 + 2 * cap;
}

function storeWidth(p: usize, v: u32, width: usize): void {
  if (width == 1) store<u8>(p, <u8>v);
  else if (width == 2) store<u16>(p, <u16>v);
  else store<u32>(p, v);
}

function loadWidth(p: usize, width: usize): u32 {
  if (width == 1) return <u32>load<u8>(p);
  if (width == 2) return <u32>load<u16>(p);
  return load<u32>(p);
}

/** Packs the memory cells of the state vector at `src` into the packed vector at `dst`. */
export function packMemory(src: usize, dst: usize): void {
  copyWords(dst, src, (<usize>nLoc) << 2);
}

/** Packs thread `t`'s part of the state vector at `src` into the packed vector at `dst`. */
export function packThread(t: i32, src: usize, dst: usize): void {
  const row = threadRow(t);
  const part = src + <usize>load<i32>(row + TI_STATE);
  const nRegs = <usize>load<i32>(row + TI_NREGS);
  copyWords(dst + <usize>load<u32>(row + TI_PK_REGS), part + TS_REGS, nRegs << 2);
  const buf = bufferWords(row);
  if (buf > 0) copyWords(dst + <usize>load<u32>(row + TI_PK_BUF), part + <usize>load<i32>(row + TI_BUF), (<usize>buf) << 2);
  const ps = (<u32>load<i32>(part + TS_PC) << 2) | <u32>load<i32>(part + TS_STATUS);
  storeWidth(dst + <usize>load<u32>(row + TI_PK_PS), ps, <usize>load<u32>(row + TI_PK_PS_WIDTH));
  const nLoops = load<i32>(row + TI_NLOOPS);
  if (nLoops == 0) return;
  const loops = part + TS_REGS + (nRegs << 2);
  const width = <usize>load<u32>(row + TI_PK_LOOP_WIDTH);
  let q = dst + <usize>load<u32>(row + TI_PK_LOOPS);
  for (let s = 0; s < nLoops; s++, q += width) storeWidth(q, load<u32>(loops + ((<usize>s) << 2)), width);
}

/** Packs the whole state vector at `src` into `dst` (packedBytes bytes). */
export function pack(src: usize, dst: usize): void {
  if (packedBytes > narrowStart) store<u32>(dst + packedBytes - 4, 0); // zero the padding
  packMemory(src, dst);
  for (let t = 0; t < nThreads; t++) packThread(t, src, dst);
}

/**
 * Patches `dst`, a copy of the packed form of a successor's head, into the successor's packed
 * form: the words that the successor's redo log `log` lists (undo.ts: memory cells and thread
 * `t`'s part) take their values from the successor's vector `vec` (the head with the log applied).
 */
export function patchPacked(t: i32, log: usize, vec: usize, dst: usize): void {
  const row = threadRow(t);
  const memBytes = (<usize>nLoc) << 2;
  const partOff = <usize>load<i32>(row + TI_STATE);
  const regsEnd = TS_REGS + ((<usize>load<i32>(row + TI_NREGS)) << 2);
  const loopsEnd = regsEnd + ((<usize>load<i32>(row + TI_NLOOPS)) << 2);
  const n = load<i32>(log);
  for (let i = 0; i < n; i++) {
    // The changed word's offset; its value is the vector's (the log holds the head's while applied).
    const off = <usize>load<u32>(log + 8 + ((<usize>i) << 3));
    const v = load<u32>(vec + off);
    if (off < memBytes) {
      store<u32>(dst + off, v);
      continue;
    }
    const rel = off - partOff;
    if (rel < TS_REGS) continue; // pc, status: below
    if (rel < regsEnd) {
      store<u32>(dst + <usize>load<u32>(row + TI_PK_REGS) + (rel - TS_REGS), v);
    } else if (rel < loopsEnd) {
      const width = <usize>load<u32>(row + TI_PK_LOOP_WIDTH);
      storeWidth(dst + <usize>load<u32>(row + TI_PK_LOOPS) + ((rel - regsEnd) >> 2) * width, v, width);
    } else {
      store<u32>(dst + <usize>load<u32>(row + TI_PK_BUF) + (rel - loopsEnd), v);
    }
  }
  const part = vec + partOff;
  const ps = (<u32>load<i32>(part + TS_PC) << 2) | <u32>load<i32>(part + TS_STATUS);
  storeWidth(dst + <usize>load<u32>(row + TI_PK_PS), ps, <usize>load<u32>(row + TI_PK_PS_WIDTH));
}

/** Unpacks the packed vector at `src` into the state vector at `dst`. */
export function unpack(src: usize, dst: usize): void {
  copyWords(dst, src, (<usize>nLoc) << 2);
  for (let t = 0; t < nThreads; t++) {
    const row = threadRow(t);
    const part = dst + <usize>load<i32>(row + TI_STATE);
    const nRegs = <usize>load<i32>(row + TI_NREGS);
    copyWords(part + TS_REGS, src + <usize>load<u32>(row + TI_PK_REGS), nRegs << 2);
    const buf = bufferWords(row);
    if (buf > 0) copyWords(part + <usize>load<i32>(row + TI_BUF), src + <usize>load<u32>(row + TI_PK_BUF), (<usize>buf) << 2);
    const ps = loadWidth(src + <usize>load<u32>(row + TI_PK_PS), <usize>load<u32>(row + TI_PK_PS_WIDTH));
    store<i32>(part + TS_PC, <i32>(ps >> 2));
    store<i32>(part + TS_STATUS, <i32>(ps & 3));
    const nLoops = load<i32>(row + TI_NLOOPS);
    if (nLoops == 0) continue;
    const loops = part + TS_REGS + (nRegs << 2);
    const width = <usize>load<u32>(row + TI_PK_LOOP_WIDTH);
    let q = src + <usize>load<u32>(row + TI_PK_LOOPS);
    for (let s = 0; s < nLoops; s++, q += width) store<u32>(loops + ((<usize>s) << 2), loadWidth(q, width));
  }
}
