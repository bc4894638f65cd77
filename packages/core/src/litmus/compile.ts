import * as E from '../ir/expr.js';
import type {
  BinOp,
  Expr,
  FinalExpr,
  Instr,
  Location,
  Program,
  RmwOrder,
  SourceInfo,
  Thread,
} from '../ir/types.js';
import { plainDependencyHazard } from '../models/lkmm/blocking.js';
import type { CExpr, CondExpr, CondTerm, CStmt, LitmusProcess, LitmusTest, Quantifier } from './ast.js';
import { LitmusSyntaxError, LitmusUnsupportedError, type SourcePos } from './errors.js';
import { type AtomicOp, PRIMITIVES, type Primitive } from './primitives.js';
import { printCExpr } from './print.js';

/** A register or location whose final value is part of an outcome. */
export interface OutcomeVar {
  /** `0:r1` or `x`, as herd prints it. */
  readonly label: string;
  readonly expr: FinalExpr;
  /** Whether the variable holds a pointer (declared `int *`, initialised or compared with an address): shown as a location name. */
  readonly pointer: boolean;
}

/** A litmus test compiled to the IR, with its final condition over the program's final states. */
export interface CompiledLitmus {
  readonly test: LitmusTest;
  readonly program: Program;
  /** The quantifier, or null when the test has no condition (then `body` is `true`). */
  readonly quantifier: Quantifier | null;
  /** The condition body over final states. */
  readonly body: FinalExpr;
  /** The `filter` clause, or null. */
  readonly filter: FinalExpr | null;
  /** What an outcome records: the condition's, the filter's and the `locations` clause's variables. */
  readonly observed: readonly OutcomeVar[];
}

const C_BIN: Partial<Record<string, BinOp>> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '&': 'and',
  '|': 'or',
  '^': 'xor',
  '<<': 'shl',
  '>>': 'shr',
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '&&': 'land',
  '||': 'lor',
};

/** Arithmetic operators other than + and - (comparisons and logical operators excluded). */
const ARITHMETIC = new Set(['*', '&', '|', '^', '<<', '>>']);

/** Shared locations of the program being built, by name. */
class LocationTable {
  readonly list: { name: string; init: number }[] = [];
  private readonly index = new Map<string, number>();

  has(name: string): boolean {
    return this.index.has(name);
  }

  /** The 1-based address of `name`, adding the location (initially 0) when it is new. */
  address(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(name, i);
      this.list.push({ name, init: 0 });
    }
    return i + 1;
  }

  setInit(name: string, value: number): void {
    this.list[this.address(name) - 1]!.init = value | 0;
  }
}

function containsCall(e: CExpr): boolean {
  switch (e.k) {
    case 'call':
    case 'assign':
      return true;
    case 'un':
    case 'cast':
      return containsCall(e.a);
    case 'bin':
      return containsCall(e.a) || containsCall(e.b);
    case 'cond':
      return containsCall(e.c) || containsCall(e.t) || containsCall(e.e);
    default:
      return false;
  }
}

/** Collects, in order of appearance, the names a process declares or assigns. */
function collectRegisterNames(body: readonly CStmt[], out: string[]): void {
  const add = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  const inExpr = (e: CExpr): void => {
    switch (e.k) {
      case 'assign':
        if (e.target.k === 'id') add(e.target.name);
        inExpr(e.target);
        inExpr(e.value);
        break;
      case 'un':
      case 'cast':
        inExpr(e.a);
        break;
      case 'bin':
        inExpr(e.a);
        inExpr(e.b);
        break;
      case 'cond':
        inExpr(e.c);
        inExpr(e.t);
        inExpr(e.e);
        break;
      case 'call':
        e.args.forEach(inExpr);
        break;
      default:
        break;
    }
  };
  const inStmt = (s: CStmt): void => {
    switch (s.k) {
      case 'decl':
        for (const d of s.decls) {
          add(d.name);
          if (d.init) inExpr(d.init);
        }
        break;
      case 'expr':
        inExpr(s.e);
        break;
      case 'if':
        inExpr(s.c);
        inStmt(s.then);
        if (s.else) inStmt(s.else);
        break;
      case 'block':
        s.body.forEach(inStmt);
        break;
      default:
        break;
    }
  };
  body.forEach(inStmt);
}

