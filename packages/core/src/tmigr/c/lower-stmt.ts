/**
 * Lowering of C statements into the thread being built: declarations (locals in registers,
 * `struct tmigr_walk` as walk registers), if/else, loops and `goto` (back edges bounded by the
 * scenario's bounds), break/continue/return, lock guards. `if`s whose arms only assign locals
 * become conditional `set`s (as the emitters write them), other `if`s become branches.
 */
import { c, ite, reg } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import { lnot } from '../emit/exprs.js';
import { type CExpr, type CStmt, sourceOf } from './ast.js';
import { GUARD_CLASSES, lockAddr } from './calls.js';
import { stateSet } from './fields.js';
import {
  assign,
  condOf,
  directReg,
  isPure,
  lvalue,
  PURE_CALLS,
  rv,
  scalar,
  valueInto,
} from './lower-expr.js';
import { type CType, describe, type FnScope, modelType, typeText } from './scope.js';

const rem = (S: FnScope, n: { start: number; end: number }) => sourceOf(S.text, n);

/** Lowers the body of a function: statements, then the shared end (kills locals). */
export function lowerBody(S: FnScope, body: CStmt & { k: 'block' }): void {
  const stmts = body.body;
  const regions = backwardGotoRegions(stmts);
  S.push();
  stmts.forEach((st, i) => {
    lowerStmt(S, st, i === stmts.length - 1);
    if (regions.some(([a, b]) => a <= i && i < b)) return;
    // Locals not named in the rest of the function are dead: reset them (fewer states).
    const later = new Set<string>();
    for (const rest of stmts.slice(i + 1)) collectIdents(rest, later);
    const cached = new Set([...S.plainReads.values()].map((v) => v.r));
    const dead = [...S.liveLocals].filter((r) => {
      const n = S.localNames.get(r);
      return n === undefined ? !cached.has(r) : !later.has(n);
    });
    S.kill(dead);
  });
  const lastTop = stmts[stmts.length - 1];
  releaseGuards(S, 0, true, !lastTop || fallsThrough(lastTop));
  S.pop();
  for (const l of S.unplacedLabels()) S.err(l.pos, `label '${l.name}' is used but not defined`);
  S.t.place(S.end);
  S.kill(S.allLocals);
  for (const r of S.allLocals) S.liveLocals.delete(r);
  const left = [...S.allLocals];
  if (left.length > 0) S.ctx.kill(left);
}

/** Names assigned anywhere in the function (`x = ...`, `x++`, `&x` passed to a call). */
function assignedNames(S: FnScope): Set<string> {
  if (S.assigned) return S.assigned;
  const out = new Set<string>();
  walkStmt(S.body, (s) => {
    for (const e of exprsOf(s))
      walkExpr(e, (x) => {
        const target =
          x.k === 'assign' ||
          x.k === 'postfix' ||
          (x.k === 'unary' && (x.op === '++' || x.op === '--' || x.op === '&'))
            ? x.a
            : null;
        if (target?.k === 'ident') out.add(target.name);
      });
  });
  S.assigned = out;
  return out;
}

/** [label index, goto index] of top-level statements joined by a backward goto. */
function backwardGotoRegions(stmts: readonly CStmt[]): [number, number][] {
  const labelAt = new Map<string, number>();
  const regions: [number, number][] = [];
  stmts.forEach((st, i) => {
    for (const n of labelsIn(st)) labelAt.set(n, i);
    for (const g of gotosIn(st)) {
      const from = labelAt.get(g);
      if (from !== undefined) regions.push([from, i + 1]);
    }
  });
  return regions;
}

function labelsIn(st: CStmt): string[] {
  const out: string[] = [];
  walkStmt(st, (s) => {
    if (s.k === 'label') out.push(s.name);
  });
  return out;
}

function gotosIn(st: CStmt): string[] {
  const out: string[] = [];
  walkStmt(st, (s) => {
    if (s.k === 'goto') out.push(s.label);
  });
  return out;
}

