// Binary relations over a small universe {0..m-1} as bit matrices in linear memory (m rows of
// `relWords` u64 words), and event sets as single rows: the AssemblyScript side of
// packages/core/src/models/lkmm/relation.ts (union, composition, transitive closure,
// acyclicity). Everything is allocated from a bump arena that each consistency check resets.

/** Universe size and row width of the relations of the current check. */
export let relSize: i32 = 0;
export let relWords: i32 = 0;
/** Bytes of one row and of one matrix. */
export let rowBytes: usize = 0;
export let matrixBytes: usize = 0;

let arenaBase: usize = 0;
let arenaTop: usize = 0;

/** Starts a new arena at `base` (16-aligned); every earlier allocation is dropped. */
export function arenaReset(base: usize): void {
  arenaBase = base;
  arenaTop = base;
}

export function arenaUsed(): usize {
  return arenaTop - arenaBase;
}

/** `bytes` bytes from the arena, zeroed (the caller ensured the memory exists). */
export function arenaAlloc(bytes: usize): usize {
  const p = arenaTop;
  arenaTop = (arenaTop + bytes + 15) & ~(<usize>15);
  // A plain loop: the blocks are small, and V8 runs memory.fill as a call out of the code.
  for (let q = p; q < arenaTop; q += 16) {
    store<u64>(q, 0);
    store<u64>(q, 0, 8);
  }
  return p;
}

/** `bytes` bytes from the arena, not zeroed (for tables the caller fills completely). */
export function arenaAllocRaw(bytes: usize): usize {
  const p = arenaTop;
  arenaTop = (arenaTop + bytes + 15) & ~(<usize>15);
  return p;
}

/** Sets the universe of the relations allocated next. */
export function setUniverse(m: i32): void {
  relSize = m;
  relWords = (m + 63) >> 6;
  if (relWords == 0) relWords = 1;
  rowBytes = (<usize>relWords) << 3;
  matrixBytes = (<usize>m) * rowBytes;
}

/** Bytes the arena needs for `matrices` relations and `rows` extra rows over `m` elements. */
export function bytesFor(m: i32, matrices: i32, rows: i32): u64 {
  const w: u64 = <u64>(((m + 63) >> 6) | 1);
  return (<u64>matrices * <u64>m + <u64>rows) * (w << 3) + <u64>(matrices + rows) * 16;
}

/** A new empty relation. */
export function newRel(): usize {
  return arenaAlloc(matrixBytes);
}

/** A new empty set (one row). */
export function newSet(): usize {
  return arenaAlloc(rowBytes);
}

export function rowOf(r: usize, i: i32): usize {
  return r + (<usize>i) * rowBytes;
}

export function bitHas(row: usize, j: i32): bool {
  return ((load<u64>(row + ((<usize>(j >> 6)) << 3)) >> (<u64>(j & 63))) & 1) != 0;
}

export function bitSet(row: usize, j: i32): void {
  const p = row + ((<usize>(j >> 6)) << 3);
  store<u64>(p, load<u64>(p) | ((<u64>1) << u64(j & 63)));
}

export function bitClear(row: usize, j: i32): void {
  const p = row + ((<usize>(j >> 6)) << 3);
  store<u64>(p, load<u64>(p) & ~((<u64>1) << u64(j & 63)));
}

export function relHas(r: usize, i: i32, j: i32): bool {
  return bitHas(rowOf(r, i), j);
}

export function relAdd(r: usize, i: i32, j: i32): void {
  bitSet(rowOf(r, i), j);
}

/** The bits of word `k` (bits 64k .. 64k+63) that lie in [lo, hi), for k in lo>>6 .. (hi-1)>>6. */
function rangeMask(k: i32, lo: i32, hi: i32): u64 {
  let mask: u64 = 0xffffffffffffffff;
  if (k == lo >> 6) mask &= 0xffffffffffffffff << u64(lo & 63);
  if (k == (hi - 1) >> 6) {
    const top = hi - (k << 6);
    if (top < 64) mask &= ((<u64>1) << u64(top)) - 1;
  }
  return mask;
}

/** row |= [lo, hi) ∩ filter. */
export function rowAddRangeOf(row: usize, lo: i32, hi: i32, filter: usize): void {
  if (lo >= hi) return;
  const k1 = (hi - 1) >> 6;
  for (let k = lo >> 6; k <= k1; k++) {
    const o = (<usize>k) << 3;
    store<u64>(row + o, load<u64>(row + o) | (rangeMask(k, lo, hi) & load<u64>(filter + o)));
  }
}

/** row |= [lo, hi). */
export function rowAddRange(row: usize, lo: i32, hi: i32): void {
  if (lo >= hi) return;
  const k1 = (hi - 1) >> 6;
  for (let k = lo >> 6; k <= k1; k++) {
    const o = (<usize>k) << 3;
    store<u64>(row + o, load<u64>(row + o) | rangeMask(k, lo, hi));
  }
}

/** dst |= src (rows). */
export function rowOr(dst: usize, src: usize): void {
  for (let o: usize = 0; o < rowBytes; o += 8) store<u64>(dst + o, load<u64>(dst + o) | load<u64>(src + o));
}

/** dst |= src & mask (rows). */
export function rowOrAnd(dst: usize, src: usize, mask: usize): void {
  for (let o: usize = 0; o < rowBytes; o += 8)
    store<u64>(dst + o, load<u64>(dst + o) | (load<u64>(src + o) & load<u64>(mask + o)));
}