/**
 * The address that a location plus a non-zero offset compiles to: not a location, so a run that
 * dereferences it stops with `invalid-address`, which `runLitmus` reports as
 * `unsupported: pointer-arithmetic`. herd7 adds a symbolic location and an integer as
 * `location + 0 = location` and otherwise makes a new address (the location at that offset),
 * a cell this front end does not model.
 */
export const OFFSET_ADDRESS = -1_000_003;

/** Compiles one process into an IR thread. */
class ThreadCompiler {
  readonly regs = new Map<string, number>();
  readonly regNames: string[] = [];
  readonly regInit: number[] = [];
  readonly code: Instr[] = [];
  private readonly params: Set<string>;
  /** Registers declared as pointers (`int *r`), and parameters (pointers) used as registers. */
  private readonly pointerRegs = new Set<string>();
  private tempCount = 0;

  constructor(
    private readonly proc: LitmusProcess,
    private readonly locs: LocationTable,
    private readonly file: string,
  ) {
    this.params = new Set(proc.params.map((p) => p.name));
    pointerLocals(proc.body, this.pointerRegs);
    for (const p of proc.params) this.pointerRegs.add(p.name);
    const names: string[] = [];
    collectRegisterNames(proc.body, names);
    for (const n of names) {
      const r = this.addRegister(n);
      // An assigned parameter is a local pointer variable that starts at its location.
      if (this.params.has(n)) this.regInit[r] = locs.address(n);
    }
  }

  addRegister(name: string): number {
    const existing = this.regs.get(name);
    if (existing !== undefined) return existing;
    const r = this.regNames.length;
    this.regs.set(name, r);
    this.regNames.push(name);
    this.regInit.push(0);
    return r;
  }

  private temp(): number {
    let name: string;
    do name = `_t${this.tempCount++}`;
    while (this.regs.has(name));
    return this.addRegister(name);
  }

  private src(pos: SourcePos, text: string): SourceInfo {
    // The thread is named after the process already; `fn` would repeat it in traces.
    return { text, line: pos.line, col: pos.col };
  }

  private syntax(pos: SourcePos, reason: string): LitmusSyntaxError {
    return new LitmusSyntaxError(this.file, pos, reason);
  }

  compileBody(): void {
    for (const s of this.proc.body) this.stmt(s);
  }

  private stmt(s: CStmt): void {
    switch (s.k) {
      case 'empty':
        return;
      case 'block':
        for (const x of s.body) this.stmt(x);
        return;
      case 'other':
        throw new LitmusUnsupportedError(s.what, s.pos);
      case 'decl':
        for (const d of s.decls) {
          if (d.init)
            this.assignTo(this.regs.get(d.name)!, d.init, d.pos, `${d.name} = ${printCExpr(d.init)}`);
        }
        return;
      case 'expr':
        this.expr(s.e);
        return;
      case 'if': {
        const c = this.expr(s.c);
        const bpc = this.code.length;
        this.code.push({ op: 'branch', cond: E.c(0), target: 0 }); // patched below
        this.stmt(s.then);
        let elseStart = this.code.length;
        let jpc = -1;
        if (s.else) {
          jpc = this.code.length;
          this.code.push({ op: 'jump', target: 0 });
          elseStart = this.code.length;
          this.stmt(s.else);
        }
        const end = this.code.length;
        const src = this.src(s.pos, `if (${printCExpr(s.c)})`);
        this.code[bpc] = {
          op: 'branch',
          cond: { k: 'un', op: 'not', a: c },
          target: elseStart,
          join: end,
          src,
        };
        if (jpc >= 0) this.code[jpc] = { op: 'jump', target: end, src };
        return;
      }
    }
  }

  /** Compiles `dst = value` (value may be a primitive call or a plain read, which then writes `dst` directly). */
  private assignTo(dst: number, value: CExpr, pos: SourcePos, text: string): void {
    if (value.k === 'call') {
      this.call(value, dst);
      return;
    }
    if (value.k === 'un' && value.op === '*') {
      this.plainLoad(value, dst);
      return;
    }
    const v = this.expr(value);
    this.code.push({ op: 'set', dst, value: v, src: this.src(pos, text) });
  }

