/**
 * Lowering of calls: the kernel primitives (atomics, READ_ONCE/WRITE_ONCE, acquire/release,
 * barriers, locks, guards), helpers (BIT, find_first_bit, bitmap_weight, WARN_ON_ONCE,
 * trace_*), and calls of other model functions through the variant's emitters (`ctx.fn`).
 */
import { c, old, reg } from '../../ir/expr.js';
import type { Expr, RmwOrder } from '../../ir/types.js';
import { PRIMITIVES } from '../../litmus/primitives.js';
import { and, bnot, eq, ite, lnot, lor, NONE, ne, or, stMigrator } from '../emit/exprs.js';
import type { CpuRef, WalkRegs } from '../types.js';
import { type CExpr, sourceOf } from './ast.js';
import { isIgnoredCall } from './ast-walk.js';
import { constOf, type FieldRef } from './fields.js';
import { condOf, globalRef, isPure, resolveMember, rv, scalar, typeName, UP_KEYS } from './lower-expr.js';
import { describe, type FnScope, type Val } from './scope.js';

export interface CallResult {
  readonly val: Val;
  /** True when the value was written to the requested destination register. */
  readonly wrote: boolean;
}

const VOID: CallResult = { val: { type: 'void' }, wrote: false };
const int = (e: Expr, wrote = false): CallResult => ({ val: { type: 'int', e }, wrote });

/** Lock and unlock calls: name -> (lock?, number of arguments). */
const LOCKS: Readonly<Record<string, { lock: boolean; args: number }>> = {};
for (const base of ['raw_spin', 'spin']) {
  for (const [sfx, n] of [
    ['', 1],
    ['_irq', 1],
    ['_bh', 1],
    ['_irqsave', 2],
    ['_nested', 2],
  ] as const) {
    (LOCKS as Record<string, { lock: boolean; args: number }>)[`${base}_lock${sfx}`] = {
      lock: true,
      args: n,
    };
  }
  for (const [sfx, n] of [
    ['', 1],
    ['_irq', 1],
    ['_bh', 1],
    ['_irqrestore', 2],
  ] as const) {
    (LOCKS as Record<string, { lock: boolean; args: number }>)[`${base}_unlock${sfx}`] = {
      lock: false,
      args: n,
    };
  }
}
(LOCKS as Record<string, { lock: boolean; args: number }>).mutex_lock = { lock: true, args: 1 };
(LOCKS as Record<string, { lock: boolean; args: number }>).mutex_unlock = { lock: false, args: 1 };

/** Guard classes of `guard(...)` / `scoped_guard(...)` that take a lock. */
export const GUARD_CLASSES = new Set([
  'raw_spinlock',
  'raw_spinlock_irq',
  'raw_spinlock_irqsave',
  'spinlock',
  'spinlock_irq',
  'spinlock_irqsave',
  'mutex',
]);

/** The target of `&x` in a call that needs an address. */
export function addressOf(S: FnScope, e: CExpr): FieldRef | { k: 'walk'; w: WalkRegs } {
  if (e.k !== 'unary' || e.op !== '&') S.err(e, `expected an address (&...), found '${describe(S.text, e)}'`);
  const a = e.a;
  if (a.k === 'ident') {
    const s = S.lookup(a.name);
    if (s?.kind === 'reg') return { k: 'reg', r: s.r, type: s.type };
    if (s?.kind === 'walk') return { k: 'walk', w: s.w };
    const g = globalRef(S, a.name);
    if (g) return g;
    return S.err(a, `unknown variable '${a.name}'`);
  }
  if (a.k === 'member') {
    const f = resolveMember(S, a);
    if (f.k === 'statefield') {
      const base = a.obj;
      if (f.field !== 'state' || base.k !== 'ident')
        S.err(a, `only &<union tmigr_state variable>.state is addressable`);
      const s = S.lookup(base.name);
      if (s?.kind !== 'reg' || s.type !== 'state')
        S.err(a, `'${base.name}' is not a union tmigr_state variable`);
      return { k: 'reg', r: s.r, type: 'state' };
    }
    return f;
  }
  return S.err(e, `cannot take the address of '${describe(S.text, a)}'`);
}

