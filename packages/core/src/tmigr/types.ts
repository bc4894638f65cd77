/**
 * Types of the tmigr model: scenarios, variants, the location layout, snapshots and the built
 * model. The functions that work on them are exported from `api.ts`.
 *
 * Kernel reference: `kernel/time/timer_migration.c` / `timer_migration.h`, v7.1-rc1 era
 * (intel-lab-lkp/linux@b7f6b1ffaff1855b6999b8b50cd4b5ade05cd69b) unless a comment says otherwise.
 */
import type { CheckResult } from '../explore/result.js';
import type { ModelName, StateView } from '../explore/semantics.js';
import type { ThreadBuilder } from '../ir/builder.js';
import type { Expr, Program } from '../ir/types.js';

// ---------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------

/** One thing a CPU does, in script order. Each action is one kernel entry point. */
export type ScenarioAction =
  /** `tmigr_cpu_activate()`: idle exit (timer_clear_idle). */
  | { readonly action: 'activate' }
  /** `tmigr_cpu_deactivate(nextexp)`: idle entry; `nextexp` = the CPU's next global timer (default: its pending timer). */
  | { readonly action: 'deactivate'; readonly nextexp?: number | null }
  /** `tmigr_cpu_new_timer(nextexp)`: a new first global timer while idle. */
  | { readonly action: 'new-timer'; readonly expiry: number }
  /** `tmigr_handle_remote()`: timer softirq; expires idle CPUs' timers if migrator. */
  | { readonly action: 'handle-remote' }
  /** `tmigr_requires_handle_remote()`: tick check (read only). */
  | { readonly action: 'requires-handle-remote' }
  /** `tmigr_quick_check(nextevt)`: idle-entry forecast (read only). */
  | { readonly action: 'quick-check'; readonly nextevt?: number | null }
  /** `tmigr_cpu_prepare(cpu)` run on this (control) CPU: hotplug PREPARE of `cpu`. */
  | { readonly action: 'prepare'; readonly cpu: number }
  /** `tmigr_set_cpu_available()` on this CPU: hotplug ONLINE (waits for its prepare). */
  | { readonly action: 'online' }
  /** `tmigr_clear_cpu_available()` on this CPU: hotplug OFFLINE. */
  | { readonly action: 'offline' }
  /**
   * Up to `count` idle/active cycles (deactivate then activate, or the reverse when the CPU
   * is idle at that point). "Up to" is exact for safety properties: every state where the CPU
   * stopped after fewer cycles is also reached with the CPU paused at that operation boundary.
   */
  | { readonly action: 'cycles'; readonly count: number; readonly nextexp?: number | null };

/** The names of the actions, for messages and the schema. */
export const ACTION_NAMES = [
  'activate',
  'deactivate',
  'new-timer',
  'handle-remote',
  'requires-handle-remote',
  'quick-check',
  'prepare',
  'online',
  'offline',
  'cycles',
] as const;

/**
 * A CPU's initial state.
 * - `active`: prepared, available and not idle;
 * - `idle`: prepared, available, idle (its pending timer, if any, is queued);
 * - `offline`: prepared once, then went offline (not available);
 * - `absent`: never prepared (possible but not yet brought up; a `prepare` action may do it).
 */
export type CpuInitialState = 'active' | 'idle' | 'offline' | 'absent';

export interface ScenarioCpu {
  readonly cpu: number;
  /** NUMA node (default: possible CPUs spread evenly, `cpu * nodes / possibleCpus`). */
  readonly node?: number;
  readonly state: CpuInitialState;
  /** The CPU's pending global timer expiry (1..6), or null/absent for none. */
  readonly timer?: number | null;
  /** What the CPU does, in order. A CPU without actions runs no thread. */
  readonly script?: readonly ScenarioAction[];
}

export interface ScenarioBounds {
  /** Bound on cmpxchg retries per try_cmpxchg loop (default 3). Exceeding it = incomplete. */
  readonly retries?: number;
  /** Time advances from 0 to `time` (jiffies, a clock thread); 0 = time never advances (default). */
  readonly time?: number;
}

