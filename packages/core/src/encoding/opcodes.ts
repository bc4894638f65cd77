// The encoding contract between @tmigr-check/core and @tmigr-check/engine.
// This file is plain constant declarations only: it is compiled both by tsc (core) and by
// asc (engine, imported from packages/engine/assembly). Change both sides together and bump
// ENCODING_VERSION.

export const ENCODING_MAGIC = 0x544d4331; // 'TMC1'
export const ENCODING_VERSION = 4;

// Header words.
export const H_MAGIC = 0;
export const H_VERSION = 1;
export const H_NLOC = 2;
export const H_NTHREADS = 3;
export const H_LOCINIT = 4; // offset of the nLoc initial values
export const H_THREADS = 5; // offset of the thread table (THREAD_REC words per thread)
export const H_EXPRS = 6; // offset of the expression pool
export const H_FINALS = 7; // offset of the final checks: count, then (propertyIndex, exprOffset) pairs
export const H_TMIGR = 8; // offset of the tmigr section (see TM_*), 0 = none
export const H_BUFCAPS = 9; // x86-TSO: offset of nThreads store-buffer bounds (entries); 0 = SC
export const H_POR = 10; // offset of the partial-order reduction section (see POR_*), 0 = no reduction
export const H_SIZE = 11;

// The partial-order reduction section (H_POR; core's analysis/por.ts): at POR_LOCS the offset of
// nLoc words, per location its class (the owning thread when private, POR_CLASS_ANY when
// lock-protected or a clean lock, POR_CLASS_SHARED otherwise); at POR_THREADS + t the offset of
// thread t's nInstr words, 1 where the instruction at that pc is a mover.
export const POR_LOCS = 0;
export const POR_THREADS = 1;
export const POR_CLASS_SHARED = -1;
export const POR_CLASS_ANY = -2;

// Thread table record.
export const T_NREGS = 0;
export const T_REGINIT = 1; // offset of nRegs initial register values
export const T_CODE = 2; // offset of the code (INSTR_WORDS per instruction)
export const T_NINSTR = 3;
export const T_NLOOPS = 4; // number of loop back-edge counters
export const THREAD_REC = 5;

// Instructions: INSTR_WORDS words each, word 0 = opcode. Expression operands are offsets
// into the expression pool; -1 means "absent".
export const INSTR_WORDS = 8;
export const OP_LOAD = 1; // dst, addr, order
export const OP_STORE = 2; // addr, value, order
export const OP_RMW = 3; // addr, value, guard, dst, ok, order
export const OP_FENCE = 4; // kind
export const OP_LOCK = 5; // addr
export const OP_UNLOCK = 6; // addr
export const OP_SET = 7; // dst, value
// Branch and jump: `exits` = word offset (from the start of the program) of the list of loop
// slots that the taken branch leaves, to reset to 0 (-1: none); `nExits` = its length (see
// encode.ts `computeLoopExits`). A branch that falls through resets its own loopSlot.
export const OP_BRANCH = 8; // cond, target, join, loopSlot, bound, exits, nExits
export const OP_JUMP = 9; // target, loopSlot, bound, exits, nExits
export const OP_ASSUME = 10; // cond
export const OP_ASSERT = 11; // cond, propertyIndex

// Orders.
export const ORD_ONCE = 0;
export const ORD_ACQUIRE = 1;
export const ORD_RELEASE = 2;
export const ORD_MB = 3;
export const ORD_RELAXED = 4;
export const ORD_NORETURN = 5;

// Fence kinds.
export const F_MB = 0;
export const F_RMB = 1;
export const F_WMB = 2;
export const F_BEFORE_ATOMIC = 3;
export const F_AFTER_ATOMIC = 4;
export const F_AFTER_SPINLOCK = 5;

// Expression pool: postfix code, two words per item (tag, argument), ending with X_END.
export const X_END = 0;
export const X_CONST = 1; // arg = value
export const X_REG = 2; // arg = register index
export const X_OLD = 3; // value read by the enclosing rmw
export const X_BIN = 4; // arg = BIN_* operator; pops b then a
export const X_UN = 5; // arg = UN_* operator
export const X_ITE = 6; // pops e, t, c
export const X_TREG = 7; // final expressions only: arg = thread << 16 | register
export const X_MEM = 8; // final expressions only: arg = address

