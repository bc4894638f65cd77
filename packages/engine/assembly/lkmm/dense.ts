// Dense indices of a graph's thread events for one consistency check: the threads' events laid
// out one after another (core's consistency.ts `layout`, without the initial writes, which are
// on no cycle), plus the i32 table accessors the checker uses.
import { LK_MAX_THREADS } from '../../../core/src/encoding/lkmm-graph';
import { graphThreads, refPo, refThread, threadLength } from './graph';

/** Dense index of thread t's first event (static: one word per thread). */
const OFF = memory.data(4 * (LK_MAX_THREADS + 1));
/** Threads of the graph being checked. */
export let nThreads: i32 = 0;
/** Number of thread events (dense indices 0..nDense-1). */
export let nDense: i32 = 0;

export function geti(base: usize, i: i32): i32 {
  return load<i32>(base + ((<usize>i) << 2));
}

export function seti(base: usize, i: i32, v: i32): void {
  store<i32>(base + ((<usize>i) << 2), v);
}

/** Lays out `g`'s thread events over dense indices; returns their number. */
export function layoutDense(g: usize): i32 {
  nThreads = graphThreads(g);
  let n = 0;
  for (let t = 0; t < nThreads; t++) {
    seti(OFF, t, n);
    n += threadLength(g, t);
  }
  seti(OFF, nThreads, n);
  nDense = n;
  return n;
}

/** Dense index of thread t's first event. */
export function threadBase(t: i32): i32 {
  return geti(OFF, t);
}

export function denseOf(t: i32, p: i32): i32 {
  return geti(OFF, t) + p;
}

export function denseOfRef(ref: i32): i32 {
  return geti(OFF, refThread(ref)) + refPo(ref);
}