  /** Compiles an expression to a pure IR expression, emitting the accesses it performs. */
  private expr(e: CExpr): Expr {
    switch (e.k) {
      case 'num':
        return E.c(e.v);
      case 'id': {
        const r = this.regs.get(e.name);
        if (r !== undefined) return E.reg(r);
        if (this.params.has(e.name) || this.locs.has(e.name)) return E.c(this.locs.address(e.name));
        if (e.name === 'NULL') return E.c(0);
        throw this.syntax(e.pos, `unknown identifier '${e.name}' in ${this.proc.name}`);
      }
      case 'cast':
        return this.expr(e.a);
      case 'un':
        switch (e.op) {
          case '!':
            return { k: 'un', op: 'not', a: this.expr(e.a) };
          case '~':
            return { k: 'un', op: 'bnot', a: this.expr(e.a) };
          case '-':
            return { k: 'un', op: 'neg', a: this.expr(e.a) };
          case '+':
            return this.expr(e.a);
          case '&':
            if (
              e.a.k === 'id' &&
              !this.regs.has(e.a.name) &&
              (this.params.has(e.a.name) || this.locs.has(e.a.name))
            ) {
              return E.c(this.locs.address(e.a.name));
            }
            throw new LitmusUnsupportedError('address-of', e.pos);
          case '*':
            return this.plainLoad(e, null);
        }
        break;
      case 'bin': {
        const op = C_BIN[e.op];
        if (!op) throw new LitmusUnsupportedError(`operator-${e.op}`, e.pos);
        const a = this.expr(e.a);
        if ((e.op === '&&' || e.op === '||') && containsCall(e.b)) {
          throw new LitmusUnsupportedError(`side-effect-after-${e.op}`, e.b.pos);
        }
        const b = this.expr(e.b);
        if (e.op === '+' || e.op === '-') {
          const pa = this.isPointer(e.a);
          const pb = this.isPointer(e.b);
          // Two pointers, or an integer minus a pointer: herd7 refuses or compares; not modelled.
          if ((pa && pb) || (pb && e.op === '-'))
            throw new LitmusUnsupportedError('pointer-arithmetic', e.pos);
          // A location plus or minus an integer: the location itself when the offset is 0 (as in
          // herd7), else OFFSET_ADDRESS (another cell in herd7, not modelled here).
          if (pa || pb) {
            const [base, offset] = pa ? [a, b] : [b, a];
            if (offset.k === 'const') {
              if (offset.v === 0) return base;
              throw new LitmusUnsupportedError('pointer-arithmetic', e.pos);
            }
            return E.ite(E.eq(offset, E.c(0)), base, E.c(OFFSET_ADDRESS));
          }
        } else if (ARITHMETIC.has(e.op) && (this.isPointer(e.a) || this.isPointer(e.b))) {
          // herd7 has no arithmetic but + and - on locations (a user error there).
          throw new LitmusUnsupportedError('pointer-arithmetic', e.pos);
        }
        return E.bin(op, a, b);
      }
      case 'cond': {
        const c = this.expr(e.c);
        if (containsCall(e.t) || containsCall(e.e))
          throw new LitmusUnsupportedError('side-effect-in-?:', e.pos);
        return E.ite(c, this.expr(e.t), this.expr(e.e));
      }
      case 'assign': {
        if (e.target.k === 'un' && e.target.op === '*') {
          // A plain write `*p = v` (LKMM: in no Marked set).
          const addr = this.expr(e.target.a);
          const value = this.expr(e.value);
          this.code.push({ op: 'store', addr, value, order: 'plain', src: this.src(e.pos, printCExpr(e)) });
          return value;
        }
        if (e.target.k !== 'id')
          throw this.syntax(e.target.pos, `cannot assign to '${printCExpr(e.target)}'`);
        const dst = this.regs.get(e.target.name)!;
        this.assignTo(dst, e.value, e.pos, printCExpr(e));
        return E.reg(dst);
      }
      case 'call':
        return this.call(e, null);
      case 'other':
        throw new LitmusUnsupportedError(e.what, e.pos);
    }
  }

  /** A plain read `*p` (LKMM: in no Marked set) into `dst` or a fresh register. */
  private plainLoad(e: Extract<CExpr, { k: 'un' }>, dst: number | null): Expr {
    const addr = this.expr(e.a);
    const d = dst ?? this.temp();
    this.code.push({ op: 'load', dst: d, addr, order: 'plain', src: this.src(e.pos, printCExpr(e)) });
    return E.reg(d);
  }

