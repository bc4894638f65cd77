/**
 * Lowering of C expressions: names, fields, operators, assignments. Shared reads become IR
 * loads into registers (a value read inside an expression goes to a temporary), so what
 * remains is a pure IR expression over registers. Calls are lowered in `calls.ts`.
 */
import { c, reg } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import { bnot, ite, land, lnot, lor, neg } from '../emit/exprs.js';
import type { CExpr } from './ast.js';
import {
  constOf,
  cpuField,
  type FieldRef,
  groupField,
  STATE_FIELDS,
  type StateField,
  stateGet,
  stateSet,
  walkField,
} from './fields.js';
import { type CType, describe, type FnScope, modelType, type Val } from './scope.js';
import { BIN_OPS, bin, castInt, constantOf, knownFields, typeName, UP_KEYS, withArticle } from './values.js';

/** Something that can be assigned. */
export type LVal =
  | { readonly k: 'reg'; readonly r: number; readonly type: CType; readonly local: boolean }
  | { readonly k: 'state'; readonly r: number; readonly field: StateField; readonly local: boolean }
  | { readonly k: 'mem'; readonly addr: Expr; readonly type: CType; readonly atomic: boolean };

/** Globals that are shared locations or locks. */
export function globalRef(S: FnScope, name: string): FieldRef | null {
  const g = S.ctx.layout.globals;
  if (name === 'jiffies' && g.jiffies !== undefined)
    return { k: 'mem', addr: c(g.jiffies), type: 'int', atomic: false };
  if ((name === 'tmigr_mutex' || name === 'tmigr_available_mutex') && g[name] !== undefined) {
    return { k: 'lock', addr: c(g[name]!) };
  }
  return null;
}

/** Resolves `obj->f` / `obj.f` (and `obj->groupevt.f`) to where the field lives. */
export function resolveMember(
  S: FnScope,
  e: CExpr & { k: 'member' },
): FieldRef | { k: 'statefield'; base: CExpr; field: StateField } {
  // Nested event fields: group->groupevt.ignore, tmc->cpuevt.ignore
  if (
    !e.arrow &&
    e.obj.k === 'member' &&
    e.obj.arrow &&
    (e.obj.field === 'groupevt' || e.obj.field === 'cpuevt')
  ) {
    const owner = rv(S, e.obj.obj);
    const name = `${e.obj.field}.${e.field}`;
    const f = fieldOf(S, owner, name, e);
    if (f) return f;
    S.err(
      e,
      `unknown field '${name}' (the model has ${e.obj.field}.ignore${e.obj.field === 'groupevt' ? ' and groupevt.cpu' : ''})`,
    );
  }
  if (!e.arrow && (STATE_FIELDS as readonly string[]).includes(e.field)) {
    return { k: 'statefield', base: e.obj, field: e.field as StateField };
  }
  const owner = rv(S, e.obj);
  if (e.arrow === false && owner.type !== 'walk') {
    S.err(
      e,
      `'.${e.field}' on ${owner.type === 'state' ? 'union tmigr_state (fields: state, active, migrator, seq)' : `a ${typeName(owner.type)}`}`,
    );
  }
  const f = fieldOf(S, owner, e.field, e);
  if (f) return f;
  return S.err(e, `unknown field '${e.field}' of ${typeName(owner.type)}${knownFields(owner.type)}`);
}

function fieldOf(S: FnScope, owner: Val, name: string, at: CExpr): FieldRef | null {
  switch (owner.type) {
    case 'group':
      if (name === 'num_children') {
        S.err(
          at,
          'num_children is build-time setup data: only BIT(parent->num_children++) in tmigr_connect_child_parent is modelled',
        );
      }
      if (name === 'events')
        S.err(
          at,
          'group->events is a timerqueue: use the timerqueue calls the model knows (see the C reference)',
        );
      return groupField(S.ctx, owner.e, name);
    case 'cpu':
      return cpuField(S.ctx, owner.e, name);
    case 'walk':
      return walkField(owner.w, name);
    default:
      return S.err(at, `'${describe(S.text, at)}': a ${typeName(owner.type)} has no fields`);
  }
}

