/**
 * Binary relations over a small dense universe {0..n-1}, stored as bitset matrices
 * (n rows of ⌈n/32⌉ 32-bit words), and event sets as single bitset rows. This is the algebra
 * the LKMM consistency check is written in: union, intersection, composition, transitive
 * closure and acyclicity.
 */

/** A set of events: one bitset row. */
export type EventSet = Uint32Array;

/** Number of 32-bit words for a universe of `n` elements. */
export function wordsFor(n: number): number {
  return (n + 31) >>> 5;
}

/** A new empty set over a universe of `n` elements. */
export function emptySet(n: number): EventSet {
  return new Uint32Array(wordsFor(n));
}

export function setHas(s: EventSet, i: number): boolean {
  return ((s[i >>> 5]! >>> (i & 31)) & 1) !== 0;
}

export function setAdd(s: EventSet, i: number): void {
  s[i >>> 5] = s[i >>> 5]! | (1 << (i & 31));
}

/** The set of elements for which `pred` holds. */
export function setOf(n: number, pred: (i: number) => boolean): EventSet {
  const s = emptySet(n);
  for (let i = 0; i < n; i++) if (pred(i)) setAdd(s, i);
  return s;
}

/**
 * Scratch memory for relations: a bump allocator that `resetRelationArena` empties. Relations
 * built between two resets must not be used after the second one (the consistency check
 * builds and drops all of its relations within one call).
 */
let arena = new Uint32Array(1 << 16);
let arenaTop = 0;

/** Frees every relation allocated since the last reset. */
export function resetRelationArena(): void {
  arenaTop = 0;
}

function allocate(words: number): Uint32Array {
  if (arenaTop + words > arena.length) {
    arena = new Uint32Array(Math.max(arena.length * 2, words * 4));
    arenaTop = 0;
  }
  const out = arena.subarray(arenaTop, arenaTop + words);
  out.fill(0);
  arenaTop += words;
  return out;
}

/** A relation over `n` elements, row-major bitsets (allocated in the scratch arena). */
export class Relation {
  readonly n: number;
  readonly w: number;
  readonly bits: Uint32Array;

  constructor(n: number, bits?: Uint32Array) {
    this.n = n;
    this.w = wordsFor(n);
    this.bits = bits ?? allocate(n * this.w);
  }

  clone(): Relation {
    const out = new Relation(this.n);
    out.bits.set(this.bits);
    return out;
  }

  has(i: number, j: number): boolean {
    return ((this.bits[i * this.w + (j >>> 5)]! >>> (j & 31)) & 1) !== 0;
  }

  add(i: number, j: number): void {
    const k = i * this.w + (j >>> 5);
    this.bits[k] = this.bits[k]! | (1 << (j & 31));
  }

  /** Adds every pair (i, j) with j in `targets`. */
  addRow(i: number, targets: EventSet): void {
    const base = i * this.w;
    for (let k = 0; k < this.w; k++) this.bits[base + k] = this.bits[base + k]! | targets[k]!;
  }

  /** Adds every pair (i, j) with i in `sources` and j in `targets`. */
  addProduct(sources: EventSet, targets: EventSet): void {
    for (let i = 0; i < this.n; i++) if (setHas(sources, i)) this.addRow(i, targets);
  }

  /** In place: this ∪= other. */
  unionWith(other: Relation): this {
    const a = this.bits;
    const b = other.bits;
    for (let k = 0; k < a.length; k++) a[k] = a[k]! | b[k]!;
    return this;
  }

  /** In place: this ∩= other. */
  intersectWith(other: Relation): this {
    const a = this.bits;
    const b = other.bits;
    for (let k = 0; k < a.length; k++) a[k] = a[k]! & b[k]!;
    return this;
  }

  /** In place: this \= other. */
  minus(other: Relation): this {
    const a = this.bits;
    const b = other.bits;
    for (let k = 0; k < a.length; k++) a[k] = a[k]! & ~b[k]!;
    return this;
  }

  /** In place: [dom] ; this ; [ran] (either may be omitted). */
  restrict(dom: EventSet | null, ran: EventSet | null): this {
    for (let i = 0; i < this.n; i++) {
      const base = i * this.w;
      if (dom && !setHas(dom, i)) {
        for (let k = 0; k < this.w; k++) this.bits[base + k] = 0;
      } else if (ran) {
        for (let k = 0; k < this.w; k++) this.bits[base + k] = this.bits[base + k]! & ran[k]!;
      }
    }
    return this;
  }

