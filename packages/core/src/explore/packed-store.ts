/**
 * The visited-state store of the packed explorer: states are fixed-width Int32 vectors, kept
 * exactly (each word XORed with the first state's, then one byte if in [0, 255), else an
 * escape byte and 4 bytes, in append-only chunks) and found through an open-addressing
 * hash table of state ids. Equality is exact (byte compare), so the hash only picks buckets.
 */

/** Bytes per arena chunk; a record never spans two chunks. */
const CHUNK = 1 << 24;

/**
 * Per-position odd multipliers of the state hash (a fixed xorshift sequence, so hashes are
 * deterministic).
 */
function hashKeys(n: number): Int32Array {
  const k = new Int32Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    k[i] = x | 1;
  }
  return k;
}

/** The hash term of word `x` at a position with multiplier `key`. */
function term(x: number, key: number): number {
  const k = Math.imul(x ^ (x >>> 16), key);
  return k ^ (k >>> 15);
}

/** The final avalanche of an accumulated hash. */
function finish(acc: number): number {
  acc ^= acc >>> 16;
  acc = Math.imul(acc, 0x85ebca6b);
  acc ^= acc >>> 13;
  acc = Math.imul(acc, 0xc2b2ae35);
  acc ^= acc >>> 16;
  return acc | 0;
}

/**
 * The accumulator of the hash of `vec[0 .. keys.length)`: a sum of independently mixed words,
 * so that it pipelines and can be updated word by word ({@link PackedStateStore.accumulateFrom}).
 */
function accumulate(vec: Int32Array, keys: Int32Array): number {
  let acc = keys.length;
  for (let i = 0; i < keys.length; i++) acc = (acc + term(vec[i]!, keys[i]!)) | 0;
  return acc;
}

/** Marks a word stored as 4 more bytes (words in [0, 255) are stored as one byte). */
const ESC = 255;

/** Exact set of fixed-width Int32 vectors, numbered 0, 1, 2, … in insertion order. */
export class PackedStateStore {
  readonly width: number;
  /** Number of stored states. */
  size = 0;
  private chunks: Uint8Array[] = [];
  private chunk: Uint8Array;
  private pos = 0;
  /** Per state: chunk index and offset in it, and its hash accumulator. */
  private chunkOf = new Int32Array(1024);
  private offsetOf = new Int32Array(1024);
  private accOf = new Int32Array(1024);
  /** Open addressing: state id + 1, 0 = empty. */
  private table = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private readonly keys: Int32Array;
  /** Words are stored XORed with the first vector added (most words keep their initial value). */
  private ref: Int32Array;
  private readonly maxRecord: number;

  constructor(width: number) {
    this.width = width;
    this.keys = hashKeys(width);
    this.maxRecord = 5 * width;
    this.ref = new Int32Array(width);
    this.chunk = new Uint8Array(Math.max(CHUNK, this.maxRecord));
    this.chunks.push(this.chunk);
  }

  /** The hash accumulator of stored state `id`. */
  accumulatorOf(id: number): number {
    return this.accOf[id]!;
  }

  /** The hash accumulator of `vec` (for {@link add}). */
  accumulate(vec: Int32Array): number {
    return accumulate(vec, this.keys);
  }

  /**
   * The hash accumulator of `vec`, from that of `base` (`baseAcc`): only the words where they
   * differ are rehashed. Equals `accumulate(vec)` when they differ only in `[from, to)`.
   */
  accumulateFrom(baseAcc: number, base: Int32Array, vec: Int32Array, from = 0, to = this.width): number {
    const keys = this.keys;
    let acc = baseAcc;
    for (let i = from; i < to; i++) {
      const x = vec[i]!;
      const y = base[i]!;
      if (x !== y) acc = (acc + term(x, keys[i]!) - term(y, keys[i]!)) | 0;
    }
    return acc;
  }

  /**
   * Adds `vec` (its first `width` words) if it is new and returns its id; returns -1 if an
   * equal vector is already stored. `acc` is its hash accumulator, if known.
   */
  add(vec: Int32Array, acc: number = accumulate(vec, this.keys)): number {
    const h = finish(acc);
    const table = this.table;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const e = table[i]!;
      if (e === 0) break;
      const id = e - 1;
      if (this.accOf[id] === acc && this.equals(id, vec)) return -1;
      i = (i + 1) & mask;
    }
    const id = this.size;
    if (id === 0) this.ref = vec.slice(0, this.width);
    if (id === this.accOf.length) this.growIds();
    if (this.pos + this.maxRecord > this.chunk.length) {
      this.chunk = new Uint8Array(Math.max(CHUNK, this.maxRecord));
      this.chunks.push(this.chunk);
      this.pos = 0;
    }
    this.chunkOf[id] = this.chunks.length - 1;
    this.offsetOf[id] = this.pos;
    this.accOf[id] = acc;
    this.pos = this.encode(vec, this.chunk, this.pos);
    table[i] = id + 1;
    this.size = id + 1;
    if (this.size * 2 > this.table.length) this.rehash();
    return id;
  }

  /** Writes state `id` to `out[0 .. width)`. */
  get(id: number, out: Int32Array): void {
    const c = this.chunks[this.chunkOf[id]!]!;
    let o = this.offsetOf[id]!;
    const w = this.width;
    const ref = this.ref;
    for (let i = 0; i < w; i++) {
      const b = c[o]!;
      if (b !== ESC) {
        out[i] = b ^ ref[i]!;
        o++;
      } else {
        out[i] = (c[o + 1]! | (c[o + 2]! << 8) | (c[o + 3]! << 16) | (c[o + 4]! << 24)) ^ ref[i]!;
        o += 5;
      }
    }
  }

  /** Whether state `id` equals `vec`. */
  private equals(id: number, vec: Int32Array): boolean {
    const c = this.chunks[this.chunkOf[id]!]!;
    let o = this.offsetOf[id]!;
    const w = this.width;
    const ref = this.ref;
    for (let i = 0; i < w; i++) {
      const b = c[o]!;
      if (b !== ESC) {
        if ((vec[i]! ^ ref[i]!) !== b) return false;
        o++;
      } else {
        if ((vec[i]! ^ ref[i]!) !== (c[o + 1]! | (c[o + 2]! << 8) | (c[o + 3]! << 16) | (c[o + 4]! << 24)))
          return false;
        o += 5;
      }
    }
    return true;
  }

  /** Writes the record of `vec` at `c[o ..]`; returns the offset after it. */
  private encode(vec: Int32Array, c: Uint8Array, o: number): number {
    const w = this.width;
    const ref = this.ref;
    for (let i = 0; i < w; i++) {
      const x = vec[i]! ^ ref[i]!;
      if (x >= 0 && x < ESC) {
        c[o++] = x;
      } else {
        c[o] = ESC;
        c[o + 1] = x & 0xff;
        c[o + 2] = (x >>> 8) & 0xff;
        c[o + 3] = (x >>> 16) & 0xff;
        c[o + 4] = x >>> 24;
        o += 5;
      }
    }
    return o;
  }

  private growIds(): void {
    const n = this.accOf.length * 2;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.chunkOf = grow(this.chunkOf);
    this.offsetOf = grow(this.offsetOf);
    this.accOf = grow(this.accOf);
  }

  private rehash(): void {
    const size = this.table.length * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.size; id++) {
      let i = finish(this.accOf[id]!) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}
