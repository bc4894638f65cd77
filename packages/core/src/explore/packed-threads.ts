import type { ThreadState } from './thread.js';

/**
 * Where thread i lives in a packed state of the SC and TSO packed transitions: `pc` at
 * `base[i]`, `status` at `base[i] + 1`, the registers up to `loopsAt[i]`, then `nLoops[i]`
 * loop counters.
 */
export interface PackedThreadLayout {
  readonly base: Int32Array;
  readonly loopsAt: Int32Array;
  readonly nLoops: Int32Array;
}

/**
 * The threads of packed state `vec`. `copy`: registers and loop counters are copies (for
 * `unpack`); otherwise they are live views of `vec` and `pc`/`status` are refreshed by
 * {@link syncPackedThreads} (for `window`).
 */
export function packedThreads(
  layout: PackedThreadLayout,
  count: number,
  vec: Int32Array,
  copy: boolean,
): ThreadState[] {
  const threads: ThreadState[] = [];
  for (let i = 0; i < count; i++) {
    const b = layout.base[i]!;
    const l = layout.loopsAt[i]!;
    const end = l + layout.nLoops[i]!;
    threads.push({
      pc: vec[b]!,
      status: vec[b + 1]!,
      regs: copy ? vec.slice(b + 2, l) : vec.subarray(b + 2, l),
      loops: copy ? vec.slice(l, end) : vec.subarray(l, end),
    });
  }
  return threads;
}

/** Re-reads `pc` and `status` of threads made by {@link packedThreads} without `copy`. */
export function syncPackedThreads(threads: ThreadState[], vec: Int32Array, base: Int32Array): void {
  for (let i = 0; i < threads.length; i++) {
    const t = threads[i]!;
    const b = base[i]!;
    t.pc = vec[b]!;
    t.status = vec[b + 1]!;
  }
}