/** A tmigr scenario: machine shape, initial state, what each CPU does, bounds. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly machine: {
    /** num_possible_cpus(): drives the level computation of tmigr_init(). */
    readonly possibleCpus: number;
    /** num_possible_nodes(). */
    readonly nodes: number;
    /** TMIGR_CHILDREN_PER_GROUP, 2..8 (kernel: 8; must be a power of two there, any 2..8 here). */
    readonly childrenPerGroup: number;
  };
  /**
   * CPUs that take part (others are possible but never brought up). The order of the CPUs
   * whose state is not `absent` is the boot order: the first prepares itself, the others are
   * prepared by it; then every CPU comes online active, and the `idle`/`offline` CPUs go idle /
   * offline in this order. That run (sequential, same kernel variant) gives the initial state,
   * so it is reachable by construction.
   */
  readonly cpus: readonly ScenarioCpu[];
  readonly bounds?: ScenarioBounds;
  /**
   * Expected verdicts, per variant name and memory model: documentation for presets and the
   * tests that check them (`ok`, `violation:<property>`).
   */
  readonly expect?: Readonly<Record<string, Readonly<Partial<Record<ModelName, string>>>>>;
}

/** A bad scenario: one line with the field path (and line:col when parsed from a file). */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

// ---------------------------------------------------------------------------------------
// Layout: where every piece of kernel state lives
// ---------------------------------------------------------------------------------------

/** Field offsets of a `struct tmigr_group` in the model (group base + offset = address). */
export interface GroupAddresses {
  /** `atomic_t migr_state` (union tmigr_state: active bits 0-7, migrator bits 8-15, seq 16-31). */
  readonly migr_state: number;
  /** `struct tmigr_group *parent` (a group base address, 0 = NULL). */
  readonly parent: number;
  /** `u8 groupmask`: this group's bit in its parent. */
  readonly groupmask: number;
  /** `raw_spinlock_t lock`. */
  readonly lock: number;
  /** `u64 next_expiry`. */
  readonly next_expiry: number;
  /** `struct timerqueue_head events`: slot k (4 bits: queued, expiry) = the child with groupmask BIT(k). */
  readonly events: number;
  /** `groupevt.ignore`. */
  readonly groupevt_ignore: number;
  /** `groupevt.cpu`. */
  readonly groupevt_cpu: number;
}

export interface GroupLayout {
  /** `GRP<level>:<index>` as in the kernel's comments. */
  readonly name: string;
  readonly level: number;
  readonly index: number;
  /** `numa_node` (null = NUMA_NO_NODE). */
  readonly node: number | null;
  /** The group's base address (the value of a pointer to it). */
  readonly base: number;
  readonly addr: GroupAddresses;
  /** The parent this group has once every setup of the scenario has run (null: a root). */
  readonly parent: string | null;
  /** Slot index (bit) in that parent. */
  readonly slot: number | null;
  /** CPU whose scripted `prepare` creates this group, or null if it exists initially. */
  readonly createdByPrepareOf: number | null;
}

export interface CpuAddresses {
  readonly lock: number;
  readonly idle: number;
  readonly available: number;
  readonly remote: number;
  readonly wakeup: number;
  /** `cpuevt.ignore` (cpuevt's queued/expiry live in the leaf's `events` slot). */
  readonly cpuevt_ignore: number;
  /** `tmc->tmgroup` (group base, 0 = not prepared). */
  readonly tmgroup: number;
  /** `tmc->groupmask`. */
  readonly groupmask: number;
  /** The CPU's next global timer in its timer base (KTIME_MAX = none); not a tmigr field. */
  readonly timer: number;
}

export interface CpuLayout {
  readonly cpu: number;
  readonly node: number;
  readonly base: number;
  readonly addr: CpuAddresses;
  /** Leaf group once every setup of the scenario has run (null: never prepared). */
  readonly leaf: string | null;
  /** Slot (bit index) in that leaf. */
  readonly slot: number | null;
  /** The thread that runs this CPU's script, or null. */
  readonly thread: number | null;
}

export interface ThreadLayout {
  readonly name: string;
  /** The CPU it runs, or null for the clock. */
  readonly cpu: number | null;
  /** Program counters at which the thread is between two operations (plus the end). */
  readonly boundaries: readonly number[];
}

export interface TmigrLayout {
  readonly levels: number;
  readonly crossnodeLevel: number;
  readonly childrenPerGroup: number;
  readonly groups: readonly GroupLayout[];
  readonly cpus: readonly CpuLayout[];
  readonly threads: readonly ThreadLayout[];
  /** Globals: `tmigr_mutex`, `jiffies` (the clock), `cpuhp:<n>` (hotplug handshake). */
  readonly globals: Readonly<Record<string, number>>;
  /** The value that stands for KTIME_MAX. */
  readonly ktimeMax: number;
}