/** An lvalue. */
export function lvalue(S: FnScope, e: CExpr): LVal {
  if (e.k === 'ident') {
    const s = S.lookup(e.name);
    if (s?.kind === 'reg') return { k: 'reg', r: s.r, type: s.type, local: s.local };
    if (s) S.err(e, `'${e.name}' cannot be assigned in the model (a parameter bound to the caller's value)`);
    const g = globalRef(S, e.name);
    if (g?.k === 'mem') return { k: 'mem', addr: g.addr, type: g.type, atomic: g.atomic };
    return S.err(e, `unknown variable '${e.name}'`);
  }
  if (e.k === 'member') {
    const f = resolveMember(S, e);
    if (f.k === 'statefield') {
      const base = lvalue(S, f.base);
      if (base.k !== 'reg' || base.type !== 'state') {
        S.err(e, `'.${f.field}' needs a union tmigr_state variable`);
      }
      return { k: 'state', r: base.r, field: f.field, local: base.local };
    }
    if (f.k === 'reg') return { k: 'reg', r: f.r, type: f.type, local: false };
    if (f.k === 'mem') return { k: 'mem', addr: f.addr, type: f.type, atomic: f.atomic };
    if (f.k === 'static') S.err(e, `'${describe(S.text, e)}' is immutable setup data in the model`);
    return S.err(e, `'${describe(S.text, e)}' is a lock: use the lock calls`);
  }
  if (e.k === 'unary' && e.op === '*') {
    if (e.a.k === 'ident') return lvalue(S, e.a);
    S.err(e, 'pointer dereference is only supported on a variable');
  }
  return S.err(e, `'${describe(S.text, e)}' is not assignable`);
}

/** The current value of an lvalue (a read of shared memory is a load into a temporary). */
export function readLVal(
  S: FnScope,
  lv: LVal,
  at: CExpr,
  order: 'once' | 'acquire' = 'once',
  dst?: number,
): Expr {
  switch (lv.k) {
    case 'reg':
      return reg(lv.r);
    case 'state':
      return stateGet(reg(lv.r), lv.field);
    case 'mem': {
      void at;
      if (order === 'once') return S.plainRead(lv.addr, dst);
      const r = dst ?? S.temp();
      S.t.load(r, lv.addr, order);
      return reg(r);
    }
  }
}

/** Writes `v` to an lvalue (a shared location: a store of the given order). */
export function writeLVal(S: FnScope, lv: LVal, v: Expr, order: 'once' | 'release' = 'once'): void {
  switch (lv.k) {
    case 'reg':
      S.t.set(lv.r, v);
      if (lv.local) S.liveLocals.add(lv.r);
      return;
    case 'state':
      S.t.set(lv.r, stateSet(reg(lv.r), lv.field, v));
      if (lv.local) S.liveLocals.add(lv.r);
      return;
    case 'mem':
      S.t.store(lv.addr, v, order);
  }
}

/** A register that receives a whole value when `lv` is assigned (for loads straight into it). */
export function directReg(lv: LVal): number | null {
  if (lv.k === 'reg') return lv.r;
  if (lv.k === 'state' && lv.field === 'state') return lv.r;
  return null;
}

