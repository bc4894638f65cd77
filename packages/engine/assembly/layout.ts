// Linear-memory layout of the engine. Everything lives in one wasm32 memory:
//
//   [AS static data][static region: program words, thread table, scratch vectors, eval stack]
//   [queue region][records region][table region][free / rehash scratch ...]
//
// The three dynamic regions grow by moving the regions above them up (memory.copy handles the
// overlap). The table is last so that a rehash needs no move. `top` is the end of the table; a
// region may only grow while the new top stays below `limitBytes` (the user's maxMemoryMB, at most
// the wasm32 ceiling of 4 GiB = 65,536 pages) and memory.grow succeeds.

/** The wasm32 ceiling: 65,536 pages of 64 KiB. */
export const WASM32_MAX_BYTES: u64 = 4294967296;

/** Highest byte address (exclusive) the engine may use. */
let limitBytes: u64 = WASM32_MAX_BYTES;
/** End (exclusive) of the used part of memory. */
export let top: usize = 0;

export function setLimitPages(pages: i32): void {
  const p: u64 = pages <= 0 || pages > 65536 ? 65536 : <u64>pages;
  limitBytes = p << 16;
}

export function setTop(t: usize): void {
  top = t;
}

/** Makes sure bytes [0, end) exist, growing memory if needed; false when over the limit. */
export function ensureBytes(end: u64): bool {
  // `end` must stay a valid 32-bit address, so the last byte of the 4 GiB space stays unused.
  if (end > limitBytes || end >= WASM32_MAX_BYTES) return false;
  const have: u64 = (<u64>memory.size()) << 16;
  if (end > have) {
    const pages = <i32>((end - have + 65535) >> 16);
    if (memory.grow(pages) < 0) return false;
  }
  return true;
}

/** Rounds `x` up to a multiple of 16. */
export function align16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/** From this size on, memory.copy (a call out of the generated code) beats the loop below. */
const COPY_CALL_BYTES: usize = 256;

/**
 * Copies `bytes` bytes (a multiple of 4) between non-overlapping buffers. For the short state
 * vectors of the hot loop a plain loop beats memory.copy, which V8 runs as a call out of the
 * generated code.
 */
export function copyWords(dst: usize, src: usize, bytes: usize): void {
  if (bytes >= COPY_CALL_BYTES) {
    memory.copy(dst, src, bytes);
    return;
  }
  const end8 = src + (bytes & ~(<usize>7));
  while (src < end8) {
    store<u64>(dst, load<u64>(src));
    src += 8;
    dst += 8;
  }
  if (bytes & 4) store<u32>(dst, load<u32>(src));
}
