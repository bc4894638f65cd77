import { c } from './expr.js';
import type {
  Expr,
  FenceKind,
  Instr,
  LoadOrder,
  Location,
  Program,
  RmwOrder,
  SourceInfo,
  StoreOrder,
  Thread,
} from './types.js';
import { assertValidProgram } from './validate.js';

/** A forward-referencable position in a thread's code. */
export interface Label {
  readonly id: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds one thread's code with named registers and labels. */
export class ThreadBuilder {
  readonly name: string;
  private readonly registers: string[] = [];
  private readonly registerInit: number[] = [];
  private readonly code: Mutable<Instr>[] = [];
  private readonly labels: (number | undefined)[] = [];
  private readonly fixups: { pc: number; field: 'target' | 'join'; label: Label }[] = [];
  private src: SourceInfo | undefined;

  constructor(name: string) {
    this.name = name;
  }

  /** Declares a register (optionally initialised) and returns its index. */
  reg(name: string, init?: number): number {
    const existing = this.registers.indexOf(name);
    if (existing >= 0) return existing;
    this.registers.push(name);
    if (init !== undefined) this.registerInit[this.registers.length - 1] = init;
    return this.registers.length - 1;
  }

  /** Source info attached to the instructions emitted until the next call. */
  at(src: SourceInfo | undefined): this {
    this.src = src;
    return this;
  }

  get pc(): number {
    return this.code.length;
  }

  label(): Label {
    this.labels.push(undefined);
    return { id: this.labels.length - 1 };
  }

  /** Places `label` at the next instruction. */
  place(label: Label): this {
    this.labels[label.id] = this.code.length;
    return this;
  }

  private emit(instr: Instr): this {
    this.code.push(this.src ? ({ ...instr, src: this.src } as Instr) : instr);
    return this;
  }

  load(dst: number, addr: Expr | number, order: LoadOrder = 'once'): this {
    return this.emit({ op: 'load', dst, addr: typeof addr === 'number' ? c(addr) : addr, order });
  }

  store(addr: Expr | number, value: Expr, order: StoreOrder = 'once'): this {
    return this.emit({ op: 'store', addr: typeof addr === 'number' ? c(addr) : addr, value, order });
  }

  rmw(
    addr: Expr | number,
    value: Expr,
    opts: { guard?: Expr; dst?: number; ok?: number; order?: RmwOrder } = {},
  ): this {
    const instr: Mutable<Instr> = {
      op: 'rmw',
      addr: typeof addr === 'number' ? c(addr) : addr,
      value,
      order: opts.order ?? 'mb',
    };
    if (opts.guard !== undefined) instr.guard = opts.guard;
    if (opts.dst !== undefined) instr.dst = opts.dst;
    if (opts.ok !== undefined) instr.ok = opts.ok;
    return this.emit(instr);
  }

  fence(kind: FenceKind): this {
    return this.emit({ op: 'fence', kind });
  }

  lock(addr: Expr | number): this {
    return this.emit({ op: 'lock', addr: typeof addr === 'number' ? c(addr) : addr });
  }

  unlock(addr: Expr | number): this {
    return this.emit({ op: 'unlock', addr: typeof addr === 'number' ? c(addr) : addr });
  }

  set(dst: number, value: Expr): this {
    return this.emit({ op: 'set', dst, value });
  }

  /** Jumps to `target` when `cond` holds; `join` marks where a structured if's arms meet. */
  branch(cond: Expr, target: Label, opts: { join?: Label; bound?: number } = {}): this {
    const pc = this.code.length;
    const instr: Mutable<Instr> = { op: 'branch', cond, target: -1 };
    if (opts.bound !== undefined) instr.bound = opts.bound;
    this.fixups.push({ pc, field: 'target', label: target });
    if (opts.join) {
      instr.join = -1;
      this.fixups.push({ pc, field: 'join', label: opts.join });
    }
    return this.emit(instr);
  }

  jump(target: Label, bound?: number): this {
    const pc = this.code.length;
    const instr: Mutable<Instr> = { op: 'jump', target: -1 };
    if (bound !== undefined) instr.bound = bound;
    this.fixups.push({ pc, field: 'target', label: target });
    return this.emit(instr);
  }

  assume(cond: Expr): this {
    return this.emit({ op: 'assume', cond });
  }

  assert(cond: Expr, property: string): this {
    return this.emit({ op: 'assert', cond, property });
  }

  build(): Thread {
    for (const f of this.fixups) {
      const pos = this.labels[f.label.id];
      if (pos === undefined) throw new Error(`thread ${this.name}: label ${f.label.id} was never placed`);
      (this.code[f.pc] as Record<string, unknown>)[f.field] = pos;
    }
    const init: number[] = [];
    let hasInit = false;
    this.registers.forEach((_, i) => {
      const v = this.registerInit[i];
      if (v !== undefined) hasInit = true;
      init.push(v ?? 0);
    });
    const thread: Thread = {
      name: this.name,
      registers: [...this.registers],
      code: this.code.map((i) => ({ ...i }) as Instr),
      ...(hasInit ? { registerInit: this.registerInit.map((v) => v ?? 0) } : {}),
    };
    return thread;
  }
}

/** Builds a program: declare locations, then threads. */
export class ProgramBuilder {
  private readonly name: string;
  private readonly locations: Location[] = [];
  private readonly threads: ThreadBuilder[] = [];

  constructor(name: string) {
    this.name = name;
  }

  /** Declares a shared location and returns its address (1-based). */
  location(name: string, init = 0): number {
    const existing = this.locations.findIndex((l) => l.name === name);
    if (existing >= 0) throw new Error(`location '${name}' declared twice`);
    this.locations.push({ name, init });
    return this.locations.length;
  }

  /** Changes the initial value of a declared location (e.g. to point at a later one). */
  setInit(address: number, init: number): void {
    const loc = this.locations[address - 1];
    if (!loc) throw new Error(`no location at address ${address}`);
    this.locations[address - 1] = { name: loc.name, init };
  }

  addressOf(name: string): number {
    const i = this.locations.findIndex((l) => l.name === name);
    if (i < 0) throw new Error(`unknown location '${name}'`);
    return i + 1;
  }

  thread(name: string): ThreadBuilder {
    const t = new ThreadBuilder(name);
    this.threads.push(t);
    return t;
  }

  /** Builds and validates the program. */
  build(): Program {
    const program: Program = {
      name: this.name,
      locations: [...this.locations],
      threads: this.threads.map((t) => t.build()),
    };
    assertValidProgram(program);
    return program;
  }
}