/** Lowers an expression to a value. */
export function rv(S: FnScope, e: CExpr): Val {
  switch (e.k) {
    case 'num':
      return { type: 'int', e: c(e.v) };
    case 'str':
      return S.err(e, 'strings are only allowed in calls the model ignores (trace_*)');
    case 'ident': {
      const s = S.lookup(e.name);
      if (s) {
        switch (s.kind) {
          case 'reg':
            return { type: s.type as 'int', e: reg(s.r) };
          case 'expr':
            return { type: s.type as 'int', e: s.e };
          case 'walk':
            return { type: 'walk', w: s.w };
          case 'up':
            return { type: 'up', up: s.up, name: s.name };
        }
      }
      const k = constantOf(S, e.name);
      if (k) return { type: 'int', e: k };
      const up = upFunction(S, e.name);
      if (up) return up;
      const g = globalRef(S, e.name);
      if (g?.k === 'mem')
        return { type: 'int', e: readLVal(S, { k: 'mem', addr: g.addr, type: 'int', atomic: false }, e) };
      return S.err(e, `unknown name '${e.name}'`);
    }
    case 'member': {
      const f = resolveMember(S, e);
      if (f.k === 'statefield') {
        const base = rv(S, f.base);
        if (base.type !== 'state')
          S.err(e, `'.${f.field}' on a ${typeName(base.type)} (a union tmigr_state field)`);
        return { type: 'int', e: stateGet(base.e, f.field) };
      }
      switch (f.k) {
        case 'reg':
          return { type: f.type as 'int', e: reg(f.r) };
        case 'static':
          return { type: f.type as 'int', e: f.e };
        case 'lock':
          return S.err(e, `'${describe(S.text, e)}' is a lock: use the lock calls`);
        case 'mem':
          if (f.atomic)
            S.err(e, `'${describe(S.text, e)}' is an atomic_t: read it with atomic_read() or another atomic`);
          return {
            type: f.type as 'int',
            e: readLVal(S, { k: 'mem', addr: f.addr, type: f.type, atomic: false }, e),
          };
      }
      break;
    }
    case 'index':
      return S.err(e, 'array indexing is not in the supported subset');
    case 'call':
      return S.lowerCall(S, e).val;
    case 'cast': {
      const mt = modelType(e.type);
      const v = rv(S, e.a);
      if (mt === null) S.err(e, `cast to an unsupported type`);
      if (v.type === 'walk' || v.type === 'up' || v.type === 'void')
        S.err(e, `cannot cast a ${typeName(v.type)}`);
      if (mt !== 'int') return { type: mt as 'int', e: v.e };
      return { type: 'int', e: castInt(e.type.base, v.e) };
    }
    case 'unary':
      return unary(S, e);
    case 'postfix': {
      const lv = lvalue(S, e.a);
      const before = currentValue(S, lv, e.a);
      const r = S.temp();
      S.t.set(r, before);
      writeLVal(S, lv, bin(e.op === '++' ? 'add' : 'sub', reg(r), c(1)));
      return { type: 'int', e: reg(r) };
    }
    case 'binary':
      return binary(S, e);
    case 'assign':
      return { type: 'int', e: assign(S, e) };
    case 'cond': {
      if (isPure(S, e.t) && isPure(S, e.e)) {
        const cv = condOf(S, e.c);
        const t = scalar(S, e.t);
        const f = scalar(S, e.e);
        return { type: 'int', e: ite(cv, t, f) };
      }
      const cv = condOf(S, e.c);
      const r = S.temp();
      const other = S.t.label();
      const done = S.t.label();
      S.t.branch(lnot(cv), other);
      S.t.set(r, scalar(S, e.t));
      S.t.jump(done);
      S.t.place(other);
      S.t.set(r, scalar(S, e.e));
      S.t.place(done);
      return { type: 'int', e: reg(r) };
    }
    case 'init':
      return S.err(e, 'an initializer list is only allowed in a declaration of a struct tmigr_walk');
  }
  return S.err(e, 'unsupported expression');
}

/** An up function of the variant named in C (`tmigr_active_up` passed to a walk). */
function upFunction(S: FnScope, name: string): Val | null {
  const fn = S.ctx.fn as unknown as Record<string, unknown>;
  if (!UP_KEYS.has(name) || typeof fn[name] !== 'function') return null;
  return { type: 'up', up: fn[name] as never, name };
}

function currentValue(S: FnScope, lv: LVal, at: CExpr): Expr {
  if (lv.k === 'mem' && lv.atomic)
    S.err(at, `'${describe(S.text, at)}' is an atomic_t: use the atomic_* calls`);
  return readLVal(S, lv, at);
}

/** A scalar value (an IR expression). */
export function scalar(S: FnScope, e: CExpr): Expr {
  const v = rv(S, e);
  if (v.type === 'walk' || v.type === 'up' || v.type === 'void') {
    S.err(e, `'${describe(S.text, e)}' is a ${typeName(v.type)}, not a value`);
  }
  return v.e;
}

/** A condition (non-zero = true). */
export function condOf(S: FnScope, e: CExpr): Expr {
  return scalar(S, e);
}

