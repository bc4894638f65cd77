/**
 * The model functions a C file may define, with their kernel signatures, and how each C
 * parameter is bound to the emitter's arguments (`Emitters` in `tmigr/types.ts`): walk
 * functions get the walk registers, per-CPU functions the CPU (`tmc`, `smp_processor_id()`),
 * setup functions the build-time groups.
 */
import { c, reg } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import type { CpuRef, EmitContext, Emitters, SetupLink, SetupPass, UpEmitter, WalkRegs } from '../types.js';
import type { CType, Sym } from './scope.js';

/** How a C definition of a model function is bound when its emitter runs. */
export interface Binding {
  readonly params: readonly Sym[];
  readonly retReg: number | null;
  /** The CPU the code runs on, -1 when unknown. */
  readonly self: number;
  /** The link of `tmigr_connect_child_parent()` (for `BIT(parent->num_children++)`). */
  readonly link?: SetupLink;
  /** Registers that are dead when the function returns (reset like dead locals). */
  readonly deadAtExit?: readonly number[];
}

export interface Signature {
  /** The kernel prototype, for messages and the docs. */
  readonly proto: string;
  /** The kernel function shown in traces, when it is not the definition's name. */
  readonly traceName?: string;
  readonly params: readonly CType[];
  readonly returns: boolean;
  /** Builds the emitter from a function that lowers the C body under a binding. */
  readonly make: (lower: (ctx: EmitContext, b: Binding) => void) => Emitters[keyof Emitters];
}

/** The CPU a thread runs (`CPU<n>`), -1 for the boot thread or the clock. */
export function threadCpu(ctx: EmitContext): number {
  const m = /^CPU(\d+)$/.exec(ctx.t.name);
  return m ? Number(m[1]) : -1;
}

const cpuSym = (cpu: CpuRef): Sym => ({ kind: 'expr', e: c(cpu.cpu), type: 'cpu' });
const exprSym = (e: Expr, type: CType = 'int'): Sym => ({ kind: 'expr', e, type });
const regSym = (r: number, type: CType): Sym => ({ kind: 'reg', r, type, local: false });

const up = (name: string): Signature => ({
  proto: `bool ${name}(struct tmigr_group *group, struct tmigr_group *child, struct tmigr_walk *data)`,
  params: ['group', 'group', 'walk'],
  returns: true,
  make: (lower) =>
    ((ctx: EmitContext, w: WalkRegs) =>
      lower(ctx, {
        params: [regSym(w.group, 'group'), regSym(w.child, 'group'), { kind: 'walk', w }],
        retReg: w.ret,
        self: threadCpu(ctx),
      })) as UpEmitter,
});

/** A per-CPU entry point: `tmc` is this CPU. */
const onCpu = (proto: string, params: readonly CType[], returns = false): Signature => ({
  proto,
  params,
  returns,
  make: (lower) =>
    ((ctx: EmitContext, cpu: CpuRef, arg?: Expr, ret?: number) =>
      lower(ctx, {
        params: params.map((p) => (p === 'cpu' ? cpuSym(cpu) : exprSym(arg ?? c(cpu.cpu)))),
        retReg: returns && ret !== undefined ? ret : null,
        self: cpu.cpu,
      })) as never,
});