function sharedAddr(S: FnScope, e: CExpr, wantAtomic: boolean | null): { addr: Expr; type: Val['type'] } {
  const f = addressOf(S, e);
  if (f.k !== 'mem') S.err(e, `'${describe(S.text, e)}' is not a shared location of the model`);
  if (wantAtomic === true && !f.atomic)
    S.err(e, `'${describe(S.text, e)}' is not an atomic_t (use READ_ONCE/WRITE_ONCE)`);
  if (wantAtomic === false && f.atomic)
    S.err(e, `'${describe(S.text, e)}' is an atomic_t: use the atomic_* calls`);
  return { addr: f.addr, type: f.type === 'state' ? 'state' : (f.type as 'int') };
}

/** The lock address of `&x->lock` (or a mutex). */
export function lockAddr(S: FnScope, e: CExpr): Expr {
  const f = addressOf(S, e);
  if (f.k !== 'lock') S.err(e, `'${describe(S.text, e)}' is not a lock of the model`);
  return f.addr;
}

/** An lvalue argument of READ_ONCE / WRITE_ONCE (`x`, not `&x`). */
function onceTarget(S: FnScope, e: CExpr, wantAtomic: boolean): { addr: Expr; type: Val['type'] } {
  const amp: CExpr = { k: 'unary', op: '&', a: e, line: e.line, col: e.col, start: e.start, end: e.end };
  return sharedAddr(S, amp, !!wantAtomic);
}

function arity(S: FnScope, e: CExpr & { k: 'call' }, name: string, n: number): void {
  if (e.args.length !== n)
    S.err(e, `${name}() takes ${n} argument${n === 1 ? '' : 's'}, got ${e.args.length}`);
}

function rmwOrder(name: string): RmwOrder {
  if (name.endsWith('_relaxed')) return 'relaxed';
  if (name.endsWith('_acquire')) return 'acquire';
  if (name.endsWith('_release')) return 'release';
  return 'mb';
}

/** `find_first_bit` over an 8-bit mask: the index of the lowest set bit, `size` when none. */
function firstBit(v: Expr, size: Expr): Expr {
  let e = size;
  for (let k = 7; k >= 0; k--) e = ite(ne(and(v, c(1 << k)), c(0)), c(k), e);
  return e;
}

function popcount(v: Expr): Expr {
  let e: Expr = c(0);
  for (let k = 0; k < 8; k++) {
    const bit = ne(and(v, c(1 << k)), c(0));
    e = k === 0 ? bit : { k: 'bin', op: 'add', a: e, b: bit };
  }
  return e;
}

/** The current CPU's number (`smp_processor_id()`). */
function selfCpu(S: FnScope, at: CExpr): Expr {
  if (S.self < 0) S.err(at, 'smp_processor_id() is not known in this function');
  return c(S.self);
}