  /** Whether `e` is a pointer: a location, `&x`, a pointer register, or a pointer plus an integer. */
  private isPointer(e: CExpr): boolean {
    switch (e.k) {
      case 'id':
        if (this.regs.has(e.name)) return this.pointerRegs.has(e.name);
        return this.params.has(e.name) || this.locs.has(e.name);
      case 'un':
        return e.op === '&';
      case 'cast':
        return this.isPointer(e.a);
      case 'bin':
        if (e.op === '+') return this.isPointer(e.a) !== this.isPointer(e.b);
        return e.op === '-' && this.isPointer(e.a) && !this.isPointer(e.b);
      case 'cond':
        return this.isPointer(e.t) || this.isPointer(e.e);
      default:
        return false;
    }
  }

  /** The address an argument designates: `*p` for an lvalue role, `p` for a pointer role. */
  private address(arg: CExpr, role: 'lv' | 'p', fn: string): Expr {
    if (role === 'p') return this.expr(arg);
    if (arg.k === 'un' && arg.op === '*') return this.expr(arg.a);
    throw new LitmusUnsupportedError(`${fn}-without-deref`, arg.pos);
  }

  /** Compiles a primitive call; the result goes to `dst` (or a fresh register) when it has one. */
  private call(e: Extract<CExpr, { k: 'call' }>, dst: number | null): Expr {
    const prim: Primitive | undefined = PRIMITIVES.get(e.name);
    if (!prim) throw new LitmusUnsupportedError(e.name, e.pos);
    if (e.args.length !== prim.args.length) {
      throw this.syntax(e.pos, `${e.name} takes ${prim.args.length} argument(s), got ${e.args.length}`);
    }
    const src = this.src(e.pos, printCExpr(e));
    const arg = (i: number) => e.args[i]!;
    const out = () => (dst !== null ? dst : this.temp());
    switch (prim.kind) {
      case 'load': {
        const addr = this.address(arg(0), prim.args[0], e.name);
        const d = out();
        this.code.push({ op: 'load', dst: d, addr, order: prim.order, src });
        return E.reg(d);
      }
      case 'store': {
        const addr = this.address(arg(0), prim.args[0], e.name);
        const value = this.expr(arg(1));
        this.code.push({ op: 'store', addr, value, order: prim.order, src });
        return E.c(0);
      }
      case 'fence':
        this.code.push({ op: 'fence', kind: prim.fence, src });
        return E.c(0);
      case 'xchg': {
        const addr = this.expr(arg(0));
        const value = this.expr(arg(1));
        const d = out();
        this.code.push({ op: 'rmw', addr, value, dst: d, order: prim.order, src });
        return E.reg(d);
      }
      case 'cmpxchg': {
        const addr = this.expr(arg(0));
        const expected = this.expr(arg(1));
        const value = this.expr(arg(2));
        const d = out();
        this.code.push({
          op: 'rmw',
          addr,
          guard: E.eq(E.old, expected),
          value,
          dst: d,
          order: prim.order,
          src,
        });
        return E.reg(d);
      }
      case 'atomic': {
        const withOperand = prim.args.length === 2;
        const operand = withOperand ? this.expr(arg(0)) : E.c(1);
        const addr = this.expr(arg(withOperand ? 1 : 0));
        const value = applyAtomic(prim.op, E.old, operand);
        if (prim.result === 'none') {
          this.code.push({ op: 'rmw', addr, value, order: prim.order, src });
          return E.c(0);
        }
        if (prim.result === 'old') {
          const d = out();
          this.code.push({ op: 'rmw', addr, value, dst: d, order: prim.order, src });
          return E.reg(d);
        }
        // The new value is computed from the old one after the rmw; the operand is kept
        // in a register first when it reads the destination.
        const t = this.temp();
        this.code.push({ op: 'rmw', addr, value, dst: t, order: prim.order, src });
        const fresh = applyAtomic(prim.op, E.reg(t), operand);
        const result =
          prim.result === 'new'
            ? fresh
            : prim.result === 'new-is-zero'
              ? E.eq(fresh, E.c(0))
              : E.bin('lt', fresh, E.c(0));
        if (dst === null) return result;
        const d = dst;
        this.code.push({ op: 'set', dst: d, value: result, src });
        return E.reg(d);
      }
      case 'add-unless': {
        const addr = this.expr(arg(0));
        const a = prim.args.length === 3 ? this.expr(arg(1)) : E.c(1);
        const u = prim.args.length === 3 ? this.expr(arg(2)) : E.c(0);
        const ok = out();
        this.code.push({
          op: 'rmw',
          addr,
          guard: E.ne(E.old, u),
          value: E.add(E.old, a),
          ok,
          order: 'mb',
          src,
        });
        return E.reg(ok);
      }
      case 'lock':
        this.code.push({ op: 'lock', addr: this.expr(arg(0)), src });
        return E.c(0);
      case 'unlock':
        this.code.push({ op: 'unlock', addr: this.expr(arg(0)), src });
        return E.c(0);
      case 'trylock': {
        const addr = this.expr(arg(0));
        const ok = out();
        this.code.push({
          op: 'rmw',
          addr,
          guard: E.eq(E.old, E.c(0)),
          value: E.c(1),
          ok,
          order: 'acquire' as RmwOrder,
          src,
        });
        return E.reg(ok);
      }
    }
  }

