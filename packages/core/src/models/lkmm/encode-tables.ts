/**
 * Encodes the static analyses of the LKMM search (`future.ts`, `ordered-reads.ts`) and its
 * options into the LKMM tables buffer of the Wasm engine (layout: `encoding/lkmm-opcodes.ts`).
 * The engine mirrors `semantics.ts` over these tables, so both searches take the same
 * decisions.
 */
import * as K from '../../encoding/lkmm-opcodes.js';
import type { Program } from '../../ir/types.js';
import { FutureWrites } from './future.js';
import { deferrableLoads, orderedReadsApply } from './ordered-reads.js';
import type { LkmmOptions } from './semantics.js';

const AXIOMS = { lkmm: K.PRED_LKMM, sc: K.PRED_SC, tso: K.PRED_TSO } as const;

/** The LKMM tables of `program` under `options` (the same options as `LkmmSemantics`). */
export function encodeLkmmTables(program: Program, options: LkmmOptions = {}): Int32Array {
  const future = new FutureWrites(program);
  const orderedReadsWait = orderedReadsApply(program, options);
  const deferrable = orderedReadsWait ? deferrableLoads(program, future.values) : null;
  const n = program.threads.length;
  const order = options.order ?? program.threads.map((_, i) => i);
  if (order.length !== n || new Set(order).size !== n || order.some((t) => !(t >= 0 && t < n)))
    throw new Error(`LKMM thread order must be a permutation of 0..${n - 1}, got ${order.join(',')}`);
  const words: number[] = new Array<number>(K.LT_SIZE).fill(0);
  words[K.LT_VERSION] = K.LKMM_TABLES_VERSION;
  words[K.LT_FLAGS] =
    ((options.deferReads ?? true) ? K.LF_DEFER_READS : 0) |
    ((options.loadWaits ?? true) ? K.LF_LOAD_WAITS : 0) |
    (orderedReadsWait ? K.LF_ORDERED_READS_WAIT : 0) |
    ((options.pruneIdleWaits ?? true) ? K.LF_PRUNE_IDLE_WAITS : 0) |
    ((options.heldLocks ?? true) ? K.LF_HELD_LOCKS : 0);
  words[K.LT_AXIOMS] = AXIOMS[options.axioms ?? 'lkmm'];
  words[K.LT_NTHREADS] = n;
  words[K.LT_ORDER] = words.length;
  words.push(...order);
  const recs = words.length;
  words[K.LT_THREADS] = recs;
  for (let i = 0; i < n * K.LTT_REC; i++) words.push(0);
  program.threads.forEach((thread, ti) => {
    const rec = recs + ti * K.LTT_REC;
    const len = thread.code.length;
    words[rec + K.LTT_DEFERRABLE] = words.length;
    for (let pc = 0; pc < len; pc++) words.push(deferrable === null || deferrable[ti]![pc] ? 1 : 0);
    const aheadIndex = words.length;
    words[rec + K.LTT_AHEAD] = aheadIndex;
    for (let pc = 0; pc <= len; pc++) words.push(0);
    for (let pc = 0; pc <= len; pc++) {
      const ahead = future.writesAhead(ti, pc);
      words[aheadIndex + pc] = words.length;
      words.push(ahead.size);
      for (const [loc, locks] of ahead) words.push(loc, locks.length, ...locks);
    }
  });
  return Int32Array.from(words);
}