/** Lowers a call; `dst` is where the caller wants the value (a register), if anywhere. */
export function lowerCall(S: FnScope, e: CExpr & { k: 'call' }, dst?: number, discard = false): CallResult {
  if (e.callee.k === 'call' && e.callee.callee.k === 'ident' && e.callee.callee.name === 'guard') {
    S.err(e, 'guard(...)(...) is a statement of its own');
  }
  if (e.callee.k !== 'ident') return S.err(e, 'only calls of named functions are supported');
  const name = e.callee.name;
  const t = S.t;
  const out = (): number => dst ?? S.temp();

  // Tracing and lock debugging have no effect on the model; their arguments are not evaluated.
  if (isIgnoredCall(name) || name === 'might_sleep') return VOID;
  if (name === 'WARN_ON' || name === 'WARN_ON_ONCE') {
    arity(S, e, name, 1);
    const cond = condOf(S, e.args[0]!);
    const property = sourceOf(S.text, e);
    S.ctx.warn(lnot(cond), property);
    return int(ne(cond, c(0)));
  }
  if (name === 'likely' || name === 'unlikely') {
    arity(S, e, name, 1);
    return int(scalar(S, e.args[0]!));
  }
  if (name === 'BIT') {
    arity(S, e, name, 1);
    const a0 = e.args[0]!;
    if (a0.k === 'postfix' && a0.op === '++' && a0.a.k === 'member' && a0.a.field === 'num_children') {
      // The slot a child gets in its parent is decided by the build-time setup plan.
      if (!S.link) S.err(a0, 'BIT(parent->num_children++) is only modelled in tmigr_connect_child_parent');
      return int(c(S.link.mask));
    }
    const k = scalar(S, e.args[0]!);
    const kc = constOf(k);
    return int(kc !== null && kc >= 0 && kc < 31 ? c(1 << kc) : { k: 'bin', op: 'shl', a: c(1), b: k });
  }
  if (name === 'find_first_bit' || name === 'bitmap_weight') {
    arity(S, e, name, 2);
    const a = e.args[0]!;
    if (a.k !== 'unary' || a.op !== '&') S.err(a, `${name}() takes the address of a mask variable`);
    const v = scalar(S, a.a);
    const size = scalar(S, e.args[1]!);
    return int(name === 'find_first_bit' ? firstBit(and(v, c(0xff)), size) : popcount(v));
  }
  if (name === 'min' || name === 'max' || name === 'min_t' || name === 'max_t') {
    const args = name.endsWith('_t') ? e.args.slice(1) : e.args;
    if (args.length !== 2) S.err(e, `${name}() takes ${name.endsWith('_t') ? 3 : 2} arguments`);
    const a = scalar(S, args[0]!);
    const b = scalar(S, args[1]!);
    const le: Expr = { k: 'bin', op: 'le', a, b };
    return int(name.startsWith('min') ? ite(le, a, b) : ite(le, b, a));
  }
  if (name === 'smp_processor_id' || name === 'raw_smp_processor_id') return int(selfCpu(S, e));
  if (name === 'this_cpu_ptr' || name === 'per_cpu_ptr') {
    const a = e.args[0];
    if (a?.k !== 'unary' || a.op !== '&' || a.a.k !== 'ident' || a.a.name !== 'tmigr_cpu') {
      S.err(e, `${name}() is only supported on &tmigr_cpu`);
    }
    if (name === 'this_cpu_ptr') {
      arity(S, e, name, 1);
      return { val: { type: 'cpu', e: selfCpu(S, e) }, wrote: false };
    }
    arity(S, e, name, 2);
    return { val: { type: 'cpu', e: scalar(S, e.args[1]!) }, wrote: false };
  }
  if (name === 'tmigr_is_not_available') {
    arity(S, e, name, 1);
    const tmc = rv(S, e.args[0]!);
    if (tmc.type !== 'cpu') S.err(e.args[0]!, 'tmigr_is_not_available() takes a struct tmigr_cpu *');
    const f = resolveMember(S, {
      k: 'member',
      obj: e.args[0]!,
      field: 'available',
      arrow: true,
      line: e.line,
      col: e.col,
      start: e.start,
      end: e.end,
    });
    if (f.k !== 'mem') return S.err(e, 'internal: available is not a location');
    const r = S.temp();
    t.load(r, f.addr, 'once');
    return int(eq(reg(r), c(0)));
  }
  if (name === 'tmigr_check_migrator') {
    arity(S, e, name, 2);
    const g = rv(S, e.args[0]!);
    if (g.type !== 'group') S.err(e.args[0]!, 'tmigr_check_migrator() takes a struct tmigr_group *');
    const mask = scalar(S, e.args[1]!);
    const s = S.temp();
    S.ctx.at('tmigr_check_migrator', 's.state = atomic_read(&group->migr_state)');
    t.load(s, S.ctx.groupField(g.e, 'migr_state'), 'once');
    return int(lor(eq(stMigrator(reg(s)), mask), eq(stMigrator(reg(s)), NONE)));
  }
  if (name === 'get_jiffies_update') {
    const j = S.ctx.layout.globals.jiffies;
    if (j === undefined) return S.err(e, 'no jiffies in this model');
    const r = out();
    t.load(r, j, 'once');
    return int(reg(r), r === dst);
  }
  if (name === 'atomic_try_cmpxchg' || name.startsWith('atomic_try_cmpxchg_')) {
    arity(S, e, name, 3);
    const { addr } = sharedAddr(S, e.args[0]!, true);
    const oldRef = addressOf(S, e.args[1]!);
    if (oldRef.k !== 'reg')
      return S.err(e.args[1]!, `${name}(): the expected value must be a local variable (&curstate.state)`);
    const nv = scalar(S, e.args[2]!);
    const ok = out();
    t.rmw(addr, nv, { guard: eq(old, reg(oldRef.r)), dst: oldRef.r, ok, order: rmwOrder(name) });
    return int(reg(ok), ok === dst);
  }
  const prim = PRIMITIVES.get(name);
  if (prim) {
    switch (prim.kind) {
      case 'load': {
        arity(S, e, name, 1);
        const target =
          prim.args[0] === 'lv'
            ? onceTarget(S, e.args[0]!, false)
            : sharedAddr(S, e.args[0]!, !!name.startsWith('atomic_'));
        const r = out();
        t.load(r, target.addr, prim.order);
        return { val: { type: target.type as 'int', e: reg(r) }, wrote: r === dst };
      }
      case 'store': {
        arity(S, e, name, 2);
        const target =
          prim.args[0] === 'lv'
            ? onceTarget(S, e.args[0]!, false)
            : sharedAddr(S, e.args[0]!, !!name.startsWith('atomic_'));
        t.store(target.addr, scalar(S, e.args[1]!), prim.order);
        return VOID;
      }
      case 'fence':
        arity(S, e, name, 0);
        t.fence(prim.fence);
        return VOID;
      case 'xchg': {
        arity(S, e, name, 2);
        const { addr } = sharedAddr(S, e.args[0]!, !!name.startsWith('atomic_'));
        const v = scalar(S, e.args[1]!);
        const r = out();
        t.rmw(addr, v, { dst: r, order: prim.order });
        return int(reg(r), r === dst);
      }
      case 'cmpxchg': {
        arity(S, e, name, 3);
        const { addr } = sharedAddr(S, e.args[0]!, !!name.startsWith('atomic_'));
        const ex = scalar(S, e.args[1]!);
        const nv = scalar(S, e.args[2]!);
        const r = out();
        t.rmw(addr, nv, { guard: eq(old, ex), dst: r, order: prim.order });
        return int(reg(r), r === dst);
      }
      case 'atomic': {
        arity(S, e, name, prim.args.length);
        const pArg = e.args[prim.args.length - 1]!;
        const v = prim.args.length === 2 ? scalar(S, e.args[0]!) : c(1);
        const { addr } = sharedAddr(S, pArg, true);
        const opExpr = (x: Expr): Expr => {
          switch (prim.op) {
            case 'add':
              return { k: 'bin', op: 'add', a: x, b: v };
            case 'sub':
              return { k: 'bin', op: 'sub', a: x, b: v };
            case 'and':
              return and(x, v);
            case 'or':
              return or(x, v);
            case 'xor':
              return { k: 'bin', op: 'xor', a: x, b: v };
            case 'andnot':
              return and(x, bnot(v));
          }
        };
        if (prim.result === 'none') {
          t.rmw(addr, opExpr(old), { order: 'noreturn' });
          return VOID;
        }
        const r = prim.result === 'old' ? out() : S.temp();
        t.rmw(addr, opExpr(old), { dst: r, order: prim.order });
        if (prim.result === 'old') return int(reg(r), r === dst);
        const nv = opExpr(reg(r));
        if (prim.result === 'new') return int(nv);
        if (prim.result === 'new-is-zero') return int(eq(nv, c(0)));
        return int({ k: 'bin', op: 'lt', a: nv, b: c(0) });
      }
      case 'add-unless':
        return S.err(e, `${name}() is not in the subset of the C front end`);
      case 'lock':
      case 'unlock':
      case 'trylock':
        break;
    }
  }
  const lk = LOCKS[name];
  if (lk) {
    arity(S, e, name, lk.args);
    const addr = lockAddr(S, e.args[0]!);
    if (lk.lock) t.lock(addr);
    else t.unlock(addr);
    return VOID;
  }
  if (name === 'walk_groups') {
    arity(S, e, name, 3);
    const up = upArg(S, e.args[0]!);
    const w = walkArg(S, e.args[1]!);
    const tmc = rv(S, e.args[2]!);
    if (tmc.type !== 'cpu')
      S.err(e.args[2]!, 'walk_groups() takes a struct tmigr_cpu * as its third argument');
    const n = constOf(tmc.e);
    const leaf = n !== null ? S.ctx.layout.cpus[n]?.leaf : null;
    t.set(w.group, leaf ? c(S.ctx.group(leaf).base) : S.ctx.cpuLeaf(tmc.e)).set(w.child, c(0));
    S.ctx.fn.__walk_groups_from(S.ctx, up, w);
    S.forgetReads();
    return VOID;
  }
  return modelCall(S, e, name, dst, discard);
}

