/**
 * `if` / `else`: an `if` whose arms only assign locals from values already read becomes
 * conditional `set`s (as the emitters write such code); `if (c) break/continue/goto` is one
 * branch; any other `if` branches around its arms.
 */
import { c, ite, reg } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import { lnot } from '../emit/exprs.js';
import { type CExpr, type CStmt, sourceOf } from './ast.js';
import { isIgnoredCall, isTrace, walkStmt } from './ast-walk.js';
import { stateGet, stateSet } from './fields.js';
import { gotoBound } from './loop-bounds.js';
import { condOf, isPure, lvalue, scalar } from './lower-expr.js';
import { type FnScope, modelType } from './scope.js';

/** Lowers one statement (passed in: the statement lowering calls this module). */
export type LowerStmt = (S: FnScope, st: CStmt) => void;

const rem = (S: FnScope, n: { start: number; end: number }) => sourceOf(S.text, n);

/** Whether a statement only assigns registers from pure expressions (no step, no jump). */
function localOnly(S: FnScope, st: CStmt, declared: Set<string> = new Set()): boolean {
  switch (st.k) {
    case 'empty':
      return true;
    case 'block':
      return st.body.every((s) => localOnly(S, s, declared));
    case 'decl':
      return st.decls.every((d) => {
        const mt = modelType(d.type);
        declared.add(d.name);
        return (mt === 'int' || mt === 'state') && (!d.init || (d.init.k !== 'init' && isPure(S, d.init)));
      });
    case 'if':
      return (
        isPure(S, st.c) && localOnly(S, st.then, declared) && (!st.else || localOnly(S, st.else, declared))
      );
    case 'expr': {
      const e = st.e;
      let target: CExpr;
      if (e.k === 'assign') {
        if (!isPure(S, e.b)) return false;
        target = e.a;
      } else if (e.k === 'postfix' || (e.k === 'unary' && (e.op === '++' || e.op === '--'))) {
        target = e.a;
      } else if (e.k === 'call' && e.callee.k === 'ident' && isIgnoredCall(e.callee.name)) {
        return true;
      } else {
        return false;
      }
      if (target.k === 'ident' && declared.has(target.name)) return true;
      try {
        const lv = lvalue(S, target);
        return lv.k !== 'mem';
      } catch {
        return false;
      }
    }
    default:
      return false;
  }
}

function regsOf(e: Expr, out: Set<number>): void {
  switch (e.k) {
    case 'reg':
      out.add(e.r);
      break;
    case 'bin':
      regsOf(e.a, out);
      regsOf(e.b, out);
      break;
    case 'un':
      regsOf(e.a, out);
      break;
    case 'ite':
      regsOf(e.c, out);
      regsOf(e.t, out);
      regsOf(e.e, out);
      break;
    default:
      break;
  }
}

function assignedRegs(S: FnScope, st: CStmt, out: Set<number>): void {
  walkStmt(st, (s) => {
    if (s.k === 'decl') {
      // Locals declared inside: only their registers are written (bound in a scratch scope).
      for (const d of s.decls) {
        const mt = modelType(d.type);
        const r = S.localReg(d.name);
        out.add(r);
        if (!S.lookup(d.name)) S.bind(d.name, { kind: 'reg', r, type: mt ?? 'int', local: true }, d);
      }
      return;
    }
    if (s.k !== 'expr') return;
    const e = s.e;
    const target = e.k === 'assign' || e.k === 'postfix' || e.k === 'unary' ? e.a : null;
    if (!target) return;
    const lv = lvalue(S, target);
    if (lv.k !== 'mem') out.add(lv.r);
  });
}

/**
 * `if (g) st` with only local assignments: every assignment becomes `x = g ? v : x`, except
 * for locals declared inside (not visible outside the guard: a plain `x = v`).
 */