/** A decoded hierarchy state, for renderers. */
export interface GroupSnapshot {
  readonly name: string;
  readonly level: number;
  /** `active` bitmap. */
  readonly active: number;
  /** Names of the children whose bits are set in `active` (as connected now). */
  readonly activeChildren: readonly string[];
  /** Migrator mask, or null for TMIGR_NONE. */
  readonly migrator: number | null;
  /** Name of the migrator child (or `?<mask>` if no child has that mask), null for NONE. */
  readonly migratorName: string | null;
  readonly seq: number;
  /** Current parent (null = none yet / root). */
  readonly parent: string | null;
  /** This group's groupmask (its bit in its parent). */
  readonly childmask: number;
  /** next_expiry, null for KTIME_MAX. */
  readonly nextExpiry: number | null;
  /** Queued child events: child name and expiry. */
  readonly events: readonly { readonly child: string; readonly expiry: number }[];
  /** Whether the group is connected to the hierarchy (it has a parent or a child / CPU). */
  readonly connected: boolean;
}

export interface CpuSnapshot {
  readonly cpu: number;
  readonly idle: boolean;
  readonly available: boolean;
  /** available && !idle. */
  readonly active: boolean;
  /** Leaf group name, null if not prepared. */
  readonly group: string | null;
  readonly wakeup: number | null;
  readonly timer: number | null;
}

export interface TmigrSnapshot {
  readonly groups: readonly GroupSnapshot[];
  readonly cpus: readonly CpuSnapshot[];
  /** The clock (jiffies). */
  readonly now: number;
}

// ---------------------------------------------------------------------------------------
// Variants and code generation
// ---------------------------------------------------------------------------------------

/** A CPU as seen by the code generator. */
export interface CpuRef {
  readonly cpu: number;
  readonly layout: CpuLayout;
}

/**
 * The registers of one `struct tmigr_walk` plus the walk position (`group`, `child`).
 * All are registers of the current thread.
 */
export interface WalkRegs {
  /** Current group pointer. */
  readonly group: number;
  /** Child group pointer (0 = NULL, i.e. level 0). */
  readonly child: number;
  readonly childmask: number;
  readonly nextexp: number;
  readonly firstexp: number;
  /** CPU number whose `cpuevt` is `data->evt`. */
  readonly evtcpu: number;
  readonly remote: number;
  readonly now: number;
  readonly check: number;
  /** Where an up function puts its bool result (walk_done). */
  readonly ret: number;
}

/** An `up_f`: emits the body of one step of a walk; writes walk_done into `w.ret`. */
export type UpEmitter = (ctx: EmitContext, w: WalkRegs) => void;

/**
 * The code generator of a variant: one emitter per kernel function. Emitters call each other
 * through `ctx.fn` so that overriding one function changes every caller.
 */
export interface Emitters {
  readonly __walk_groups_from: (ctx: EmitContext, up: UpEmitter, w: WalkRegs) => void;
  readonly tmigr_cpu_activate: (ctx: EmitContext, cpu: CpuRef) => void;
  readonly __tmigr_cpu_activate: (ctx: EmitContext, cpu: CpuRef) => void;
  readonly tmigr_active_up: UpEmitter;
  readonly tmigr_cpu_deactivate: (ctx: EmitContext, cpu: CpuRef, nextexp: Expr) => void;
  /** Leaves the walk's firstexp in register `ret`. */
  readonly __tmigr_cpu_deactivate: (ctx: EmitContext, cpu: CpuRef, nextexp: Expr, ret: number) => void;
  readonly tmigr_inactive_up: UpEmitter;
  readonly tmigr_update_events: UpEmitter;
  /** Leaves the first non-ignored event's slot in `slotReg` (-1 = none). `group` = pointer register. */
  readonly tmigr_next_groupevt: (ctx: EmitContext, group: number, queue: number, slotReg: number) => void;
  readonly tmigr_cpu_new_timer: (ctx: EmitContext, cpu: CpuRef, nextexp: Expr) => void;
  readonly tmigr_new_timer: (ctx: EmitContext, cpu: CpuRef, nextexp: Expr, ret: number) => void;
  readonly tmigr_new_timer_up: UpEmitter;
  readonly tmigr_handle_remote: (ctx: EmitContext, cpu: CpuRef) => void;
  readonly tmigr_handle_remote_up: UpEmitter;
  /** `remoteCpu` = register holding the CPU number. */
  readonly tmigr_handle_remote_cpu: (ctx: EmitContext, remoteCpu: number, w: WalkRegs) => void;
  readonly tmigr_requires_handle_remote: (ctx: EmitContext, cpu: CpuRef) => void;
  readonly tmigr_requires_handle_remote_up: UpEmitter;
  readonly tmigr_quick_check: (ctx: EmitContext, cpu: CpuRef, nextevt: Expr) => void;
  readonly tmigr_set_cpu_available: (ctx: EmitContext, cpu: CpuRef) => void;
  readonly tmigr_clear_cpu_available: (ctx: EmitContext, cpu: CpuRef) => void;
  readonly tmigr_cpu_prepare: (ctx: EmitContext, control: CpuRef, target: number) => void;
  /** Emits one `tmigr_setup_groups()` pass from the build-time setup plan. */
  readonly tmigr_setup_groups: (ctx: EmitContext, pass: SetupPass) => void;
  readonly tmigr_connect_child_parent: (ctx: EmitContext, link: SetupLink, pass: SetupPass) => void;
  /** The `if (activate)` block at the end of `tmigr_setup_groups()`: the code the seed fix changes. */
  readonly tmigr_setup_groups_activate: (ctx: EmitContext, pass: SetupPass) => void;
}