function upArg(S: FnScope, e: CExpr) {
  const v = rv(S, e);
  if (v.type !== 'up')
    return S.err(e, `expected an up function (tmigr_active_up, ...), found '${describe(S.text, e)}'`);
  return v.up;
}

function walkArg(S: FnScope, e: CExpr): WalkRegs {
  const v = rv(S, e);
  if (v.type !== 'walk')
    return S.err(e, `expected a struct tmigr_walk (&data or data), found a ${typeName(v.type)}`);
  return v.w;
}

/** Puts `e` (a group pointer) into the walk register `r` unless it already is that register. */
function setPtr(S: FnScope, r: number, e: CExpr, what: string): void {
  if (isPure(S, e)) {
    const v = rv(S, e);
    if (v.type !== 'group' && !(v.type === 'int' && constOf(v.e) === 0))
      S.err(e, `${what} must be a struct tmigr_group *`);
    const x = (v as { e: Expr }).e;
    if (!(x.k === 'reg' && x.r === r)) S.t.set(r, x);
    return;
  }
  if (e.k === 'member') {
    const f = resolveMember(S, e);
    if (f.k === 'mem' && f.type === 'group' && !f.atomic) {
      S.plainRead(f.addr, r);
      return;
    }
  }
  S.t.set(r, scalar(S, e));
}