  toThread(): Thread {
    return { name: this.proc.name, registers: this.regNames, registerInit: this.regInit, code: this.code };
  }
}

function applyAtomic(op: AtomicOp, a: Expr, b: Expr): Expr {
  switch (op) {
    case 'add':
      return E.add(a, b);
    case 'sub':
      return E.sub(a, b);
    case 'and':
      return E.and(a, b);
    case 'or':
      return E.or(a, b);
    case 'xor':
      return E.bin('xor', a, b);
    case 'andnot':
      return E.and(a, E.bnot(b));
  }
}

/**
 * Compiles a parsed litmus test to an IR program plus its final condition. Throws
 * {@link LitmusUnsupportedError} for constructs outside the supported subset and
 * {@link LitmusSyntaxError} for semantic errors (unknown identifier, wrong arity).
 */
export function compileLitmus(test: LitmusTest): CompiledLitmus {
  const locs = new LocationTable();
  const file = test.file;
  // Locations: the init block, then the processes' parameters.
  for (const entry of test.init) {
    if (entry.target.k === 'loc') locs.address(entry.target.name);
  }
  for (const proc of test.processes) for (const p of proc.params) locs.address(p.name);
  const procs = [...test.processes].sort((a, b) => a.index - b.index);
  const threadOf = new Map<number, number>();
  procs.forEach((p, i) => {
    threadOf.set(p.index, i);
  });
  const compilers = procs.map((p) => new ThreadCompiler(p, locs, file));
  const initValue = (v: NonNullable<(typeof test.init)[number]['value']>): number =>
    v.k === 'num' ? v.v : locs.address(v.name);
  for (const entry of test.init) {
    if (entry.target.k === 'loc') {
      if (entry.value) locs.setInit(entry.target.name, initValue(entry.value));
    } else {
      const t = threadOf.get(entry.target.proc);
      if (t === undefined)
        throw new LitmusSyntaxError(
          file,
          entry.pos,
          `unknown process ${entry.target.proc} in '${entry.target.proc}:${entry.target.name}'`,
        );
      const tc = compilers[t]!;
      const r = tc.addRegister(entry.target.name);
      if (entry.value) tc.regInit[r] = initValue(entry.value);
    }
  }
  for (const tc of compilers) tc.compileBody();

  // Final condition, filter and observed variables.
  const observed = new Map<string, { label: string; expr: FinalExpr }>();
  const observe = (label: string, expr: FinalExpr) => {
    if (!observed.has(label)) observed.set(label, { label, expr });
  };
  const pointers = pointerLabels(test);
  const term = (t: CondTerm, side: 'lhs' | 'rhs'): FinalExpr => {
    switch (t.k) {
      case 'num':
        return { k: 'const', v: t.v | 0 };
      case 'reg': {
        const ti = threadOf.get(t.proc);
        if (ti === undefined)
          throw new LitmusSyntaxError(file, t.pos, `unknown process ${t.proc} in '${t.proc}:${t.name}'`);
        const r = compilers[ti]!.addRegister(t.name);
        const e: FinalExpr = { k: 'treg', t: ti, r };
        observe(`${t.proc}:${t.name}`, e);
        return e;
      }
      case 'loc': {
        const addr = locs.address(t.name);
        if (side === 'rhs') return { k: 'const', v: addr };
        const e: FinalExpr = { k: 'mem', addr };
        observe(t.name, e);
        return e;
      }
    }
  };
  const cond = (c: CondExpr): FinalExpr => {
    switch (c.k) {
      case 'true':
        return { k: 'const', v: 1 };
      case 'false':
        return { k: 'const', v: 0 };
      case 'not':
        return { k: 'un', op: 'not', a: cond(c.a) };
      case 'and':
        return { k: 'bin', op: 'land', a: cond(c.a), b: cond(c.b) };
      case 'or':
        return { k: 'bin', op: 'lor', a: cond(c.a), b: cond(c.b) };
      case 'implies':
        return { k: 'bin', op: 'lor', a: { k: 'un', op: 'not', a: cond(c.a) }, b: cond(c.b) };
      case 'cmp':
        return { k: 'bin', op: c.op === '=' ? 'eq' : 'ne', a: term(c.lhs, 'lhs'), b: term(c.rhs, 'rhs') };
    }
  };
  const body = test.condition ? cond(test.condition.body) : ({ k: 'const', v: 1 } as const);
  const filter = test.filter ? cond(test.filter) : null;
  for (const t of test.locations) {
    if (t.k !== 'num') term(t, 'lhs');
  }
  const locations: Location[] = locs.list.map((l) => ({ name: l.name, init: l.init }));
  const program: Program = { name: test.name, locations, threads: compilers.map((tc) => tc.toThread()) };
  const hazard = plainDependencyHazard(program);
  if (hazard) {
    // The LKMM search would block this access behind a deferred read and could miss
    // executions that herd7 counts (models/lkmm/blocking.ts): no verdict rather than a wrong one.
    const src = program.threads[hazard.thread]!.code[hazard.pc]!.src;
    throw new LitmusUnsupportedError('plain-access-dependency', { line: src?.line ?? 0, col: src?.col ?? 0 });
  }
  return {
    test,
    program,
    quantifier: test.condition?.quantifier ?? null,
    body,
    filter,
    observed: [...observed.values()].map((o) => ({ ...o, pointer: pointers.has(o.label) })),
  };
}

