/**
 * The state of lowering one C function into one emitter call: the emitter context, the
 * function's symbols (locals in registers, parameters bound to the emitter's arguments),
 * temporaries, labels, enclosing loops and lock guards.
 */
import type { Label, ThreadBuilder } from '../../ir/builder.js';
import type { Expr } from '../../ir/types.js';
import type { EmitContext, UpEmitter, WalkRegs } from '../types.js';
import type { CExpr, CStmt, TypeName } from './ast.js';
import { fail, type Pos } from './errors.js';

/**
 * Model types of C values. `int` covers every integer type (and bool); `state` is
 * `union tmigr_state` (one packed word); `group` a `struct tmigr_group *` (a group's base
 * address, 0 = NULL); `cpu` a `struct tmigr_cpu *` (represented by its CPU number); `walk` a
 * `struct tmigr_walk` or a pointer to one; `up` an `up_f` function pointer.
 */
export type CType = 'int' | 'state' | 'group' | 'cpu' | 'walk' | 'up' | 'void' | 'event';

/** A C value: an IR expression of a model type, or a walk, or an up function. */
export type Val =
  | { readonly type: 'int' | 'state' | 'group' | 'cpu' | 'event'; readonly e: Expr }
  | { readonly type: 'walk'; readonly w: WalkRegs }
  | { readonly type: 'up'; readonly up: UpEmitter; readonly name: string }
  | { readonly type: 'void' };

/** What a name stands for. */
export type Sym =
  | { readonly kind: 'reg'; readonly r: number; readonly type: CType; readonly local: boolean }
  | { readonly kind: 'expr'; readonly e: Expr; readonly type: CType }
  | { readonly kind: 'walk'; readonly w: WalkRegs }
  | { readonly kind: 'up'; readonly up: UpEmitter; readonly name: string };

/** Maps a written type onto a model type (null: not in the subset). */
export function modelType(t: TypeName): CType | null {
  if (t.ptr === 0) {
    if (t.base === 'void') return 'void';
    if (t.base === 'union tmigr_state') return 'state';
    if (t.base === 'struct tmigr_walk') return 'walk';
    if (t.base === 'up_f') return 'up';
    if (t.base.startsWith('struct ') || t.base.startsWith('union ')) return null;
    return 'int';
  }
  if (t.ptr === 1) {
    if (t.base === 'struct tmigr_group') return 'group';
    if (t.base === 'struct tmigr_cpu') return 'cpu';
    if (t.base === 'struct tmigr_walk') return 'walk';
    if (t.base === 'struct tmigr_event') return 'event';
  }
  return null;
}

export function typeText(t: TypeName): string {
  return `${t.base}${t.ptr > 0 ? ` ${'*'.repeat(t.ptr)}` : ''}`;
}

export interface LabelInfo {
  readonly label: Label;
  placed: boolean;
  readonly pos: Pos;
}

export interface LoopFrame {
  readonly brk: Label;
  readonly cont: Label;
  /** Whether `continue` jumps backwards (needs the loop's bound). */
  readonly contBackward: boolean;
  readonly bound: number;
  /** Guards open when the loop was entered. */
  readonly guardDepth: number;
}

/** A lock taken by `guard(...)(...)`, released when its scope ends. */
export interface Guard {
  readonly addr: Expr;
  readonly blockDepth: number;
}

/** Per-function lowering state. */
export class FnScope {
  readonly ctx: EmitContext;
  readonly file: string;
  readonly text: string;
  /** The function's name (messages). */
  readonly fn: string;
  /** The kernel function shown in traces. */
  readonly traceFn: string;
  /** Register name prefix (the function name, plus `#n` when an invocation is nested). */
  private readonly prefix: string;
  /** The CPU this thread runs on (`smp_processor_id()`), -1 if unknown. */
  readonly self: number;
  /** Register receiving the return value, if the model keeps it. */
  readonly retReg: number | null;
  readonly end: Label;
  private readonly scopes: Map<string, Sym>[] = [new Map()];
  readonly loops: LoopFrame[] = [];
  readonly guards: Guard[] = [];
  private readonly labels = new Map<string, LabelInfo>();
  /** Local registers (named locals and temporaries) still holding a value. */
  readonly liveLocals = new Set<number>();
  private temps = 0;
  /** Names assigned anywhere in the function (computed once). */
  assigned?: Set<string>;
  /** The link being made (tmigr_connect_child_parent only). */
  link?: import('../types.js').SetupLink;
  /** Source offset of every label placed so far. */
  readonly labelStarts = new Map<string, number>();
  /** The function body (for the bound of a backward goto). */
  body!: CStmt & { k: 'block' };
  /** Names of the named locals' registers (temporaries have none). */
  readonly localNames = new Map<number, string>();
  /** Every local register of this invocation (all are reset when the function returns). */
  readonly allLocals = new Set<number>();
  /** Lowers a call (set by the function lowering; keeps the expression modules acyclic). */
  lowerCall!: (
    S: FnScope,
    e: CExpr & { k: 'call' },
    dst?: number,
    discard?: boolean,
  ) => { val: Val; wrote: boolean };

