/**
 * The LKMM consistency predicate of the Wasm engine (assembly/lkmm/consistency.ts) from
 * TypeScript: an encoder from core's `LkGraph` to the engine's graph format
 * (assembly/lkmm/NOTES-lkmmcons.md, constants in core's `encoding/lkmm-graph.ts`) and a checker
 * that answers like core's `violatedAxiom`. Used by the differential tests and the bench; the
 * LKMM search in Wasm builds its graphs in linear memory itself.
 */
import { LkmmGraphFormat as F, type LkGraph, type LkmmAxiom } from '@tmigr-check/core';
import type { EngineExports } from './exports.js';
import { instantiateEngineSync } from './load.js';
import type { WasmModule } from './wasm-api.js';

/** Axioms by the engine's result code (AX_*). */
const AXIOMS: readonly (LkmmAxiom | null)[] = [null, 'coherence', 'atomic', 'happens-before', 'propagation'];

/** What changed from a consistent graph to the one checked incrementally. */
export interface LkGraphChange {
  readonly thread: number;
  /** First changed po index: the first appended event, or the read that got its rf. */
  readonly po: number;
  /** Number of appended events (1 for a resolved read). */
  readonly count: number;
}

/** Writes `g` (over addresses 1..nLocations) in the engine's format at byte `ptr` of `memory`. */
export function encodeLkGraph(buffer: ArrayBuffer, ptr: number, g: LkGraph, nLocations: number): void {
  const nThreads = g.events.length;
  if (nThreads > F.LK_MAX_THREADS)
    throw new Error(`LKMM graph: ${nThreads} threads, at most ${F.LK_MAX_THREADS}`);
  if (nLocations > F.LK_MAX_LOCATIONS)
    throw new Error(`LKMM graph: ${nLocations} locations, at most ${F.LK_MAX_LOCATIONS}`);
  const v = new DataView(buffer, ptr, F.G_BYTES);
  const i32 = (o: number, x: number) => v.setInt32(o, x, true);
  i32(F.G_NTHREADS, nThreads);
  i32(F.G_NLOC, nLocations);
  const at = (t: number, p: number) => F.G_EVENTS + (t * F.LK_MAX_EVENTS + p) * F.EVENT_BYTES;
  for (let t = 0; t < nThreads; t++) {
    const evs = g.events[t]!;
    if (evs.length > F.LK_MAX_EVENTS)
      throw new Error(`LKMM graph: thread ${t} has ${evs.length} events, at most ${F.LK_MAX_EVENTS}`);
    i32(F.G_COUNT + 4 * t, evs.length);
    for (let p = 0; p < evs.length; p++) {
      const e = evs[p]!;
      const o = at(t, p);
      i32(o + F.E_KIND, e.kind);
      i32(o + F.E_FLAGS, e.flags);
      i32(o + F.E_LOC, e.loc);
      i32(o + F.E_VAL, e.val);
      i32(o + F.E_RF, e.rf);
      i32(o + F.E_RMW, e.rmw);
      i32(o + F.E_CO_NEXT, -1);
      i32(o + F.E_PC, e.pc);
      writeMask(v, o + F.E_ADDR, e.addr);
      writeMask(v, o + F.E_DATA, e.data);
      writeMask(v, o + F.E_CTRL, e.ctrl);
    }
  }
  const refAt = (ref: number) => at((ref >>> 16) - 1, ref & 0xffff);
  for (let a = 1; a <= nLocations; a++) {
    const list = g.co[a - 1] ?? [a - 1];
    const l = F.G_LOCS + (a - 1) * F.LOC_BYTES;
    i32(l + F.L_CO_FIRST, list.length > 1 ? list[1]! : -1);
    i32(l + F.L_CO_LAST, list[list.length - 1]!);
    i32(l + F.L_CO_WRITES, list.length - 1);
    i32(l + F.L_SPARE, 0);
    for (let k = 1; k + 1 < list.length; k++) i32(refAt(list[k]!) + F.E_CO_NEXT, list[k + 1]!);
  }
}

function writeMask(v: DataView, o: number, pos: readonly number[]): void {
  const words = new Uint32Array(2 * F.LK_DEP_WORDS);
  for (const p of pos) {
    if (p >= F.LK_MAX_EVENTS) throw new Error(`LKMM graph: dependency on po index ${p}`);
    words[p >>> 5] = words[p >>> 5]! | (1 << (p & 31));
  }
  for (let k = 0; k < words.length; k++) v.setUint32(o + 4 * k, words[k]!, true);
}

/** The Wasm consistency checker on its own engine instance. */
export class WasmLkmmChecker {
  private readonly ex: EngineExports;
  private readonly ptr: number;

  constructor(module: WasmModule) {
    const ex = instantiateEngineSync(module);
    if (!ex) throw new Error('the Wasm LKMM checker needs synchronous instantiation (Node)');
    this.ex = ex;
    this.ptr = ex.lkmmGraphBuffer();
    if (this.ptr === 0) throw new Error('the Wasm LKMM checker: out of memory');
  }

  /** Writes `g` into the instance (then `check` / `checkAfter` read it). */
  load(g: LkGraph, nLocations: number): void {
    encodeLkGraph(this.ex.memory.buffer, this.ptr, g, nLocations);
  }

  /** The first violated axiom of the loaded graph, like core's `violatedAxiom`. */
  check(): LkmmAxiom | null {
    return this.answer(this.ex.lkmmViolatedAxiom(this.ptr));
  }

  /** `check()`, given that the loaded graph without `change` was consistent. */
  checkAfter(change: LkGraphChange): LkmmAxiom | null {
    return this.answer(this.ex.lkmmViolatedAxiomAfter(this.ptr, change.thread, change.po, change.count));
  }

  /** Events the last check considered. */
  lastUniverse(): number {
    return this.ex.lkmmLastUniverse();
  }

  violatedAxiom(g: LkGraph, nLocations: number): LkmmAxiom | null {
    this.load(g, nLocations);
    return this.check();
  }

  violatedAxiomAfter(g: LkGraph, nLocations: number, change: LkGraphChange): LkmmAxiom | null {
    this.load(g, nLocations);
    return this.checkAfter(change);
  }

  private answer(code: number): LkmmAxiom | null {
    if (code < 0) throw new Error('the Wasm LKMM checker ran out of memory');
    const ax = AXIOMS[code];
    if (ax === undefined) throw new Error(`the Wasm LKMM checker answered ${code}`);
    return ax;
  }
}

/**
 * What changed from `before` (consistent) to `after`, one of the steps of the LKMM search:
 * events appended to one thread, or one read that got its rf. Null if `after` is not such a step.
 */
export function changeBetween(before: LkGraph, after: LkGraph): LkGraphChange | null {
  let change: LkGraphChange | null = null;
  for (let t = 0; t < after.events.length; t++) {
    const a = after.events[t]!;
    const b = before.events[t]!;
    if (a === b) continue;
    if (a.length > b.length) {
      if (change) return null;
      change = { thread: t, po: b.length, count: a.length - b.length };
      continue;
    }
    if (a.length < b.length) return null;
    for (let p = 0; p < a.length; p++) {
      if (a[p] === b[p]) continue;
      if (change || b[p]!.rf >= 0 || a[p]!.rf < 0) return null;
      change = { thread: t, po: p, count: 1 };
    }
  }
  return change;
}