function unary(S: FnScope, e: CExpr & { k: 'unary' }): Val {
  switch (e.op) {
    case '!':
      return { type: 'int', e: lnot(scalar(S, e.a)) };
    case '~':
      return { type: 'int', e: bnot(scalar(S, e.a)) };
    case '-':
      return {
        type: 'int',
        e: constOf(scalar(S, e.a)) !== null ? c(-constOf(scalar(S, e.a))!) : neg(scalar(S, e.a)),
      };
    case '+':
      return { type: 'int', e: scalar(S, e.a) };
    case '++':
    case '--': {
      const lv = lvalue(S, e.a);
      const v = bin(e.op === '++' ? 'add' : 'sub', currentValue(S, lv, e.a), c(1));
      writeLVal(S, lv, v);
      return { type: 'int', e: currentValue(S, lv, e.a) };
    }
    case '&':
      if (e.a.k === 'ident') {
        const s = S.lookup(e.a.name);
        if (s?.kind === 'walk') return { type: 'walk', w: s.w };
        // &tmigr_active_up: a function pointer
        const up = s ? null : upFunction(S, e.a.name);
        if (up) return up;
      }
      if (e.a.k === 'member') {
        const f = resolveMember(S, e.a);
        if (f.k === 'static' && f.type === 'event') return { type: 'event', e: f.e };
      }
      return S.err(
        e,
        `'${describe(S.text, e)}': addresses are only taken for the calls that need them (atomics, locks, &data)`,
      );
    case '*':
      if (e.a.k === 'ident') return rv(S, e.a);
      return S.err(e, 'pointer dereference is only supported on a variable');
  }
  return S.err(e, `unsupported operator '${e.op}'`);
}

function binary(S: FnScope, e: CExpr & { k: 'binary' }): Val {
  if (e.op === '&&' || e.op === '||') {
    const a = condOf(S, e.a);
    // Plain reads in the right operand are done unconditionally, as a compiler may.
    if (isPure(S, e.b, true)) {
      const b = condOf(S, e.b);
      return { type: 'int', e: e.op === '&&' ? land(a, b) : lor(a, b) };
    }
    // The right operand reads shared memory: C evaluates it only when needed.
    const r = S.temp();
    const skip = S.t.label();
    S.t.set(r, bin('ne', a, c(0)));
    S.t.branch(e.op === '&&' ? lnot(reg(r)) : reg(r), skip);
    S.t.set(r, bin('ne', condOf(S, e.b), c(0)));
    S.t.place(skip);
    return { type: 'int', e: reg(r) };
  }
  if (e.op === '/' || e.op === '%') S.err(e, `operator '${e.op}' is not in the model's arithmetic`);
  const op = BIN_OPS[e.op];
  if (!op) S.err(e, `unsupported operator '${e.op}'`);
  const a = rv(S, e.a);
  const b = rv(S, e.b);
  for (const [v, n] of [
    [a, e.a],
    [b, e.b],
  ] as const) {
    if (v.type === 'walk' || v.type === 'up' || v.type === 'void')
      S.err(n, `'${describe(S.text, n)}' is a ${typeName(v.type)}, not a value`);
  }
  const ea = (a as { e: Expr }).e;
  const eb = (b as { e: Expr }).e;
  if (
    (a.type === 'group' || b.type === 'group' || a.type === 'cpu' || b.type === 'cpu') &&
    op !== 'eq' &&
    op !== 'ne'
  ) {
    S.err(e, 'pointer arithmetic is not in the supported subset (compare pointers with == / !=)');
  }
  return { type: 'int', e: bin(op, ea, eb) };
}

/** Assigns `rhs` to `lhs` (with an operator `op=`), returning the value assigned. */
export function assign(S: FnScope, e: CExpr & { k: 'assign' }): Expr {
  const lv = lvalue(S, e.a);
  if (lv.k === 'mem' && lv.atomic)
    S.err(e.a, `'${describe(S.text, e.a)}' is an atomic_t: write it with atomic_set() or another atomic`);
  if (e.op === '=') {
    const direct = directReg(lv);
    if (direct !== null) {
      const v = valueInto(S, e.b, direct, lvType(lv), e);
      if (lv.k === 'reg' && lv.local) S.liveLocals.add(lv.r);
      if (lv.k === 'state' && lv.local) S.liveLocals.add(lv.r);
      return v;
    }
    const v = scalarOfType(S, e.b, lvType(lv), e);
    writeLVal(S, lv, v);
    return v;
  }
  const op = BIN_OPS[e.op.slice(0, -1)];
  if (!op) S.err(e, `operator '${e.op}' is not in the model's arithmetic`);
  const cur = currentValue(S, lv, e.a);
  const v = bin(op, cur, scalar(S, e.b));
  writeLVal(S, lv, v);
  return v;
}