/**
 * Setup rules that differ between kernel versions (the parts of setup that run under
 * `tmigr_mutex` and are computed at build time by a TS simulation of tmigr_setup_groups).
 */
export interface SetupRules {
  /** b729cc1ec21a: a new top level gets groupmask BIT(0) at creation and pre-accounts the old root. */
  readonly preinitNewTop: boolean;
  /** 868c9037df62: the old-root attach tests `num_children == 2` (fixed) or `== 1` (off-by-one). */
  readonly oldRootAttachChildren: 1 | 2;
  /** Before b729cc1ec21a the connection stored `parent` before `groupmask`. */
  readonly connectOrder: 'groupmask-then-parent' | 'parent-then-groupmask';
  /** Store of `child->parent`: smp_store_release (v6.13+) or a plain store under locks (earlier). */
  readonly parentStore: 'release' | 'once';
  /** 10a0e6f3d3db: setup runs in PREPARE on the control CPU (`prepare`) or on the incoming CPU in ONLINE (`online`). */
  readonly setupOn: 'prepare' | 'online';
}

/** One group link created by a setup pass, in kernel order. */
export interface SetupLink {
  readonly child: string;
  readonly parent: string;
  /** groupmask stored into the child. */
  readonly mask: number;
  /** `tmigr_init_root(parent)` pre-initialised the parent's groupmask to BIT(0) in this link. */
  readonly parentInitRoot: boolean;
  /** The old root attach (`!parent->parent && activate`). */
  readonly oldRootAttach: boolean;
  /** WARN_ON_ONCE(parent->num_children != 2) evaluated at build time (true = fires). */
  readonly warnNumChildren: boolean;
}

/** One `tmigr_setup_groups()` call of a prepare, computed at build time. */
export interface SetupPass {
  /** The CPU being prepared (-1 for the old-root attach pass, as in the kernel). */
  readonly cpu: number;
  /** `start`: the old root for the attach pass, null otherwise. */
  readonly start: string | null;
  readonly activate: boolean;
  /** Top-down links, in the order the kernel makes them. */
  readonly links: readonly SetupLink[];
  /** The level-0 connection of `cpu` (tmc->tmgroup, tmc->groupmask), if any. */
  readonly cpuLink: { readonly group: string; readonly mask: number; readonly initRoot: boolean } | null;
  /** Groups created by this pass. */
  readonly created: readonly string[];
  /** Build-time WARNs of this pass (`WARN_ON_ONCE(...)` text → fired). */
  readonly warns: readonly { readonly property: string; readonly fired: boolean }[];
}

/** The build-time plan of one prepare (`tmigr_add_cpu`). */
export interface SetupPlan {
  readonly target: number;
  readonly passes: readonly SetupPass[];
  readonly rootChanged: boolean;
}