function walkStmt(st: CStmt, f: (s: CStmt) => void): void {
  f(st);
  switch (st.k) {
    case 'block':
      for (const s of st.body) walkStmt(s, f);
      break;
    case 'if':
      walkStmt(st.then, f);
      if (st.else) walkStmt(st.else, f);
      break;
    case 'while':
    case 'do':
    case 'for':
    case 'scoped_guard':
      walkStmt(st.body, f);
      if (st.k === 'for' && st.init) walkStmt(st.init, f);
      break;
    case 'label':
      walkStmt(st.stmt, f);
      break;
    default:
      break;
  }
}

/** Every expression directly inside a statement (not nested statements). */
function exprsOf(st: CStmt): CExpr[] {
  switch (st.k) {
    case 'expr':
      return [st.e];
    case 'decl':
      return st.decls.flatMap((d) => (d.init ? [d.init] : []));
    case 'if':
    case 'while':
    case 'do':
      return [st.c];
    case 'for':
      return [...(st.c ? [st.c] : []), ...(st.step ? [st.step] : [])];
    case 'return':
      return st.e ? [st.e] : [];
    case 'scoped_guard':
      return [...st.args];
    default:
      return [];
  }
}

function walkExpr(e: CExpr, f: (e: CExpr) => void): void {
  f(e);
  switch (e.k) {
    case 'call':
      // trace_*() / lockdep_*() arguments are not evaluated
      if (
        e.callee.k === 'ident' &&
        (e.callee.name.startsWith('trace_') || e.callee.name.startsWith('lockdep_'))
      )
        return;
      walkExpr(e.callee, f);
      for (const a of e.args) walkExpr(a, f);
      break;
    case 'member':
      walkExpr(e.obj, f);
      break;
    case 'index':
      walkExpr(e.obj, f);
      walkExpr(e.index, f);
      break;
    case 'unary':
    case 'postfix':
    case 'cast':
      walkExpr(e.a, f);
      break;
    case 'binary':
    case 'assign':
      walkExpr(e.a, f);
      walkExpr(e.b, f);
      break;
    case 'cond':
      walkExpr(e.c, f);
      walkExpr(e.t, f);
      walkExpr(e.e, f);
      break;
    case 'init':
      for (const it of e.items) walkExpr(it.value, f);
      break;
    default:
      break;
  }
}

function collectIdents(st: CStmt, out: Set<string>): void {
  walkStmt(st, (s) => {
    for (const e of exprsOf(s))
      walkExpr(e, (x) => {
        if (x.k === 'ident') out.add(x.name);
      });
  });
}

/**
 * The bound of a loop: a loop that retries a cmpxchg runs at most `retries × levels` times
 * (the scenario's `bounds.retries` per level, as the emitters do); a loop that follows
 * `->parent` at most `levels` times; any other loop (timerqueue scans, `goto again`) at most
 * `childrenPerGroup` times.
 */
export function loopBound(S: FnScope, parts: readonly CStmt[]): number {
  let cmpxchg = false;
  let parent = false;
  for (const p of parts) {
    walkStmt(p, (s) => {
      for (const e of exprsOf(s))
        walkExpr(e, (x) => {
          if (x.k === 'call' && x.callee.k === 'ident' && x.callee.name.includes('cmpxchg')) cmpxchg = true;
          if (x.k === 'member' && x.arrow && x.field === 'parent') parent = true;
        });
    });
  }
  const l = S.ctx.layout;
  if (cmpxchg) return S.ctx.retries * l.levels;
  if (parent) return l.levels;
  return l.childrenPerGroup;
}

const exprStmt = (e: CExpr): CStmt => ({
  k: 'expr',
  e,
  line: e.line,
  col: e.col,
  start: e.start,
  end: e.end,
});

function releaseGuards(S: FnScope, downTo: number, pop = true, emit = true): void {
  if (emit) for (let i = S.guards.length - 1; i >= downTo; i--) S.t.unlock(S.guards[i]!.addr);
  if (pop) S.guards.length = Math.min(S.guards.length, downTo);
}