/** dst |= src & ~mask (rows). */
export function rowOrAndNot(dst: usize, src: usize, mask: usize): void {
  for (let o: usize = 0; o < rowBytes; o += 8)
    store<u64>(dst + o, load<u64>(dst + o) | (load<u64>(src + o) & ~load<u64>(mask + o)));
}

export function rowIsEmpty(row: usize): bool {
  for (let o: usize = 0; o < rowBytes; o += 8) if (load<u64>(row + o) != 0) return false;
  return true;
}

/** Number of elements of a set. */
export function rowCount(row: usize): i32 {
  let c: i32 = 0;
  for (let o: usize = 0; o < rowBytes; o += 8) c += <i32>popcnt<u64>(load<u64>(row + o));
  return c;
}

/** In place: a ∪= b. */
export function relUnionWith(a: usize, b: usize): void {
  for (let o: usize = 0; o < matrixBytes; o += 8) store<u64>(a + o, load<u64>(a + o) | load<u64>(b + o));
}

/** A copy of `a`. */
export function relClone(a: usize): usize {
  const out = arenaAllocRaw(matrixBytes);
  for (let o: usize = 0; o < matrixBytes; o += 8) store<u64>(out + o, load<u64>(a + o));
  return out;
}

/** In place: r? (adds the identity pairs). */
export function relAddIdentity(r: usize): void {
  for (let i = 0; i < relSize; i++) relAdd(r, i, i);
}

/**
 * out |= a ; b (out must be neither a nor b). Row by row (one OR of b's row j per pair (i, j)
 * of a), or column by column when b has few non-empty rows and a many pairs (for each
 * non-empty row j of b, the rows i of a that hold j): the same pairs either way.
 */
export function relComposeInto(out: usize, a: usize, b: usize): void {
  const w = relWords;
  let pairsA = 0;
  let rowsB = 0;
  for (let i = 0; i < relSize; i++) {
    pairsA += rowCount(rowOf(a, i));
    if (!rowIsEmpty(rowOf(b, i))) rowsB++;
  }
  if (rowsB * relSize < pairsA) {
    for (let j = 0; j < relSize; j++) {
      const rb = rowOf(b, j);
      if (rowIsEmpty(rb)) continue;
      const jw = (<usize>(j >> 6)) << 3;
      const jbit: u64 = (<u64>1) << u64(j & 63);
      for (let i = 0; i < relSize; i++) if ((load<u64>(rowOf(a, i) + jw) & jbit) != 0) rowOr(rowOf(out, i), rb);
    }
    return;
  }
  for (let i = 0; i < relSize; i++) {
    const ra = rowOf(a, i);
    const ro = rowOf(out, i);
    for (let k = 0; k < w; k++) {
      let word = load<u64>(ra + ((<usize>k) << 3));
      while (word != 0) {
        const j = (k << 6) + <i32>ctz<u64>(word);
        word &= word - 1;
        rowOr(ro, rowOf(b, j));
      }
    }
  }
}

/** A new relation: a ; b. */
export function relCompose(a: usize, b: usize): usize {
  const out = newRel();
  relComposeInto(out, a, b);
  return out;
}

/** In place: transitive closure (r+), Warshall over bit rows. */
export function relCloseTransitively(a: usize): void {
  for (let k = 0; k < relSize; k++) {
    const rk = rowOf(a, k);
    if (rowIsEmpty(rk)) continue; // k adds nothing to the rows that reach it
    const kw = (<usize>(k >> 6)) << 3;
    const kbit: u64 = (<u64>1) << u64(k & 63);
    for (let i = 0; i < relSize; i++) {
      const ri = rowOf(a, i);
      if ((load<u64>(ri + kw) & kbit) != 0) rowOr(ri, rk);
    }
  }
}

/** Whether `r` as a directed graph has no cycle (iterative DFS; `scratch` holds 3 m i32). */
export function relIsAcyclic(r: usize, scratch: usize): bool {
  const m = relSize;
  const color = scratch; // 0 white, 1 on the stack, 2 done
  const stackNode = scratch + ((<usize>m) << 2);
  const stackPos = stackNode + ((<usize>m) << 2);
  for (let s = 0; s < m; s++) store<i32>(color + ((<usize>s) << 2), 0);
  for (let s = 0; s < m; s++) {
    if (load<i32>(color + ((<usize>s) << 2)) != 0) continue;
    let top = 0;
    store<i32>(stackNode, s);
    store<i32>(stackPos, 0);
    store<i32>(color + ((<usize>s) << 2), 1);
    while (top >= 0) {
      const u = load<i32>(stackNode + ((<usize>top) << 2));
      let pos = load<i32>(stackPos + ((<usize>top) << 2));
      const ru = rowOf(r, u);
      let next = -1;
      while (pos < m) {
        const kw = pos >> 6;
        const word = load<u64>(ru + ((<usize>kw) << 3)) >> (<u64>(pos & 63));
        if (word == 0) {
          pos = (kw + 1) << 6;
          continue;
        }
        const j = pos + <i32>ctz<u64>(word);
        pos = j + 1;
        const cj = load<i32>(color + ((<usize>j) << 2));
        if (cj == 1) return false;
        if (cj == 0) {
          next = j;
          break;
        }
      }
      store<i32>(stackPos + ((<usize>top) << 2), pos);
      if (next >= 0) {
        store<i32>(color + ((<usize>next) << 2), 1);
        top++;
        store<i32>(stackNode + ((<usize>top) << 2), next);
        store<i32>(stackPos + ((<usize>top) << 2), 0);
      } else {
        store<i32>(color + ((<usize>u) << 2), 2);
        top--;
      }
    }
  }
  return true;
}