/** What an emitter can use. */
export interface EmitContext {
  /** The thread being generated. */
  readonly t: ThreadBuilder;
  readonly layout: TmigrLayout;
  readonly scenario: Scenario;
  readonly variant: Variant;
  /** The variant's emitters (call other kernel functions through this). */
  readonly fn: Emitters;
  /** Sets the source info of the following instructions (kernel function + access text). */
  at(fn: string, text: string): EmitContext;
  /** A register of this thread, initialised to 0, named `<fn>.<name>`. */
  reg(name: string): number;
  /** A fresh set of walk registers (walks may nest: remote expiry inside remote handling). */
  walkRegs(name: string): WalkRegs;
  /** `assert(cond)` named `property` if that property is checked, else nothing (WARN_ON_ONCE). */
  warn(cond: Expr, property: string): void;
  /** Address of a group field through a pointer register. */
  groupField(ptr: Expr, field: keyof GroupAddresses): Expr;
  /** Address of a CPU field through a CPU-number expression. */
  cpuField(cpu: Expr, field: keyof CpuAddresses): Expr;
  /** Bound for try_cmpxchg retry loops. */
  readonly retries: number;
  /** Build-time setup plan for `prepare` of `target`. */
  plan(target: number): SetupPlan;
  /** Group layout by name. */
  group(name: string): GroupLayout;
  /** Whether a property is checked. */
  checks(property: string): boolean;
  /** Expression constructors (`c`, `reg`, `add`, `eq`, ...) plus tmigr helpers (`stActive`, `stMigrator`, `stSeq`, `stPack`, `NONE`, `KMAX`). */
  readonly E: typeof import('./emit/exprs.js');
  /** Resets dead registers to 0 (fewer distinct states; local, no step). */
  kill(regs: readonly number[]): void;
  /** `group->level` of a group pointer (immutable setup data, an expression). */
  levelOf(ptr: Expr): Expr;
  /** Address of the `ignore` flag of the event in slot `slot` of `group`'s queue. */
  evtIgnoreAddr(group: Expr, slot: Expr): Expr;
  /** For a level-0 group: the CPU number in slot `slot`. */
  slotCpu(group: Expr, slot: Expr): Expr;
  /** For a group above level 0: the address of the child group's `groupevt.cpu` in slot `slot`. */
  slotGroupevtCpuAddr(group: Expr, slot: Expr): Expr;
  /** Slot (bit index) of a child group pointer in its parent's queue. */
  slotInParent(child: Expr): Expr;
  /** `tmc->tmgroup` of a CPU-number expression. */
  cpuLeaf(cpu: Expr): Expr;
  /** Slot of a CPU-number expression in its leaf. */
  cpuSlot(cpu: Expr): Expr;
  /** Address of a CPU field. */
  cpuAddr(cpu: number, field: keyof CpuAddresses): number;
}

/** A named kernel version of the operations. */
export interface Variant {
  readonly name: string;
  readonly description: string;
  /** The kernel version / commit it models (and the function it changes). */
  readonly kernel: string;
  /** The variant it was derived from, if any. */
  readonly base: string | null;
  readonly emitters: Emitters;
  readonly setup: SetupRules;
  /** The WARN properties the variant's code contains. */
  readonly warns: readonly string[];
  /** Scenario presets that show this variant's bug (historical variants). */
  readonly exposedBy?: readonly string[];
}

/** What `defineVariant` takes. */
export interface VariantDefinition {
  readonly name: string;
  readonly base: string | Variant;
  readonly description: string;
  readonly kernel?: string;
  readonly overrides?: Partial<Emitters>;
  readonly setup?: Partial<SetupRules>;
  /** WARN names to add to / remove from the base's list. */
  readonly addWarns?: readonly string[];
  readonly removeWarns?: readonly string[];
}

// ---------------------------------------------------------------------------------------
// The built model and checking
// ---------------------------------------------------------------------------------------

export interface TmigrModel {
  readonly program: Program;
  readonly layout: TmigrLayout;
  /**
   * Invariants at quiescent states (every thread at an operation boundary and, under TSO, every
   * store buffer empty): returns the violated invariant's name, or null. Pass the explorer's
   * state as the second argument.
   */
  readonly invariant: (view: StateView, state?: unknown) => string | null;
  /** The properties checked (WARNs of the variant, invariants, `deadlock`). */
  readonly properties: readonly string[];
  readonly scenario: Scenario;
  readonly variant: Variant;
}

export interface BuildOptions {
  /** Restrict the checked properties (default: all of the variant's WARNs, the invariants and deadlock). */
  readonly properties?: readonly string[];
}

export interface TmigrCheckOptions extends BuildOptions {
  /** Memory model (default `sc`). */
  readonly model?: ModelName;
  /** A model built before (skips building). */
  readonly tmigrModel?: TmigrModel;
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  readonly onProgress?: (p: import('../explore/result.js').Progress) => void;
  readonly shouldStop?: () => boolean;
  /** Search order (default breadth-first; see `ExploreOptions.search`). */
  readonly search?: 'bfs' | 'dfs';
  /** Depth-first only: state-space caching (see `ExploreOptions.visitedCap`). */
  readonly visitedCap?: number;
  /**
   * LKMM only: the canonical schedule's thread priority (thread indices, default program
   * order; see `LkmmOptions.order`). A search heuristic: every order reaches the same graphs.
   */
  readonly lkmmOrder?: readonly number[];
}

/** A check result plus the model it checked. */
export interface TmigrCheckResult extends CheckResult {
  readonly tmigr: TmigrModel;
  /**
   * LKMM only: the invariant was violated not at the path's last state but at a quiescent cut
   * of that finished execution (see models/lkmm/cuts.ts); says where each thread stands in it.
   */
  readonly cut?: string;
}
