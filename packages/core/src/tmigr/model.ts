/**
 * Building the model of a scenario under a kernel variant:
 *
 * 1. the hierarchy is simulated at build time (boot order, then the scripted prepares in
 *    scenario order) to know every group that will exist and every setup's plan;
 * 2. the initial state is the final memory of a single "boot" thread that runs the variant's
 *    own code sequentially (prepare + online of every present CPU, then idle entry / offline
 *    of the CPUs that start idle / offline) — reachable by construction;
 * 3. the checked program has one thread per CPU with a script (plus a clock thread when time
 *    may advance), over the same locations with the boot state as initial values.
 */

import { ST_DONE } from '../explore/thread.js';
import { ProgramBuilder } from '../ir/builder.js';
import { c, reg } from '../ir/expr.js';
import { isShared, type Program } from '../ir/types.js';
import { ScSemantics } from '../models/sc.js';
import { KTIME_MAX } from './constants.js';
import { Ctx } from './emit/context.js';
import { eq, ite, le } from './emit/exprs.js';
import { allocateLayout } from './layout.js';
import { checkInvariants, groupsByBase, INVARIANTS, isQuiescent } from './properties.js';
import { computeLevels, HierarchySim, SetupError } from './topology.js';
import {
  type BuildOptions,
  type CpuRef,
  type Scenario,
  type ScenarioAction,
  ScenarioError,
  type SetupPlan,
  type ThreadLayout,
  type TmigrLayout,
  type TmigrModel,
  type Variant,
} from './types.js';

const DEFAULT_RETRIES = 3;

/** Node of a CPU: explicit, or possible CPUs spread evenly over the nodes. */
export function nodeOfCpu(scenario: Scenario, cpu: number): number {
  const entry = scenario.cpus.find((x) => x.cpu === cpu);
  if (entry?.node !== undefined) return entry.node;
  return Math.floor((cpu * scenario.machine.nodes) / scenario.machine.possibleCpus);
}

interface Prepared {
  readonly sim: HierarchySim;
  readonly plans: Map<number, SetupPlan>;
  readonly bootOrder: number[];
  readonly createdBy: Map<string, number>;
  readonly prepareTargets: number[];
}

function simulate(scenario: Scenario, variant: Variant): Prepared {
  const m = scenario.machine;
  const info = computeLevels(m.possibleCpus, m.nodes, m.childrenPerGroup);
  if (!info)
    throw new ScenarioError(
      'scenario.machine.possibleCpus: a uniprocessor has no timer migration hierarchy (tmigr_init: nothing to do)',
    );
  const sim = new HierarchySim(info, m.childrenPerGroup, variant.setup);
  const plans = new Map<number, SetupPlan>();
  const createdBy = new Map<string, number>();
  const bootOrder = scenario.cpus.filter((x) => x.state !== 'absent').map((x) => x.cpu);
  const prepareTargets: number[] = [];
  try {
    for (const cpu of bootOrder) plans.set(cpu, sim.addCpu(cpu, nodeOfCpu(scenario, cpu)));
    scenario.cpus.forEach((entry, i) => {
      (entry.script ?? []).forEach((a, j) => {
        if (a.action !== 'prepare') return;
        if (plans.has(a.cpu)) {
          throw new ScenarioError(
            `scenario.cpus[${i}].script[${j}]: CPU ${a.cpu} is already prepared (tmigr_cpu_prepare: "Not first online attempt?")`,
          );
        }
        const plan = sim.addCpu(a.cpu, nodeOfCpu(scenario, a.cpu));
        plans.set(a.cpu, plan);
        prepareTargets.push(a.cpu);
        for (const p of plan.passes) for (const g of p.created) createdBy.set(g, a.cpu);
      });
    });
  } catch (e) {
    if (e instanceof SetupError) throw new ScenarioError(`scenario.machine: ${e.message}`);
    throw e;
  }
  return { sim, plans, bootOrder, createdBy, prepareTargets };
}

function childrenMap(sim: HierarchySim): Map<string, readonly (string | undefined)[]> {
  return new Map(sim.groups.map((g) => [g.name, g.children] as const));
}