export const SIGNATURES: Readonly<Record<string, Signature>> = {
  __walk_groups_from: {
    proto:
      'void __walk_groups_from(up_f up, struct tmigr_walk *data, struct tmigr_group *child, struct tmigr_group *group)',
    params: ['up', 'walk', 'group', 'group'],
    returns: false,
    make: (lower) => (ctx: EmitContext, upf: UpEmitter, w: WalkRegs) =>
      lower(ctx, {
        params: [
          { kind: 'up', up: upf, name: 'up' },
          { kind: 'walk', w },
          regSym(w.child, 'group'),
          regSym(w.group, 'group'),
        ],
        retReg: null,
        self: threadCpu(ctx),
        // The walk position and the last level's childmask and result die with the walk.
        deadAtExit: [w.group, w.child, w.childmask, w.ret],
      }),
  },
  tmigr_active_up: up('tmigr_active_up'),
  tmigr_inactive_up: up('tmigr_inactive_up'),
  tmigr_update_events: up('tmigr_update_events'),
  tmigr_new_timer_up: up('tmigr_new_timer_up'),
  tmigr_handle_remote_up: up('tmigr_handle_remote_up'),
  tmigr_requires_handle_remote_up: up('tmigr_requires_handle_remote_up'),
  tmigr_cpu_activate: onCpu('void tmigr_cpu_activate(void)', []),
  __tmigr_cpu_activate: onCpu('void __tmigr_cpu_activate(struct tmigr_cpu *tmc)', ['cpu']),
  tmigr_cpu_deactivate: onCpu('u64 tmigr_cpu_deactivate(u64 nextexp)', ['int']),
  __tmigr_cpu_deactivate: onCpu(
    'u64 __tmigr_cpu_deactivate(struct tmigr_cpu *tmc, u64 nextexp)',
    ['cpu', 'int'],
    true,
  ),
  tmigr_cpu_new_timer: onCpu('u64 tmigr_cpu_new_timer(u64 nextexp)', ['int']),
  tmigr_new_timer: onCpu('u64 tmigr_new_timer(struct tmigr_cpu *tmc, u64 nextexp)', ['cpu', 'int'], true),
  tmigr_handle_remote: onCpu('void tmigr_handle_remote(void)', []),
  tmigr_requires_handle_remote: onCpu('bool tmigr_requires_handle_remote(void)', []),
  tmigr_quick_check: onCpu('u64 tmigr_quick_check(u64 nextevt)', ['int']),
  tmigr_set_cpu_available: onCpu('int tmigr_set_cpu_available(unsigned int cpu)', ['int']),
  tmigr_clear_cpu_available: onCpu('int tmigr_clear_cpu_available(unsigned int cpu)', ['int']),
  tmigr_handle_remote_cpu: {
    proto: 'void tmigr_handle_remote_cpu(unsigned int cpu, u64 now, unsigned long jif)',
    params: ['int', 'int', 'int'],
    returns: false,
    make: (lower) => (ctx: EmitContext, rcpu: number, outer: WalkRegs) =>
      lower(ctx, {
        params: [exprSym(reg(rcpu)), exprSym(reg(outer.now)), exprSym(reg(outer.now))],
        retReg: null,
        self: threadCpu(ctx),
      }),
  },
  tmigr_setup_groups_activate: {
    proto: 'void tmigr_setup_groups_activate(struct tmigr_group *start)',
    traceName: 'tmigr_setup_groups',
    params: ['group'],
    returns: false,
    make: (lower) => (ctx: EmitContext, pass: SetupPass) =>
      lower(ctx, {
        params: [exprSym(c(ctx.group(pass.start!).base), 'group')],
        retReg: null,
        self: threadCpu(ctx),
      }),
  },
  tmigr_connect_child_parent: {
    proto:
      'void tmigr_connect_child_parent(struct tmigr_group *child, struct tmigr_group *parent, bool activate)',
    params: ['group', 'group', 'int'],
    returns: false,
    make: (lower) => (ctx: EmitContext, link: SetupLink) =>
      lower(ctx, {
        params: [
          exprSym(c(ctx.group(link.child).base), 'group'),
          exprSym(c(ctx.group(link.parent).base), 'group'),
          exprSym(c(link.oldRootAttach ? 1 : 0)),
        ],
        retReg: null,
        self: threadCpu(ctx),
        link,
      }),
  },
};

/** Emitter keys that the C front end cannot define, and why. */
export const NOT_IN_C: Readonly<Record<string, string>> = {
  tmigr_next_groupevt:
    'its model works on a register copy of the timerqueue word (override it with the TypeScript API)',
  tmigr_cpu_prepare:
    'the hotplug setup is computed at build time (override tmigr_setup_groups_activate or tmigr_connect_child_parent)',
  tmigr_setup_groups:
    'the hotplug setup is computed at build time (override tmigr_setup_groups_activate or tmigr_connect_child_parent)',
};