function cpuRefOf(S: FnScope, e: CExpr): CpuRef {
  const v = rv(S, e);
  if (v.type !== 'cpu') return S.err(e, `expected a struct tmigr_cpu *, found a ${typeName(v.type)}`);
  const n = constOf(v.e);
  const layout = n !== null ? S.ctx.layout.cpus[n] : undefined;
  if (!layout)
    return S.err(
      e,
      'the model calls this function only on a CPU known when the model is built (tmc of this CPU)',
    );
  return { cpu: n!, layout };
}

/** A call of another model function through the variant (`ctx.fn`). */
function modelCall(
  S: FnScope,
  e: CExpr & { k: 'call' },
  name: string,
  dst: number | undefined,
  discard: boolean,
): CallResult {
  const f = S.ctx.fn;
  const sym = S.lookup(name);
  if (sym?.kind === 'up' || UP_KEYS.has(name)) {
    arity(S, e, name, 3);
    const up =
      sym?.kind === 'up' ? sym.up : (f as unknown as Record<string, typeof f.tmigr_active_up>)[name]!;
    const w = walkArg(S, e.args[2]!);
    setPtr(S, w.group, e.args[0]!, 'the group argument');
    setPtr(S, w.child, e.args[1]!, 'the child argument');
    up(S.ctx, w);
    S.forgetReads();
    if (discard) {
      // The result is not used: reset it (as a dead local).
      S.t.set(w.ret, c(0));
      return VOID;
    }
    return int(reg(w.ret));
  }
  switch (name) {
    case '__walk_groups_from': {
      arity(S, e, name, 4);
      const up = upArg(S, e.args[0]!);
      const w = walkArg(S, e.args[1]!);
      setPtr(S, w.child, e.args[2]!, 'the child argument');
      setPtr(S, w.group, e.args[3]!, 'the group argument');
      f.__walk_groups_from(S.ctx, up, w);
      S.forgetReads();
      return VOID;
    }
    case '__tmigr_cpu_activate':
      arity(S, e, name, 1);
      f.__tmigr_cpu_activate(S.ctx, cpuRefOf(S, e.args[0]!));
      S.forgetReads();
      return VOID;
    case '__tmigr_cpu_deactivate':
    case 'tmigr_new_timer': {
      arity(S, e, name, 2);
      const cpu = cpuRefOf(S, e.args[0]!);
      const next = scalar(S, e.args[1]!);
      const r = dst ?? S.temp();
      f[name](S.ctx, cpu, next, r);
      S.forgetReads();
      return int(reg(r), r === dst);
    }
    case 'tmigr_handle_remote_cpu': {
      arity(S, e, name, 3);
      const cpu = scalar(S, e.args[0]!);
      const nowArg = e.args[1]!;
      const outer = nowArg.k === 'member' ? rv(S, nowArg.obj) : null;
      if (outer?.type !== 'walk' || nowArg.k !== 'member' || nowArg.field !== 'now') {
        S.err(nowArg, 'tmigr_handle_remote_cpu(): the model passes now as data->now of the current walk');
      }
      let r: number;
      if (cpu.k === 'reg') r = cpu.r;
      else {
        r = S.temp();
        S.t.set(r, cpu);
      }
      f.tmigr_handle_remote_cpu(S.ctx, r, (outer as { w: WalkRegs }).w);
      S.forgetReads();
      return VOID;
    }
    default:
      break;
  }
  if (name in f) {
    return S.err(
      e,
      `${name}() cannot be called from C in the model (it is an entry point or build-time setup)`,
    );
  }
  return S.err(e, `unknown function '${name}' (not a kernel primitive of the subset nor a model function)`);
}

export { isPure };