function cpuRef(layout: Omit<TmigrLayout, 'threads'>, cpu: number): CpuRef {
  const l = layout.cpus[cpu];
  if (!l) throw new ScenarioError(`scenario.cpus: CPU ${cpu} is not part of the scenario`);
  return { cpu, layout: l };
}

/** Emits one scripted action of `cpu`. */
function emitAction(ctx: Ctx, cpu: CpuRef, action: ScenarioAction, prepared: Prepared): void {
  const t = ctx.t;
  const f = ctx.fn;
  switch (action.action) {
    case 'activate':
      f.tmigr_cpu_activate(ctx, cpu);
      break;
    case 'deactivate': {
      if (action.nextexp !== undefined) {
        f.tmigr_cpu_deactivate(ctx, cpu, c(action.nextexp ?? KTIME_MAX));
      } else {
        const r = ctx.reg('timer.nextexp');
        ctx.at('get_next_timer_interrupt', "the timer base's next global timer");
        t.load(r, cpu.layout.addr.timer, 'once');
        f.tmigr_cpu_deactivate(ctx, cpu, reg(r));
      }
      break;
    }
    case 'new-timer': {
      const r = ctx.reg('timer.nextexp');
      ctx.at('timer base', `enqueue a global timer expiring at ${action.expiry}`);
      t.load(r, cpu.layout.addr.timer, 'once');
      t.set(r, ite(le(reg(r), c(action.expiry)), reg(r), c(action.expiry)));
      t.store(cpu.layout.addr.timer, reg(r), 'once');
      f.tmigr_cpu_new_timer(ctx, cpu, reg(r));
      break;
    }
    case 'handle-remote':
      f.tmigr_handle_remote(ctx, cpu);
      break;
    case 'requires-handle-remote':
      f.tmigr_requires_handle_remote(ctx, cpu);
      break;
    case 'quick-check':
      f.tmigr_quick_check(ctx, cpu, c(action.nextevt ?? KTIME_MAX));
      break;
    case 'prepare':
      f.tmigr_cpu_prepare(ctx, cpu, action.cpu);
      break;
    case 'online': {
      const hs = ctx.layout.globals[`cpuhp:${cpu.cpu}`];
      if (hs !== undefined) {
        const r = ctx.reg('cpuhp.kicked');
        ctx.at('cpuhp', 'the AP runs only after the control CPU finished CPUHP_TMIGR_PREPARE');
        t.load(r, hs, 'acquire');
        t.assume(eq(reg(r), c(1)));
      }
      f.tmigr_set_cpu_available(ctx, cpu);
      break;
    }
    case 'offline':
      f.tmigr_clear_cpu_available(ctx, cpu);
      break;
    case 'cycles':
      throw new Error('cycles must be expanded before emission');
  }
  void prepared;
}