/** Whether control can reach the end of a statement (no trailing return/break/continue/goto). */
function fallsThrough(st: CStmt): boolean {
  switch (st.k) {
    case 'return':
    case 'break':
    case 'continue':
    case 'goto':
      return false;
    case 'block': {
      const last = st.body[st.body.length - 1];
      return !last || fallsThrough(last);
    }
    case 'label':
      return fallsThrough(st.stmt);
    case 'if':
      return !st.else || fallsThrough(st.then) || fallsThrough(st.else);
    default:
      return true;
  }
}

/** Lowers one statement. `tail`: the last statement of the function (no jump to the end needed). */
export function lowerStmt(S: FnScope, st: CStmt, tail = false): void {
  const t = S.t;
  switch (st.k) {
    case 'empty':
      return;
    case 'block': {
      S.push();
      const g = S.guards.length;
      st.body.forEach((s, i) => {
        lowerStmt(S, s, tail && i === st.body.length - 1);
      });
      // After a return/break/continue/goto the guards were released on that jump.
      const last = st.body[st.body.length - 1];
      releaseGuards(S, g, true, !last || fallsThrough(last));
      S.pop();
      return;
    }
    case 'decl':
      for (const d of st.decls) {
        const type = modelType(d.type);
        if (type === null) S.err(d, `type '${typeText(d.type)}' is not in the supported subset`);
        if (type === 'void') S.err(d, `'${d.name}' cannot be void`);
        if (type === 'walk') {
          let w = S.ctx.walkRegs(S.fn);
          if (d.type.ptr > 0) {
            const v = d.init ? rv(S, d.init) : null;
            if (v?.type !== 'walk') S.err(d, `'${d.name}' must be initialised with &<struct tmigr_walk>`);
            w = v.w;
          } else if (d.init) {
            if (d.init.k !== 'init')
              S.err(d.init, 'a struct tmigr_walk is initialised with { .field = value, ... }');
            S.at(st, rem(S, st));
            for (const it of d.init.items) {
              const f = (
                {
                  childmask: 'childmask',
                  nextexp: 'nextexp',
                  firstexp: 'firstexp',
                  evt: 'evtcpu',
                  remote: 'remote',
                  now: 'now',
                  check: 'check',
                } as const
              )[it.field as 'childmask'];
              if (!f)
                S.err(
                  it.pos,
                  `unknown field '${it.field}' of struct tmigr_walk (known: childmask, nextexp, firstexp, evt, remote, now, check)`,
                );
              valueInto(S, it.value, w[f], (f as string) === 'evtcpu' ? 'event' : 'int', it.value);
            }
          }
          S.bind(d.name, { kind: 'walk', w }, d);
          continue;
        }
        if (type === 'up') {
          const v = d.init ? rv(S, d.init) : null;
          if (v?.type !== 'up') S.err(d, `'${d.name}' must be initialised with an up function`);
          S.bind(d.name, { kind: 'up', up: v.up, name: v.name }, d);
          continue;
        }
        if (
          d.init &&
          d.init.k !== 'init' &&
          (type === 'cpu' || type === 'group') &&
          !assignedNames(S).has(d.name) &&
          isPure(S, d.init)
        ) {
          // A pointer that is never reassigned and starts as a value known when the model is
          // built (tmc = this_cpu_ptr(&tmigr_cpu)): a name for that value, no register.
          const v = rv(S, d.init);
          if (v.type === type && (v.e.k === 'const' || v.e.k === 'reg')) {
            S.bind(d.name, { kind: 'expr', e: v.e, type }, d);
            continue;
          }
        }
        const r = S.localReg(d.name);
        if (d.init) {
          if (d.init.k === 'init') S.err(d.init, `an initializer list for a ${type}`);
          S.at(st, rem(S, st));
          valueInto(S, d.init, r, type as CType, d.init);
          S.liveLocals.add(r);
        }
        S.bind(d.name, { kind: 'reg', r, type: type as CType, local: true }, d);
      }
      return;
    case 'expr': {
      const e = st.e;
      if (
        e.k === 'call' &&
        e.callee.k === 'call' &&
        e.callee.callee.k === 'ident' &&
        e.callee.callee.name === 'guard'
      ) {
        const cls = e.callee.args[0];
        if (cls?.k !== 'ident' || !GUARD_CLASSES.has(cls.name))
          S.err(e, `unsupported guard class (known: ${[...GUARD_CLASSES].join(', ')})`);
        if (e.args.length !== 1) S.err(e, 'guard(...)(lock) takes one lock');
        S.at(st, rem(S, st));
        const addr = lockAddr(S, e.args[0]!);
        t.lock(addr);
        S.guards.push({ addr, blockDepth: S.depth });
        return;
      }
      S.at(st, rem(S, st));
      if (e.k === 'assign') assign(S, e);
      else if (e.k === 'call') S.lowerCall(S, e, undefined, true);
      else if (e.k === 'postfix' || (e.k === 'unary' && (e.op === '++' || e.op === '--'))) {
        // x++ as a statement: x += 1 (no copy of the old value)
        const one: CExpr = { k: 'num', v: 1, line: e.line, col: e.col, start: e.start, end: e.start };
        assign(S, {
          k: 'assign',
          op: e.op === '++' ? '+=' : '-=',
          a: e.a,
          b: one,
          line: e.line,
          col: e.col,
          start: e.start,
          end: e.end,
        });
      } else S.err(e, `statement has no effect: '${describe(S.text, e)}'`);
      return;
    }
    case 'if':
      lowerIf(S, st);
      return;
    case 'while':
    case 'for': {
      if (st.k === 'for' && st.init) {
        S.at(st.init, rem(S, st.init));
        lowerStmt(S, st.init);
      }
      const bound = loopBound(S, [st]);
      const top = t.label();
      const cont = t.label();
      const brk = t.label();
      t.place(top);
      const c0 = st.c;
      if (c0) {
        S.at(st, `${st.k} (${rem(S, c0)})`);
        t.branch(lnot(condOf(S, c0)), brk);
      }
      S.loops.push({ brk, cont, contBackward: false, bound, guardDepth: S.guards.length });
      lowerStmt(S, st.body);
      S.loops.pop();
      t.place(cont);
      if (st.k === 'for' && st.step) {
        S.at(st.step, rem(S, st.step));
        lowerStmt(S, exprStmt(st.step));
      }
      t.jump(top, bound);
      t.place(brk);
      return;
    }
    case 'do': {
      const bound = loopBound(S, [st]);
      const top = t.label();
      const cont = t.label();
      const brk = t.label();
      t.place(top);
      S.loops.push({ brk, cont, contBackward: false, bound, guardDepth: S.guards.length });
      lowerStmt(S, st.body);
      S.loops.pop();
      t.place(cont);
      S.at(st.c, `} while (${rem(S, st.c)})`);
      t.branch(condOf(S, st.c), top, { bound });
      t.place(brk);
      return;
    }
    case 'break':
    case 'continue': {
      const loop = S.loops[S.loops.length - 1];
      if (!loop) S.err(st, `'${st.k}' outside a loop`);
      releaseGuards(S, loop.guardDepth, false);
      t.jump(st.k === 'break' ? loop.brk : loop.cont);
      return;
    }
    case 'goto': {
      if (S.guards.length > 0)
        S.err(st, 'goto inside a guard() scope is not supported (use explicit lock/unlock)');
      const l = S.label(st.label, st);
      S.at(st, rem(S, st));
      if (l.placed) t.jump(l.label, gotoBound(S, st));
      else t.jump(l.label);
      return;
    }
    case 'label': {
      const l = S.label(st.name, st);
      if (l.placed) S.err(st, `label '${st.name}' is defined twice`);
      t.place(l.label);
      l.placed = true;
      S.labelStarts.set(st.name, st.start);
      lowerStmt(S, st.stmt, tail);
      return;
    }
    case 'return': {
      S.at(st, rem(S, st));
      if (st.e) {
        if (S.retReg !== null) valueInto(S, st.e, S.retReg, 'int', st.e);
        else rv(S, st.e);
      } else if (S.retReg !== null) {
        S.err(st, `${S.fn} returns a value`);
      }
      releaseGuards(S, 0, false);
      if (!tail) t.jump(S.end);
      return;
    }
    case 'scoped_guard': {
      if (!GUARD_CLASSES.has(st.kind))
        S.err(st, `unsupported guard class '${st.kind}' (known: ${[...GUARD_CLASSES].join(', ')})`);
      if (st.args.length !== 1) S.err(st, 'scoped_guard(class, lock) takes one lock');
      S.at(st, `scoped_guard(${st.kind}, ${rem(S, st.args[0]!)})`);
      const addr = lockAddr(S, st.args[0]!);
      t.lock(addr);
      const depth = S.guards.length;
      S.guards.push({ addr, blockDepth: S.depth });
      lowerStmt(S, st.body);
      releaseGuards(S, depth, true, fallsThrough(st.body));
      return;
    }
  }
}