export const BIN_ADD = 0;
export const BIN_SUB = 1;
export const BIN_MUL = 2;
export const BIN_AND = 3;
export const BIN_OR = 4;
export const BIN_XOR = 5;
export const BIN_SHL = 6;
export const BIN_SHR = 7;
export const BIN_EQ = 8;
export const BIN_NE = 9;
export const BIN_LT = 10;
export const BIN_LE = 11;
export const BIN_GT = 12;
export const BIN_GE = 13;
export const BIN_LAND = 14;
export const BIN_LOR = 15;

export const UN_NOT = 0;
export const UN_BNOT = 1;
export const UN_NEG = 2;

// Thread status in explored states.
export const ST_RUNNING = 0;
export const ST_DONE = 1;
export const ST_BOUND = 2; // a loop bound was exhausted: the search is incomplete

// Verdict codes returned by engines.
export const V_OK = 0;
export const V_VIOLATION = 1;
export const V_INCOMPLETE = 2;

// Reasons attached to a verdict.
export const R_NONE = 0;
export const R_ASSERT = 1; // property index in the result
export const R_DEADLOCK = 2;
export const R_BOUND = 3;
export const R_STATE_LIMIT = 4;
export const R_MEMORY_LIMIT = 5;
export const R_BAD_ADDRESS = 6;
export const R_TIME_LIMIT = 7;

// The tmigr section (H_TMIGR): the quiescence test and the hierarchy invariants of a tmigr
// program (core tmigr/properties.ts), evaluated by the engine's assembly/invariants.ts.
// Produced from a TmigrLayout by encoding/tmigr.ts.
export const TM_ENABLED = 0; // bit i set: invariant i (INV_* order) is checked
export const TM_PROPS = 1; // TM_NINV words: property index of each invariant (-1 when not checked)
export const TM_NINV = 5;
export const TM_LEVELS = 6; // hierarchy levels (topOf follows at most levels + 1 parents)
export const TM_KTIME_MAX = 7; // the value that stands for KTIME_MAX
export const TM_SLOT_KTIME_MAX = 8; // KTIME_MAX as stored in an events slot
export const TM_SLOT_BITS = 9; // bits per child slot of a group's events word
export const TM_TMIGR_NONE = 10; // the migrator value "none"
export const TM_NGROUPS = 11;
export const TM_GROUPS = 12; // offset of nGroups group records (TMG_REC words: field addresses)
export const TM_NCPUS = 13;
export const TM_CPUS = 14; // offset of nCpus CPU records (TMC_REC words: field addresses), by CPU number
export const TM_GROUP_AT = 15; // offset of nLoc + 1 words: address -> offset of the group record based there, -1
export const TM_BOUNDARIES = 16; // offset of nThreads words: per thread, offset of [n, n flags] (1 = pc is an operation boundary)
export const TM_GROUP_BASES = 17; // offset of nGroups words: each group's base address (the value of a pointer to it)
export const TM_HEADER = 18;

// Invariants, in the order they are checked (tmigr/properties.ts INVARIANTS).
export const INV_PARENT_CHILD_CONSISTENCY = 0;
export const INV_MIGRATOR_WELL_FORMED = 1;
export const INV_TOP_ACTIVE_IF_CPU_ACTIVE = 2;
export const INV_TIMER_HANDLED = 3;
export const INV_SINGLE_ROOT = 4;

// Group record: field addresses (tmigr/layout.ts GROUP_FIELDS order).
export const TMG_MIGR_STATE = 0;
export const TMG_PARENT = 1;
export const TMG_GROUPMASK = 2;
export const TMG_LOCK = 3;
export const TMG_NEXT_EXPIRY = 4;
export const TMG_EVENTS = 5;
export const TMG_GROUPEVT_IGNORE = 6;
export const TMG_GROUPEVT_CPU = 7;
export const TMG_REC = 8;

// CPU record: field addresses (tmigr/layout.ts CPU_FIELDS order).
export const TMC_LOCK = 0;
export const TMC_IDLE = 1;
export const TMC_AVAILABLE = 2;
export const TMC_REMOTE = 3;
export const TMC_WAKEUP = 4;
export const TMC_CPUEVT_IGNORE = 5;
export const TMC_TMGROUP = 6;
export const TMC_GROUPMASK = 7;
export const TMC_TIMER = 8;
export const TMC_REC = 9;