function lowerGuarded(
  S: FnScope,
  g: Expr,
  st: CStmt,
  lowerStmt: LowerStmt,
  inner: Set<number> = new Set(),
): void {
  switch (st.k) {
    case 'empty':
      return;
    case 'block':
      S.push();
      for (const s of st.body) lowerGuarded(S, g, s, lowerStmt, inner);
      S.pop();
      return;
    case 'decl':
      lowerStmt(S, st);
      for (const d of st.decls) {
        const sym = S.lookup(d.name);
        if (sym?.kind === 'reg') inner.add(sym.r);
      }
      return;
    case 'if': {
      const c0 = scalar(S, st.c);
      lowerGuarded(S, and2(g, c0), st.then, lowerStmt, inner);
      if (st.else) lowerGuarded(S, and2(g, lnot(c0)), st.else, lowerStmt, inner);
      return;
    }
    case 'expr': {
      const e = st.e;
      if (e.k === 'call') return; // trace_*
      S.at(st, rem(S, st));
      const target = (e as { a: CExpr }).a;
      const lv = lvalue(S, target);
      if (lv.k === 'mem') S.err(st, 'internal: shared access in a local if');
      const cur = lv.k === 'state' ? reg(lv.r) : reg(lv.r);
      let v: Expr;
      if (e.k === 'assign') {
        const rhs = scalar(S, e.b);
        if (e.op === '=') v = rhs;
        else {
          const op = e.op.slice(0, -1);
          const now = lv.k === 'state' ? stateField(lv, cur) : cur;
          v = applyOp(S, op, now, rhs, e);
        }
      } else {
        const now = lv.k === 'state' ? stateField(lv, cur) : cur;
        v = { k: 'bin', op: (e as { op: string }).op === '++' ? 'add' : 'sub', a: now, b: c(1) };
      }
      const word = lv.k === 'state' ? stateSet(cur, lv.field, v) : v;
      S.t.set(lv.r, inner.has(lv.r) ? word : ite(g, word, cur));
      if (lv.local) S.liveLocals.add(lv.r);
      return;
    }
    default:
      S.err(st, 'internal: unexpected statement in a local if');
  }
}

function stateField(lv: { field: 'state' | 'active' | 'migrator' | 'seq' }, cur: Expr): Expr {
  return stateGet(cur, lv.field);
}

const OPS: Readonly<Record<string, 'add' | 'sub' | 'mul' | 'and' | 'or' | 'xor' | 'shl' | 'shr'>> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '&': 'and',
  '|': 'or',
  '^': 'xor',
  '<<': 'shl',
  '>>': 'shr',
};

function applyOp(S: FnScope, op: string, a: Expr, b: Expr, at: CExpr): Expr {
  const o = OPS[op];
  if (!o) return S.err(at, `operator '${op}=' is not in the model's arithmetic`);
  return { k: 'bin', op: o, a, b };
}

const and2 = (a: Expr, b: Expr): Expr => (a.k === 'const' && a.v === 1 ? b : { k: 'bin', op: 'land', a, b });

function isJumpOnly(st: CStmt): CStmt | null {
  if (st.k === 'block') {
    const rest = st.body.filter((s) => !isTrace(s));
    return rest.length === 1 ? isJumpOnly(rest[0]!) : null;
  }
  if (st.k === 'break' || st.k === 'continue' || st.k === 'goto') return st;
  return null;
}

/** Lowers an `if`; `lowerStmt` lowers the statements of a branching `if`. */
export function lowerIf(S: FnScope, st: CStmt & { k: 'if' }, lowerStmt: LowerStmt): void {
  const t = S.t;
  S.at(st, `if (${rem(S, st.c)})`);
  if (isPure(S, st.c) && localOnly(S, st.then) && (!st.else || localOnly(S, st.else))) {
    let g = condOf(S, st.c);
    const assigned = new Set<number>();
    S.push();
    assignedRegs(S, st.then, assigned);
    if (st.else) assignedRegs(S, st.else, assigned);
    S.pop();
    const used = new Set<number>();
    regsOf(g, used);
    if ([...used].some((r) => assigned.has(r))) {
      const tmp = S.temp();
      t.set(tmp, { k: 'bin', op: 'ne', a: g, b: c(0) });
      g = reg(tmp);
    }
    lowerGuarded(S, g, st.then, lowerStmt);
    if (st.else) lowerGuarded(S, lnot(g), st.else, lowerStmt);
    return;
  }
  const cond = condOf(S, st.c);
  const j = !st.else ? isJumpOnly(st.then) : null;
  if (j && S.guards.length === 0) {
    // if (c) break / continue / goto label: one branch.
    if (j.k === 'goto') {
      const l = S.label(j.label, j);
      if (l.placed) t.branch(cond, l.label, { bound: gotoBound(S, j) });
      else t.branch(cond, l.label);
      return;
    }
    const loop = S.loops[S.loops.length - 1];
    if (!loop) S.err(j, `'${j.k}' outside a loop`);
    t.branch(cond, j.k === 'break' ? loop.brk : loop.cont);
    return;
  }
  const other = t.label();
  t.branch(lnot(cond), other);
  lowerStmt(S, st.then);
  if (st.else) {
    const done = t.label();
    t.jump(done);
    t.place(other);
    lowerStmt(S, st.else);
    t.place(done);
  } else {
    t.place(other);
  }
}