/** The bound of a backward goto: the loop is the code from the label to the goto. */
function gotoBound(S: FnScope, g: CStmt & { k: 'goto' }): number {
  const from = S.labelStarts.get(g.label) ?? g.start;
  const parts: CStmt[] = [];
  walkStmt(S.body, (s) => {
    if (s.k !== 'block' && s.start >= from && s.end <= g.end) parts.push(shallow(s));
  });
  return loopBound(S, parts);
}

/** A statement without its nested statements (their expressions are visited on their own). */
function shallow(s: CStmt): CStmt {
  switch (s.k) {
    case 'if':
      // biome-ignore lint/suspicious/noThenProperty: the AST's `if` has a `then` branch
      return { k: 'if', c: s.c, then: EMPTY, line: s.line, col: s.col, start: s.start, end: s.end };
    case 'while':
    case 'do':
    case 'for':
    case 'scoped_guard':
      return { ...s, body: EMPTY, ...(s.k === 'for' ? { init: EMPTY } : {}) } as unknown as CStmt;
    case 'label':
      return { ...s, stmt: EMPTY };
    default:
      return s;
  }
}

const EMPTY: CStmt = { k: 'empty', line: 0, col: 0, start: 0, end: 0 };

// ---------------------------------------------------------------------------------------
// if / else

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
      } else if (
        e.k === 'call' &&
        e.callee.k === 'ident' &&
        (e.callee.name.startsWith('trace_') || e.callee.name.startsWith('lockdep_'))
      ) {
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
function lowerGuarded(S: FnScope, g: Expr, st: CStmt, inner: Set<number> = new Set()): void {
  switch (st.k) {
    case 'empty':
      return;
    case 'block':
      S.push();
      for (const s of st.body) lowerGuarded(S, g, s, inner);
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
      lowerGuarded(S, and2(g, c0), st.then, inner);
      if (st.else) lowerGuarded(S, and2(g, lnot(c0)), st.else, inner);
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

import { stateGet } from './fields.js';

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

const isTrace = (s: CStmt): boolean =>
  s.k === 'expr' &&
  s.e.k === 'call' &&
  s.e.callee.k === 'ident' &&
  (s.e.callee.name.startsWith('trace_') || s.e.callee.name.startsWith('lockdep_'));

function isJumpOnly(st: CStmt): CStmt | null {
  if (st.k === 'block') {
    const rest = st.body.filter((s) => !isTrace(s));
    return rest.length === 1 ? isJumpOnly(rest[0]!) : null;
  }
  if (st.k === 'break' || st.k === 'continue' || st.k === 'goto') return st;
  return null;
}

function lowerIf(S: FnScope, st: CStmt & { k: 'if' }): void {
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
    lowerGuarded(S, g, st.then);
    if (st.else) lowerGuarded(S, lnot(g), st.else);
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

export { directReg, PURE_CALLS };
