/**
 * The code-generation context handed to every emitter: the thread builder, register
 * allocation, source annotations, field addressing and static lookup tables (which child sits
 * in which queue slot, a group's level) derived from the build-time hierarchy.
 */
import type { ThreadBuilder } from '../../ir/builder.js';
import { c } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import { cpuOffset, groupOffset } from '../layout.js';
import type {
  CpuAddresses,
  EmitContext,
  Emitters,
  GroupAddresses,
  GroupLayout,
  Scenario,
  SetupPlan,
  TmigrLayout,
  Variant,
  WalkRegs,
} from '../types.js';
import * as Exprs from './exprs.js';
import { add, mul, select } from './exprs.js';

const CPU_STRIDE = 9;

export interface ContextInput {
  readonly t: ThreadBuilder;
  readonly layout: Omit<TmigrLayout, 'threads'>;
  readonly scenario: Scenario;
  readonly variant: Variant;
  readonly properties: ReadonlySet<string>;
  readonly retries: number;
  readonly plans: ReadonlyMap<number, SetupPlan>;
  /** Children by slot of every group (group name -> child names by slot). */
  readonly children: ReadonlyMap<string, readonly (string | undefined)[]>;
}

/** The implementation of {@link EmitContext}. */
export class Ctx implements EmitContext {
  readonly t: ThreadBuilder;
  readonly layout: TmigrLayout;
  readonly scenario: Scenario;
  readonly variant: Variant;
  readonly fn: Emitters;
  readonly retries: number;
  readonly E = Exprs;
  private readonly properties: ReadonlySet<string>;
  private readonly plans: ReadonlyMap<number, SetupPlan>;
  private readonly children: ReadonlyMap<string, readonly (string | undefined)[]>;
  private currentFn = '';
  /** Registers declared so far (cleared at every operation boundary). */
  readonly registers = new Set<number>();
  private walkCount = 0;

  constructor(input: ContextInput) {
    this.t = input.t;
    this.layout = { ...input.layout, threads: [] };
    this.scenario = input.scenario;
    this.variant = input.variant;
    this.fn = input.variant.emitters;
    this.retries = input.retries;
    this.properties = input.properties;
    this.plans = input.plans;
    this.children = input.children;
  }

  at(fn: string, text: string): this {
    this.currentFn = fn;
    this.t.at({ fn, text });
    return this;
  }

  reg(name: string): number {
    const r = this.t.reg(name.includes('.') ? name : `${this.currentFn || 'op'}.${name}`, 0);
    this.registers.add(r);
    return r;
  }

  walkRegs(name: string): WalkRegs {
    const p = `${name}#${this.walkCount++}`;
    const r = (f: string) => this.reg(`${p}.${f}`);
    return {
      group: r('group'),
      child: r('child'),
      childmask: r('childmask'),
      nextexp: r('nextexp'),
      firstexp: r('firstexp'),
      evtcpu: r('evtcpu'),
      remote: r('remote'),
      now: r('now'),
      check: r('check'),
      ret: r('ret'),
    };
  }

  /** Whether a property is being checked. */
  checks(property: string): boolean {
    return this.properties.has(property);
  }

  warn(cond: Expr, property: string): void {
    // WARN_ON_ONCE(x): the property holds when x is false; `cond` is the condition that must hold.
    if (this.properties.has(property)) this.t.assert(cond, property);
  }

  groupField(ptr: Expr, field: keyof GroupAddresses): Expr {
    return add(ptr, c(groupOffset(field)));
  }

  cpuField(cpu: Expr, field: keyof CpuAddresses): Expr {
    const base0 = this.layout.cpus[0]!.base;
    return add(c(base0 + cpuOffset(field)), mul(cpu, c(CPU_STRIDE)));
  }

  plan(target: number): SetupPlan {
    const p = this.plans.get(target);
    if (!p) throw new Error(`no setup plan for CPU ${target}`);
    return p;
  }

  group(name: string): GroupLayout {
    const g = this.layout.groups.find((x) => x.name === name);
    if (!g) throw new Error(`unknown group ${name}`);
    return g;
  }

  // -------------------------------------------------------------------------------------
  // Static lookups over pointers (immutable setup data: level, slot layout).

  /** `group->level` (immutable after init, so an expression over the pointer). */
  levelOf(ptr: Expr): Expr {
    return select(
      ptr,
      this.layout.groups.map((g) => [g.base, c(g.level)] as const),
      c(0),
    );
  }

  /** For the child in slot `slot` of `group`: the address of its event's `ignore`. */
  evtIgnoreAddr(group: Expr, slot: Expr): Expr {
    return this.childTable(group, slot, (name) => {
      if (name.startsWith('CPU')) return c(this.cpuAddr(Number(name.slice(3)), 'cpuevt_ignore'));
      return c(this.group(name).addr.groupevt_ignore);
    });
  }

  /** For a level-0 group: the CPU number in `slot`. */
  slotCpu(group: Expr, slot: Expr): Expr {
    return this.childTable(group, slot, (name) =>
      name.startsWith('CPU') ? c(Number(name.slice(3))) : c(-1),
    );
  }

  /** For a group of level > 0: the address of the child group's `groupevt.cpu`. */
  slotGroupevtCpuAddr(group: Expr, slot: Expr): Expr {
    return this.childTable(group, slot, (name) =>
      name.startsWith('CPU') ? c(0) : c(this.group(name).addr.groupevt_cpu),
    );
  }

  /** The slot of `child` (a group pointer) in its parent's queue. */
  slotInParent(child: Expr): Expr {
    return select(
      child,
      this.layout.groups.filter((g) => g.slot !== null).map((g) => [g.base, c(g.slot!)] as const),
      c(0),
    );
  }

  /** The leaf group (`tmc->tmgroup`) of a CPU-number expression. */
  cpuLeaf(cpu: Expr): Expr {
    return select(
      cpu,
      this.layout.cpus.filter((x) => x.leaf).map((x) => [x.cpu, c(this.group(x.leaf!).base)] as const),
      c(0),
    );
  }

  /** The slot of a CPU-number expression in its leaf. */
  cpuSlot(cpu: Expr): Expr {
    return select(
      cpu,
      this.layout.cpus.filter((x) => x.slot !== null).map((x) => [x.cpu, c(x.slot!)] as const),
      c(0),
    );
  }

  cpuAddr(cpu: number, field: keyof CpuAddresses): number {
    const l = this.layout.cpus[cpu];
    if (!l) throw new Error(`CPU ${cpu} is not in the layout`);
    return l.addr[field];
  }

  private childTable(group: Expr, slot: Expr, value: (name: string) => Expr): Expr {
    const rows: [number, Expr][] = [];
    for (const g of this.layout.groups) {
      const kids = this.children.get(g.name) ?? [];
      const perSlot: [number, Expr][] = [];
      kids.forEach((name, k) => {
        if (name) perSlot.push([k, value(name)]);
      });
      if (perSlot.length > 0) rows.push([g.base, select(slot, perSlot, c(0))]);
    }
    return select(group, rows, c(0));
  }

  kill(regs: readonly number[]): void {
    for (const r of regs) this.t.set(r, c(0));
  }

  /** Resets every register used so far (an operation boundary: locals are dead). */
  clearRegisters(): void {
    for (const r of this.registers) this.t.set(r, c(0));
  }
}