/** Expands `cycles` into deactivate/activate pairs, tracking whether the CPU is active. */
export function expandScript(scenario: Scenario, index: number): ScenarioAction[] {
  const entry = scenario.cpus[index]!;
  let active = entry.state === 'active';
  /** What put a global timer in the CPU's timer base (scenario `timer:` or a `new-timer`), if anything. */
  let timerBase = entry.timer !== undefined && entry.timer !== null ? `timer: ${entry.timer}` : null;
  const out: ScenarioAction[] = [];
  /**
   * An active CPU runs its own expired timers from its timer softirq (kernel/time/timer.c
   * run_timer_softirq), which the model does not: the timer base keeps the timer. A deactivate
   * with an explicit nextexp would then contradict the base, and `timer-handled` would report
   * the timer whatever the kernel. Such scenarios are refused.
   */
  const ownTimer = (where: string): void => {
    if (timerBase === null) return;
    throw new ScenarioError(
      `${where}: CPU ${entry.cpu} has a global timer in its timer base (${timerBase}), and an active CPU runs its own expired timers from its timer softirq, which the model does not; give this deactivate no nextexp (it then takes the timer base's next timer) or drop the timer`,
    );
  };
  (entry.script ?? []).forEach((a, j) => {
    const where = `scenario.cpus[${index}].script[${j}]`;
    switch (a.action) {
      case 'cycles':
        if (a.nextexp !== undefined) ownTimer(where);
        for (let k = 0; k < a.count; k++) {
          if (active) {
            out.push(
              a.nextexp !== undefined
                ? { action: 'deactivate', nextexp: a.nextexp }
                : { action: 'deactivate' },
            );
            out.push({ action: 'activate' });
          } else {
            out.push({ action: 'activate' });
            out.push(
              a.nextexp !== undefined
                ? { action: 'deactivate', nextexp: a.nextexp }
                : { action: 'deactivate' },
            );
          }
        }
        return;
      case 'activate':
        if (active)
          throw new ScenarioError(
            `${where}: activate while CPU ${entry.cpu} is already active (tmigr_cpu_activate WARNs on !tmc->idle)`,
          );
        active = true;
        break;
      case 'deactivate':
        if (!active) throw new ScenarioError(`${where}: deactivate while CPU ${entry.cpu} is not active`);
        if (a.nextexp !== undefined) ownTimer(where);
        active = false;
        break;
      case 'online':
        if (entry.state !== 'absent' && entry.state !== 'offline') {
          throw new ScenarioError(`${where}: online of CPU ${entry.cpu}, which is already online`);
        }
        active = true;
        break;
      case 'offline':
        active = false;
        break;
      case 'new-timer':
        if (active)
          throw new ScenarioError(
            `${where}: new-timer is the idle path (tmigr_cpu_new_timer); CPU ${entry.cpu} is active here`,
          );
        timerBase = `new-timer at ${a.expiry}`;
        break;
      case 'prepare':
        if (!active)
          throw new ScenarioError(
            `${where}: the hotplug control CPU ${entry.cpu} must be online and active to run prepare`,
          );
        break;
      case 'quick-check':
        if (!active) throw new ScenarioError(`${where}: quick-check runs on an active CPU about to go idle`);
        break;
      default:
        break;
    }
    out.push(a);
  });
  return out;
}

function runBoot(program: Program): Int32Array {
  const sem = new ScSemantics(program);
  const init = sem.initial();
  if (init.kind === 'violation')
    throw new ScenarioError(`scenario: the boot sequence trips ${init.property}`);
  let state = init.state;
  for (let steps = 0; steps < 1_000_000; steps++) {
    if (state.threads.every((t) => t.status === ST_DONE)) return state.mem;
    const succ = sem.successors(state);
    const s = succ[0];
    if (!s)
      throw new ScenarioError(
        'scenario: the boot sequence cannot make progress (initial state not reachable)',
      );
    if (s.kind === 'violation') {
      throw new ScenarioError(
        `scenario: the initial state is not reachable with this variant: the boot sequence trips ${s.property}`,
      );
    }
    state = s.state;
  }
  throw new ScenarioError('scenario: the boot sequence does not terminate');
}