  /** In place: remove the identity pairs. */
  removeIdentity(): this {
    for (let i = 0; i < this.n; i++) {
      const k = i * this.w + (i >>> 5);
      this.bits[k] = this.bits[k]! & ~(1 << (i & 31));
    }
    return this;
  }

  /** In place: add the identity pairs (r?). */
  addIdentity(): this {
    for (let i = 0; i < this.n; i++) this.add(i, i);
    return this;
  }

  /** A new relation: this ; other. */
  compose(other: Relation): Relation {
    const out = new Relation(this.n);
    const w = this.w;
    const a = this.bits;
    const b = other.bits;
    const o = out.bits;
    for (let i = 0; i < this.n; i++) {
      const base = i * w;
      for (let kw = 0; kw < w; kw++) {
        let word = a[base + kw]!;
        while (word !== 0) {
          const bit = word & -word;
          const j = (kw << 5) + (31 - Math.clz32(bit));
          word ^= bit;
          const jb = j * w;
          for (let k = 0; k < w; k++) o[base + k] = o[base + k]! | b[jb + k]!;
        }
      }
    }
    return out;
  }

  /** A new relation: the inverse. */
  inverse(): Relation {
    const out = new Relation(this.n);
    this.forEach((i, j) => {
      out.add(j, i);
    });
    return out;
  }

  /** In place: transitive closure (r+), Warshall over bitset rows. */
  closeTransitively(): this {
    const w = this.w;
    const a = this.bits;
    for (let k = 0; k < this.n; k++) {
      const kb = k * w;
      const kw = k >>> 5;
      const kbit = 1 << (k & 31);
      for (let i = 0; i < this.n; i++) {
        const ib = i * w;
        if ((a[ib + kw]! & kbit) !== 0) for (let x = 0; x < w; x++) a[ib + x] = a[ib + x]! | a[kb + x]!;
      }
    }
    return this;
  }

  /** Whether the relation has no pair. */
  isEmpty(): boolean {
    for (const x of this.bits) if (x !== 0) return false;
    return true;
  }

  /** Calls `f(i, j)` for every pair. */
  forEach(f: (i: number, j: number) => void): void {
    const w = this.w;
    for (let i = 0; i < this.n; i++) {
      for (let kw = 0; kw < w; kw++) {
        let word = this.bits[i * w + kw]!;
        while (word !== 0) {
          const bit = word & -word;
          word ^= bit;
          f(i, (kw << 5) + (31 - Math.clz32(bit)));
        }
      }
    }
  }

  /** Whether the relation, read as a directed graph, has no cycle (iterative DFS). */
  isAcyclic(): boolean {
    const n = this.n;
    const w = this.w;
    const color = new Uint8Array(n); // 0 white, 1 on stack, 2 done
    const stackNode = new Int32Array(n);
    const stackPos = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      if (color[s] !== 0) continue;
      let top = 0;
      stackNode[0] = s;
      stackPos[0] = 0;
      color[s] = 1;
      while (top >= 0) {
        const u = stackNode[top]!;
        let pos = stackPos[top]!;
        let next = -1;
        while (pos < n) {
          const kw = pos >>> 5;
          const word = this.bits[u * w + kw]! >>> (pos & 31);
          if (word === 0) {
            pos = (kw + 1) << 5;
            continue;
          }
          const j = pos + (31 - Math.clz32(word & -word));
          pos = j + 1;
          if (color[j] === 1) return false;
          if (color[j] === 0) {
            next = j;
            break;
          }
        }
        stackPos[top] = pos;
        if (next >= 0) {
          color[next] = 1;
          top++;
          stackNode[top] = next;
          stackPos[top] = 0;
        } else {
          color[u] = 2;
          top--;
        }
      }
    }
    return true;
  }
}

/** r1 ∪ r2 ∪ … as a new relation. */
export function unionOf(n: number, ...rs: Relation[]): Relation {
  const out = new Relation(n);
  for (const r of rs) out.unionWith(r);
  return out;
}
