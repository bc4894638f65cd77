// The LKMM tables: a second buffer of 32-bit words, next to the encoded program, that carries
// the static analyses of the LKMM search (`models/lkmm/encode-tables.ts` writes it, the Wasm
// engine's `assembly/lkmm/` reads it). Plain constant declarations only: compiled by tsc and
// by asc. Change both sides together and bump LKMM_TABLES_VERSION.

export const LKMM_TABLES_VERSION = 2;

// Header words.
export const LT_VERSION = 0;
export const LT_FLAGS = 1; // LF_* bits
export const LT_AXIOMS = 2; // PRED_*
export const LT_NTHREADS = 3;
export const LT_ORDER = 4; // offset of the thread priority (nThreads thread indices)
export const LT_THREADS = 5; // offset of the thread records (LTT_REC words per thread)
export const LT_SIZE = 6;

// Option flags (LkmmOptions of core's LkmmSemantics).
export const LF_DEFER_READS = 1;
export const LF_LOAD_WAITS = 2;
/** orderedReadsWait: LTT_DEFERRABLE is meaningful (otherwise every load is deferrable). */
export const LF_ORDERED_READS_WAIT = 4;
export const LF_PRUNE_IDLE_WAITS = 8;
/** heldLocks: a future write inside a critical section of a lock the reader holds is ignored. */
export const LF_HELD_LOCKS = 16;

// Consistency predicates (LkmmOptions.axioms).
export const PRED_LKMM = 0;
export const PRED_SC = 1;
export const PRED_TSO = 2;

// Thread record.
/** Offset of nInstr words: 1 where the load at pc may be deferred (ordered-reads.ts). */
export const LTT_DEFERRABLE = 0;
/**
 * Offset of nInstr + 1 words: per pc, the offset of the writes still ahead (future.ts
 * `writesAhead`): count, then per entry the location (LT_ANY_LOC: any), the number of locks
 * surely held at it, and those lock addresses.
 */
export const LTT_AHEAD = 1;
export const LTT_REC = 2;

/** Key of writes whose address is not known statically. */
export const LT_ANY_LOC = -1;