  constructor(init: {
    ctx: EmitContext;
    file: string;
    text: string;
    fn: string;
    traceFn: string;
    prefix: string;
    self: number;
    retReg: number | null;
  }) {
    this.ctx = init.ctx;
    this.file = init.file;
    this.text = init.text;
    this.fn = init.fn;
    this.traceFn = init.traceFn;
    this.prefix = init.prefix;
    this.self = init.self;
    this.retReg = init.retReg;
    this.end = init.ctx.t.label();
  }

  /** The thread builder, watched so that remembered plain reads are forgotten when needed. */
  get t(): ThreadBuilder {
    if (!this.watched) this.watched = watch(this.ctx.t, this);
    return this.watched;
  }
  private watched: ThreadBuilder | undefined;

  /**
   * Plain reads whose value is still in a register: address key -> register. A second plain
   * read of the same field reuses the value, as the compiler may, while no other shared
   * access, lock operation, barrier, call of another model function, merge point or write of
   * a register of the address lies between.
   */
  readonly plainReads = new Map<string, { r: number; regs: Set<number> }>();

  forgetReads(): void {
    this.plainReads.clear();
  }

  /** Forgets the remembered reads whose address or value involves register `r`. */
  forgetReg(r: number): void {
    for (const [k, v] of this.plainReads) if (v.r === r || v.regs.has(r)) this.plainReads.delete(k);
  }

  /** A plain (unmarked) read of `addr` into `dst` (or a temporary); reuses an earlier read. */
  plainRead(addr: Expr, dst?: number): Expr {
    const key = JSON.stringify(addr);
    const hit = this.plainReads.get(key);
    if (hit) {
      if (dst === undefined) return { k: 'reg', r: hit.r };
      this.t.set(dst, { k: 'reg', r: hit.r });
      return { k: 'reg', r: dst };
    }
    const r = dst ?? this.temp();
    this.forgetReg(r);
    this.ctx.t.load(r, addr, 'once');
    const regs = new Set<number>();
    regsIn(addr, regs);
    this.plainReads.set(key, { r, regs });
    return { k: 'reg', r };
  }

  err(at: Pos, msg: string): never {
    return fail(this.file, at, msg);
  }

  /** Sets the source annotation of the following instructions. */
  at(node: Pos & { start: number; end: number }, text: string): void {
    this.ctx.at(this.traceFn, text);
    this.ctx.t.at({ fn: this.traceFn, text, line: node.line, col: node.col });
  }

  push(): void {
    this.scopes.push(new Map());
  }
  pop(): void {
    this.scopes.pop();
  }
  get depth(): number {
    return this.scopes.length;
  }

  bind(name: string, sym: Sym, at: Pos): void {
    const top = this.scopes[this.scopes.length - 1]!;
    if (top.has(name)) this.err(at, `'${name}' is declared twice`);
    top.set(name, sym);
  }

  lookup(name: string): Sym | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i]!.get(name);
      if (s) return s;
    }
    return undefined;
  }

  /** A register for a named local. */
  localReg(name: string): number {
    const r = this.ctx.reg(`${this.prefix}.${name}`);
    this.localNames.set(r, name);
    this.allLocals.add(r);
    return r;
  }

  /** A fresh temporary register (a value read inside an expression). */
  temp(): number {
    const r = this.ctx.reg(`${this.prefix}.$${this.temps++}`);
    this.liveLocals.add(r);
    this.allLocals.add(r);
    return r;
  }

  label(name: string, at: Pos): LabelInfo {
    let l = this.labels.get(name);
    if (!l) {
      l = { label: this.t.label(), placed: false, pos: at };
      this.labels.set(name, l);
    }
    return l;
  }

  /** Labels used by a `goto` but never defined. */
  unplacedLabels(): { name: string; pos: Pos }[] {
    return [...this.labels.entries()].filter(([, l]) => !l.placed).map(([name, l]) => ({ name, pos: l.pos }));
  }

  /** Resets dead local registers to 0 (as the emitters do with `ctx.kill`). */
  kill(regs: Iterable<number>): void {
    const list = [...regs].filter((r) => this.liveLocals.has(r));
    for (const r of list) {
      this.liveLocals.delete(r);
      this.forgetReg(r);
    }
    if (list.length > 0) this.ctx.kill(list);
  }
}

function regsIn(e: Expr, out: Set<number>): void {
  if (e.k === 'reg') out.add(e.r);
  else if (e.k === 'bin') {
    regsIn(e.a, out);
    regsIn(e.b, out);
  } else if (e.k === 'un') regsIn(e.a, out);
  else if (e.k === 'ite') {
    regsIn(e.c, out);
    regsIn(e.t, out);
    regsIn(e.e, out);
  }
}

/** A view of the builder that keeps {@link FnScope.plainReads} valid. */
function watch(t: ThreadBuilder, S: FnScope): ThreadBuilder {
  return new Proxy(t, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        switch (prop) {
          case 'set':
            S.forgetReg(args[0] as number);
            break;
          case 'load':
            // A marked read (plain reads go through plainRead, not through here).
            S.forgetReads();
            break;
          case 'store':
          case 'rmw':
          case 'fence':
          case 'lock':
          case 'unlock':
          case 'place':
            S.forgetReads();
            break;
          default:
            break;
        }
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        return out === target ? recv : out;
      };
    },
  });
}

/** A source text for messages. */
export function describe(text: string, e: CExpr): string {
  const s = text.slice(e.start, e.end).replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