function lvType(lv: LVal): CType {
  return lv.k === 'state' ? (lv.field === 'state' ? 'int' : 'int') : lv.type;
}

function checkAssignable(S: FnScope, to: CType, from: Val, at: CExpr, rhs: CExpr): void {
  if (from.type === 'void') S.err(rhs, `'${describe(S.text, rhs)}' has no value`);
  if (to === from.type) return;
  // atomic_t migr_state reads give the union's .state word
  if (to === 'int' && (from.type === 'int' || from.type === 'event' || from.type === 'state')) return;
  if (to === 'event' && from.type === 'int') return;
  if ((to === 'group' || to === 'cpu') && from.type === 'int' && 'e' in from && constOf(from.e) === 0) return;
  S.err(
    at,
    `type mismatch: cannot assign ${withArticle(typeName(from.type))} to ${withArticle(typeName(to))}`,
  );
}

function scalarOfType(S: FnScope, rhs: CExpr, to: CType, at: CExpr): Expr {
  const v = rv(S, rhs);
  checkAssignable(S, to, v, at, rhs);
  return (v as { e: Expr }).e;
}

/**
 * Evaluates `rhs` into register `dst`: a shared read or a value-returning atomic or call
 * puts its result there directly (as the emitters do), anything else is a `set`.
 */
export function valueInto(S: FnScope, rhs: CExpr, dst: number, to: CType, at: CExpr): Expr {
  if (rhs.k === 'call') {
    const { val, wrote } = S.lowerCall(S, rhs, dst);
    checkAssignable(S, to, val, at, rhs);
    if (!wrote) S.t.set(dst, (val as { e: Expr }).e);
    return reg(dst);
  }
  if (rhs.k === 'member' || (rhs.k === 'ident' && globalRef(S, rhs.name)?.k === 'mem')) {
    const f = rhs.k === 'member' ? resolveMember(S, rhs) : globalRef(S, (rhs as { name: string }).name)!;
    if (f.k === 'mem' && !f.atomic) {
      checkAssignable(S, to, { type: f.type as 'int', e: reg(dst) }, at, rhs);
      S.plainRead(f.addr, dst);
      return reg(dst);
    }
  }
  const v = scalarOfType(S, rhs, to, at);
  S.t.set(dst, v);
  return reg(dst);
}

/** Whether evaluating `e` emits no instruction (no shared access, no call with effects). */
export function isPure(S: FnScope, e: CExpr, plainReads = false): boolean {
  const pure = (x: CExpr) => isPure(S, x, plainReads);
  switch (e.k) {
    case 'num':
    case 'str':
      return true;
    case 'ident':
      return plainReads || !(S.lookup(e.name) === undefined && globalRef(S, e.name)?.k === 'mem');
    case 'member': {
      if (!e.arrow && (STATE_FIELDS as readonly string[]).includes(e.field)) return pure(e.obj);
      if (!isPure(S, e.obj)) return false;
      try {
        const f = resolveMember(S, e);
        return f.k !== 'mem' || (plainReads && !f.atomic);
      } catch {
        return false;
      }
    }
    case 'unary':
      return e.op !== '++' && e.op !== '--' && pure(e.a);
    case 'cast':
      return pure(e.a);
    case 'binary':
      return (
        pure(e.a) && pure(e.b) && (!plainReads || (e.op !== '&&' && e.op !== '||') || isPure(S, e.b, true))
      );
    case 'cond':
      return isPure(S, e.c) && isPure(S, e.t) && isPure(S, e.e);
    case 'call':
      return e.callee.k === 'ident' && PURE_CALLS.has(e.callee.name) && e.args.every((a) => pure(a));
    default:
      return false;
  }
}

/** Calls that only compute (no step). */
export const PURE_CALLS = new Set([
  'BIT',
  'min',
  'max',
  'min_t',
  'max_t',
  'likely',
  'unlikely',
  'find_first_bit',
  'bitmap_weight',
  'smp_processor_id',
  'raw_smp_processor_id',
  'this_cpu_ptr',
  'per_cpu_ptr',
]);

export { STATE_FIELDS, typeName, UP_KEYS };