/** Builds the model (see the module comment). */
export function buildModel(scenario: Scenario, variant: Variant, options: BuildOptions = {}): TmigrModel {
  const prepared = simulate(scenario, variant);
  const maxCpu = Math.max(...scenario.cpus.map((x) => x.cpu));
  const nodeOf = Array.from({ length: maxCpu + 1 }, (_, cpu) => nodeOfCpu(scenario, cpu));
  const allProps = [...variant.warns, ...INVARIANTS, 'deadlock'];
  const properties = options.properties ? [...options.properties] : allProps;
  for (const p of properties) {
    if (!allProps.includes(p)) {
      throw new ScenarioError(
        `unknown property '${p}' for variant ${variant.name} (known: ${allProps.join(', ')})`,
      );
    }
  }
  const retries = scenario.bounds?.retries ?? DEFAULT_RETRIES;
  const scripted = scenario.cpus
    .map((x, i) => ({ cpu: x.cpu, script: expandScript(scenario, i) }))
    .filter((x) => x.script.length > 0);
  const threadOfCpu = new Map(scripted.map((x, i) => [x.cpu, i] as const));
  const hasClock = (scenario.bounds?.time ?? 0) > 0;
  const layoutInput = {
    sim: prepared.sim,
    createdBy: prepared.createdBy,
    nodeOf,
    threadOfCpu,
    prepareTargets: prepared.prepareTargets,
    hasClock,
  };
  const children = childrenMap(prepared.sim);

  // 1. Boot: the initial state.
  const bootB = new ProgramBuilder(`${scenario.name}-boot`);
  const bootLayout = allocateLayout(bootB, layoutInput);
  const bootT = bootB.thread('boot');
  const bootCtx = new Ctx({
    t: bootT,
    layout: bootLayout,
    scenario,
    variant,
    properties: new Set(variant.warns),
    retries,
    plans: prepared.plans,
    children,
  });
  const bootCpu = prepared.bootOrder[0];
  for (const cpu of prepared.bootOrder) {
    bootCtx.fn.tmigr_cpu_prepare(bootCtx, cpuRef(bootLayout, bootCpu!), cpu);
    bootCtx.fn.tmigr_set_cpu_available(bootCtx, cpuRef(bootLayout, cpu));
  }
  for (const entry of scenario.cpus) {
    if (entry.state === 'idle') {
      bootCtx.fn.tmigr_cpu_deactivate(bootCtx, cpuRef(bootLayout, entry.cpu), c(entry.timer ?? KTIME_MAX));
    } else if (entry.state === 'offline') {
      bootCtx.fn.tmigr_clear_cpu_available(bootCtx, cpuRef(bootLayout, entry.cpu));
    }
  }
  for (const entry of scenario.cpus) {
    if (entry.timer !== undefined && entry.timer !== null) {
      bootCtx.at('timer base', `pending global timer expiring at ${entry.timer}`);
      bootT.store(bootLayout.cpus[entry.cpu]!.addr.timer, c(entry.timer), 'once');
    }
  }
  const bootMem = runBoot(bootB.build());

  // 2. The checked program.
  const b = new ProgramBuilder(`${scenario.name}@${variant.name}`);
  const layout0 = allocateLayout(b, layoutInput);
  bootMem.forEach((v, i) => {
    b.setInit(i + 1, v);
  });
  const threads: ThreadLayout[] = [];
  const propSet = new Set(properties);
  for (const { cpu, script } of scripted) {
    const t = b.thread(`CPU${cpu}`);
    const ctx = new Ctx({
      t,
      layout: layout0,
      scenario,
      variant,
      properties: propSet,
      retries,
      plans: prepared.plans,
      children,
    });
    const boundaries: number[] = [];
    const ref = cpuRef(layout0, cpu);
    for (const action of script) {
      boundaries.push(t.pc);
      emitAction(ctx, ref, action, prepared);
      ctx.clearRegisters();
    }
    threads.push({ name: `CPU${cpu}`, cpu, boundaries });
  }
  if (hasClock) {
    const t = b.thread('clock');
    const boundaries: number[] = [];
    for (let v = 1; v <= scenario.bounds!.time!; v++) {
      boundaries.push(t.pc);
      t.at({ fn: 'clock', text: `jiffies = ${v}` }).store(layout0.globals.jiffies!, c(v), 'once');
    }
    threads.push({ name: 'clock', cpu: null, boundaries });
  }
  const program = b.build();
  program.threads.forEach((th, i) => {
    for (const pc of threads[i]!.boundaries) {
      const instr = th.code[pc];
      if (instr && !isShared(instr))
        throw new Error(`internal: operation boundary of ${th.name} at pc ${pc} is not a shared access`);
    }
  });
  const layout: TmigrLayout = { ...layout0, threads };
  const boundarySets = threads.map((x) => new Set(x.boundaries));
  const enabledInv = new Set(properties.filter((p) => (INVARIANTS as readonly string[]).includes(p)));
  const groupAt = groupsByBase(layout);
  const invariant = (view: import('../explore/semantics.js').StateView, _state?: unknown): string | null => {
    if (enabledInv.size === 0) return null;
    if (!isQuiescent(layout, boundarySets, view)) return null;
    // A store still in a TSO store buffer, or an LKMM read whose value is not chosen yet, is in
    // flight: the state is not quiescent.
    if (view.settled === false) return null;
    return checkInvariants(layout, view, enabledInv, groupAt);
  };
  return { program, layout, invariant, properties, scenario, variant };
}
