/**
 * Lowering of C statements into the thread being built: declarations (locals in registers,
 * `struct tmigr_walk` as walk registers), if/else, loops and `goto` (back edges bounded by the
 * scenario's bounds), break/continue/return, lock guards. `if`s whose arms only assign locals
 * become conditional `set`s (as the emitters write them), other `if`s become branches.
 */
import { lnot } from '../emit/exprs.js';
import { type CExpr, type CStmt, sourceOf } from './ast.js';
import { backwardGotoRegions, collectIdents, exprsOf, fallsThrough, walkExpr, walkStmt } from './ast-walk.js';
import { GUARD_CLASSES, lockAddr } from './calls.js';
import { gotoBound, loopBound } from './loop-bounds.js';
import { assign, condOf, isPure, rv, valueInto } from './lower-expr.js';
import { lowerIf } from './lower-if.js';
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
      lowerIf(S, st, lowerStmt);
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