/** Locals declared with a `*` in a process body. */
function pointerLocals(body: readonly CStmt[], out: Set<string>): void {
  for (const s of body) {
    if (s.k === 'decl') for (const d of s.decls) if (d.pointer > 0) out.add(d.name);
    if (s.k === 'block') pointerLocals(s.body, out);
    if (s.k === 'if') pointerLocals(s.else ? [s.then, s.else] : [s.then], out);
  }
}

/**
 * The outcome labels (`0:r1`, `x`) whose values are pointers: declared with `*`, initialised
 * with an address, a `T **` parameter, or compared with a location name in a condition.
 */
function pointerLabels(test: LitmusTest): Set<string> {
  const out = new Set<string>();
  for (const e of test.init) {
    const label = e.target.k === 'reg' ? `${e.target.proc}:${e.target.name}` : e.target.name;
    if ((e.type ?? '').includes('*') || e.value?.k === 'addr') out.add(label);
  }
  for (const p of test.processes) {
    for (const q of p.params) if ((q.type.match(/\*/g) ?? []).length >= 2) out.add(q.name);
    const locals = new Set<string>();
    pointerLocals(p.body, locals);
    for (const name of locals) out.add(`${p.index}:${name}`);
  }
  const visit = (c: CondExpr | undefined): void => {
    if (!c) return;
    if (c.k === 'cmp') {
      const label = (t: CondTerm) => (t.k === 'reg' ? `${t.proc}:${t.name}` : t.k === 'loc' ? t.name : null);
      const lhs = label(c.lhs);
      if (lhs && c.rhs.k === 'loc') out.add(lhs);
    } else if (c.k === 'not') {
      visit(c.a);
    } else if (c.k === 'and' || c.k === 'or' || c.k === 'implies') {
      visit(c.a);
      visit(c.b);
    }
  };
  visit(test.condition?.body);
  visit(test.filter);
  return out;
}
