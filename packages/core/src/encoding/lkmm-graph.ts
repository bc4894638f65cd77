// The LKMM graph contract between @tmigr-check/core (models/lkmm/events.ts) and
// @tmigr-check/engine (assembly/lkmm/graph.ts): event kinds, tag and class flags, and the
// layout of a partial execution graph in Wasm linear memory.
// This file is plain constant declarations only: it is compiled both by tsc (core) and by
// asc (engine). Change both sides together and bump LK_GRAPH_VERSION.
// The layout is described in packages/engine/assembly/lkmm/NOTES-lkmmcons.md.

export const LK_GRAPH_VERSION = 1;

// ---- Event kinds (LkEvent.kind, word E_KIND) -------------------------------------------
export const EV_R = 0;
export const EV_W = 1;
export const EV_F = 2;

// ---- Access tags and class memberships (LkEvent.flags, word E_FLAGS) --------------------
export const TAG_ONCE = 1 << 0;
export const TAG_ACQUIRE = 1 << 1;
export const TAG_RELEASE = 1 << 2;
export const TAG_MB = 1 << 3;
export const TAG_NORETURN = 1 << 4;
/** The event belongs to an RMW instruction (herd's RMW set). */
export const IN_RMW = 1 << 5;
/** The read of a conditional RMW whose condition failed (the bell's FailedRMW). */
export const FAILED_RMW = 1 << 6;
/** lock.cat's lock events. */
export const LKR = 1 << 7;
export const LKW = 1 << 8;
export const UL = 1 << 9;
/** Fence kinds (F events only): smp_mb, smp_rmb, smp_wmb, smp_mb__before_atomic, smp_mb__after_atomic, smp_mb__after_spinlock. */
export const F_MB = 1 << 10;
export const F_RMB = 1 << 11;
export const F_WMB = 1 << 12;
export const F_BEFORE_ATOMIC = 1 << 13;
export const F_AFTER_ATOMIC = 1 << 14;
export const F_AFTER_SPINLOCK = 1 << 15;

// ---- Size limits of the Wasm graph -----------------------------------------------------
/** Threads (event reference: (tid + 1) << 16 | po, as in core). */
export const LK_MAX_THREADS = 16;
/** Events per thread (po indices 0..LK_MAX_EVENTS-1); dependency sets are bitmasks over them. */
export const LK_MAX_EVENTS = 512;
/** u64 words of one dependency bitmask (LK_MAX_EVENTS / 64). */
export const LK_DEP_WORDS = 8;
/** Locations (addresses 1..LK_MAX_LOCATIONS). */
export const LK_MAX_LOCATIONS = 1024;

// ---- Graph header (byte offsets; i32 words) --------------------------------------------
export const G_NTHREADS = 0;
export const G_NLOC = 4;
/** i32 per thread: the number of events of thread t (its po length) at G_COUNT + 4 t. */
export const G_COUNT = 8;
/** Per location a (1-based) a record of LOC_BYTES at G_LOCS + (a - 1) * LOC_BYTES. */
export const G_LOCS = G_COUNT + 4 * LK_MAX_THREADS;
export const LOC_BYTES = 16;
/** Location record: reference of the co-first thread write (right after the initial write), or -1. */
export const L_CO_FIRST = 0;
/** Location record: reference of the co-last write (the initial write's reference a - 1 if none). */
export const L_CO_LAST = 4;
/** Location record: number of thread writes in co (the initial write not counted). */
export const L_CO_WRITES = 8;
/** Location record: free for the search (0 in graphs built by the encoder). */
export const L_SPARE = 12;
/** Thread t's event p at G_EVENTS + (t * LK_MAX_EVENTS + p) * EVENT_BYTES. */
export const G_EVENTS = G_LOCS + LOC_BYTES * LK_MAX_LOCATIONS;

// ---- Event record (byte offsets) -------------------------------------------------------
export const EVENT_BYTES = 32 + 24 * LK_DEP_WORDS;
/** i32: EV_R, EV_W or EV_F. */
export const E_KIND = 0;
/** i32: the flags above. */
export const E_FLAGS = 4;
/** i32: the address (0 for fences). */
export const E_LOC = 8;
/** i32: W: the value written; R: the value read (0 while unresolved). */
export const E_VAL = 12;
/** i32: R: the reference of its rf source, -1 while unresolved (deferred); else -1. */
export const E_RF = 16;
/** i32: successful RMW or lock pair: po index of the partner event; else -1. */
export const E_RMW = 20;
/** i32: W: the reference of the next write in co, -1 if it is co-last; else -1. */
export const E_CO_NEXT = 24;
/** i32: the instruction index that created the event. */
export const E_PC = 28;
/** LK_DEP_WORDS u64 each: bit p = depends on the thread's read at po index p. */
export const E_ADDR = 32;
export const E_DATA = E_ADDR + 8 * LK_DEP_WORDS;
export const E_CTRL = E_DATA + 8 * LK_DEP_WORDS;
/** Total bytes of a graph buffer (E_CTRL + 8 * LK_DEP_WORDS = EVENT_BYTES). */
export const G_BYTES = G_EVENTS + LK_MAX_THREADS * LK_MAX_EVENTS * EVENT_BYTES;

// ---- violatedAxiom results ---------------------------------------------------------------
export const AX_NONE = 0;
export const AX_COHERENCE = 1;
export const AX_ATOMIC = 2;
export const AX_HAPPENS_BEFORE = 3;
export const AX_PROPAGATION = 4;
/** SC/TSO predicates: the third axiom (`acyclic po | com` or the TSO ghb). */
export const AX_SC = 5;
export const AX_TSO = 6;
