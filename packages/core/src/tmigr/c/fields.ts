/**
 * Field mapping onto the model's layout (`tmigr/layout.ts`): `struct tmigr_group` and
 * `struct tmigr_cpu` fields through pointers, `struct tmigr_walk` fields (registers) and the
 * `union tmigr_state` bit fields.
 */
import { c, reg } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import { stActive, stMigrator, stPack, stSeq } from '../emit/exprs.js';
import type { CpuAddresses, EmitContext, GroupAddresses, WalkRegs } from '../types.js';
import type { CType } from './scope.js';

/** Where a field lives. */
export type FieldRef =
  /** A shared location (every read or write is one step). */
  | { readonly k: 'mem'; readonly addr: Expr; readonly type: CType; readonly atomic: boolean }
  /** Immutable setup data (level, a CPU's leaf and groupmask): an expression, no access. */
  | { readonly k: 'static'; readonly e: Expr; readonly type: CType }
  /** A `struct tmigr_walk` field: a register. */
  | { readonly k: 'reg'; readonly r: number; readonly type: CType }
  /** A lock (only its address may be taken, for the lock calls). */
  | { readonly k: 'lock'; readonly addr: Expr };

export const GROUP_C_FIELDS: Readonly<
  Record<string, { f: keyof GroupAddresses; type: CType; atomic?: true }>
> = {
  migr_state: { f: 'migr_state', type: 'state', atomic: true },
  parent: { f: 'parent', type: 'group' },
  groupmask: { f: 'groupmask', type: 'int' },
  next_expiry: { f: 'next_expiry', type: 'int' },
  'groupevt.ignore': { f: 'groupevt_ignore', type: 'int' },
  'groupevt.cpu': { f: 'groupevt_cpu', type: 'int' },
};

export const CPU_C_FIELDS: Readonly<Record<string, { f: keyof CpuAddresses; type: CType }>> = {
  idle: { f: 'idle', type: 'int' },
  available: { f: 'available', type: 'int' },
  remote: { f: 'remote', type: 'int' },
  wakeup: { f: 'wakeup', type: 'int' },
  'cpuevt.ignore': { f: 'cpuevt_ignore', type: 'int' },
};

export const WALK_C_FIELDS: Readonly<Record<string, { f: keyof WalkRegs; type: CType }>> = {
  childmask: { f: 'childmask', type: 'int' },
  nextexp: { f: 'nextexp', type: 'int' },
  firstexp: { f: 'firstexp', type: 'int' },
  evt: { f: 'evtcpu', type: 'event' },
  remote: { f: 'remote', type: 'int' },
  now: { f: 'now', type: 'int' },
  check: { f: 'check', type: 'int' },
};

export const STATE_FIELDS = ['state', 'active', 'migrator', 'seq'] as const;
export type StateField = (typeof STATE_FIELDS)[number];

/** Reads a `union tmigr_state` field out of the packed word. */
export function stateGet(s: Expr, f: StateField): Expr {
  switch (f) {
    case 'state':
      return s;
    case 'active':
      return stActive(s);
    case 'migrator':
      return stMigrator(s);
    case 'seq':
      return stSeq(s);
  }
}

/** The packed word `s` with field `f` replaced by `v`. */
export function stateSet(s: Expr, f: StateField, v: Expr): Expr {
  switch (f) {
    case 'state':
      return v;
    case 'active':
      return stPack(v, stMigrator(s), stSeq(s));
    case 'migrator':
      return stPack(stActive(s), v, stSeq(s));
    case 'seq':
      return stPack(stActive(s), stMigrator(s), v);
  }
}

/** A constant's value, or null. */
export function constOf(e: Expr): number | null {
  return e.k === 'const' ? e.v : null;
}

/** `group->name` for a group pointer expression; null if unknown. */
export function groupField(ctx: EmitContext, p: Expr, name: string): FieldRef | null {
  const base = constOf(p);
  if (name === 'lock') {
    return {
      k: 'lock',
      addr: base !== null && base !== 0 ? groupAddr(ctx, base, 'lock') : ctx.groupField(p, 'lock'),
    };
  }
  if (name === 'level') {
    const g = base !== null ? ctx.layout.groups.find((x) => x.base === base) : undefined;
    return { k: 'static', e: g ? c(g.level) : ctx.levelOf(p), type: 'int' };
  }
  const f = GROUP_C_FIELDS[name];
  if (!f) return null;
  const addr = base !== null && base !== 0 ? groupAddr(ctx, base, f.f) : ctx.groupField(p, f.f);
  return { k: 'mem', addr, type: f.type, atomic: f.atomic === true };
}

function groupAddr(ctx: EmitContext, base: number, f: keyof GroupAddresses): Expr {
  const g = ctx.layout.groups.find((x) => x.base === base);
  return g ? c(g.addr[f]) : ctx.groupField(c(base), f);
}

/** `tmc->name` for a CPU-number expression; null if unknown. */
export function cpuField(ctx: EmitContext, cpu: Expr, name: string): FieldRef | null {
  const n = constOf(cpu);
  const layout = n !== null ? ctx.layout.cpus[n] : undefined;
  if (name === 'lock') return { k: 'lock', addr: layout ? c(layout.addr.lock) : ctx.cpuField(cpu, 'lock') };
  if (name === 'tmgroup') {
    const leaf = layout?.leaf;
    return { k: 'static', e: leaf ? c(ctx.group(leaf).base) : ctx.cpuLeaf(cpu), type: 'group' };
  }
  if (name === 'groupmask') {
    return {
      k: 'static',
      e: layout && layout.slot !== null ? c(1 << layout.slot) : shiftOne(ctx.cpuSlot(cpu)),
      type: 'int',
    };
  }
  if (name === 'cpuevt') return { k: 'static', e: cpu, type: 'event' };
  const f = CPU_C_FIELDS[name];
  if (!f) return null;
  return {
    k: 'mem',
    addr: layout ? c(layout.addr[f.f]) : ctx.cpuField(cpu, f.f),
    type: f.type,
    atomic: false,
  };
}

const shiftOne = (k: Expr): Expr => ({ k: 'bin', op: 'shl', a: c(1), b: k });

/** `data->name` / `data.name` of a walk. */
export function walkField(w: WalkRegs, name: string): FieldRef | null {
  const f = WALK_C_FIELDS[name];
  return f ? { k: 'reg', r: w[f.f], type: f.type } : null;
}

export { reg };
