/**
 * Exports an IR program to Promela with exactly the transition system of tmigr-check's SC
 * explorer: one atomic Promela step per shared access (the access plus the local code up to the
 * thread's next shared access), explicit pc/status/register/loop-counter variables, memory cells
 * as globals, and initial values taken from the reference explorer's initial state. SPIN without
 * partial-order reduction then stores exactly as many states as tmigr-check, which makes the
 * speed comparison like for like.
 *
 * Not exported: `assume` (pruning a successor has no atomic-step counterpart) and final checks
 * (a monitor process would change the state count). Asserts become Promela asserts; invalid
 * computed addresses fail an assert instead of reporting `invalid-address`.
 */
import {
  assertValidProgram,
  computeLoopExits,
  computeLoopSlots,
  type Expr,
  type Instr,
  type Program,
  ScSemantics,
  ST_BOUND,
  ST_DONE,
  ST_RUNNING,
} from '@tmigr-check/core';

/** Thrown for programs that use something the export does not support. */
export class PromelaExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromelaExportError';
  }
}

const MIN_INT = -2147483648;

function literal(v: number): string {
  const x = v | 0;
  if (x === MIN_INT) return '(-2147483647 - 1)';
  return x < 0 ? `(${x})` : String(x);
}

/** A Promela expression with the 32-bit semantics of core's ir/eval.ts (`shr` is logical). */
export function promelaExpr(e: Expr): string {
  switch (e.k) {
    case 'const':
      return literal(e.v);
    case 'reg':
      return `r${e.r}`;
    case 'old':
      return '_old';
    case 'un': {
      const a = promelaExpr(e.a);
      return e.op === 'not' ? `(!${a})` : e.op === 'bnot' ? `(~${a})` : `(-${a})`;
    }
    case 'ite':
      return `(${promelaExpr(e.c)} -> ${promelaExpr(e.t)} : ${promelaExpr(e.e)})`;
    case 'bin': {
      const a = promelaExpr(e.a);
      const b = promelaExpr(e.b);
      switch (e.op) {
        case 'add':
          return `(${a} + ${b})`;
        case 'sub':
          return `(${a} - ${b})`;
        case 'mul':
          return `(${a} * ${b})`;
        case 'and':
          return `(${a} & ${b})`;
        case 'or':
          return `(${a} | ${b})`;
        case 'xor':
          return `(${a} ^ ${b})`;
        case 'shl':
          return `(${a} << (${b} & 31))`;
        case 'shr': {
          // C's >> is arithmetic: mask off the copies of the sign bit.
          const s = `(${b} & 31)`;
          return `(${s} == 0 -> ${a} : ((${a} >> ${s}) & ((1 << (32 - ${s})) - 1)))`;
        }
        case 'eq':
          return `(${a} == ${b})`;
        case 'ne':
          return `(${a} != ${b})`;
        case 'lt':
          return `(${a} < ${b})`;
        case 'le':
          return `(${a} <= ${b})`;
        case 'gt':
          return `(${a} > ${b})`;
        case 'ge':
          return `(${a} >= ${b})`;
        case 'land':
          return `(${a} && ${b})`;
        case 'lor':
          return `(${a} || ${b})`;
      }
    }
  }
}

/** Reads and writes of memory cells `m0..m{n-1}` (address a is cell a - 1). */
class Memory {
  constructor(private readonly cells: number) {}

  read(addr: Expr): string {
    if (addr.k === 'const') return `m${addr.v - 1}`;
    const a = promelaExpr(addr);
    let out = '0';
    for (let i = this.cells - 1; i >= 0; i--) out = `(${a} == ${i + 1} -> m${i} : ${out})`;
    return out;
  }

  /** Statements that assert the address is a location. */
  check(addr: Expr): string {
    if (addr.k === 'const') return '';
    const a = promelaExpr(addr);
    return `assert(${a} >= 1 && ${a} <= ${this.cells}); `;
  }

  write(addr: Expr, value: string): string {
    if (addr.k === 'const') return `m${addr.v - 1} = ${value}`;
    const a = promelaExpr(addr);
    const arms = Array.from({ length: this.cells }, (_, i) => `:: ${a} == ${i + 1} -> m${i} = ${value}`);
    return `if ${arms.join(' ')} fi`;
  }
}

function isShared(instr: Instr): boolean {
  return ['load', 'store', 'rmw', 'fence', 'lock', 'unlock'].includes(instr.op);
}

/** The Promela text of `program`. */
export function toPromela(program: Program): string {
  assertValidProgram(program);
  for (const t of program.threads) {
    if (t.code.some((i) => i.op === 'assume')) {
      throw new PromelaExportError(`thread ${t.name} uses assume, which the Promela export does not support`);
    }
  }
  const sem = new ScSemantics(program);
  const init = sem.initial();
  if (init.kind === 'violation')
    throw new PromelaExportError(`the initial state already violates ${init.property}`);
  const initMem = init.state.mem;
  const mem = new Memory(program.locations.length);
  const out: string[] = [];
  out.push(`/* ${program.name}: exported by tmigr-check, one atomic step per shared access */`);
  program.locations.forEach((loc, i) => {
    out.push(`int m${i} = ${literal(initMem[i]!)};\t/* ${loc.name} */`);
  });
  out.push('hidden int _old;', 'hidden int _ok;', '');

  const loopSlots = computeLoopSlots(program);
  const loopExits = computeLoopExits(program, loopSlots);
  program.threads.forEach((thread, ti) => {
    const ts = init.state.threads[ti]!;
    const n = thread.code.length;
    const slots = loopSlots[ti]!;
    const exits = loopExits[ti]!;
    const slot = slots.filter((s) => s >= 0).length;
    out.push(`active proctype t${ti}() {\t/* ${thread.name} */`);
    out.push(`  int pc = ${ts.pc};`);
    out.push(`  byte st = ${ts.status};`);
    thread.registers.forEach((name, r) => {
      out.push(`  int r${r} = ${literal(ts.regs[r]!)};\t/* ${name} */`);
    });
    for (let s = 0; s < slot; s++) out.push(`  int l${s} = ${ts.loops[s]};`);
    out.push('end:', '  do');
    thread.code.forEach((instr, k) => {
      if (!isShared(instr)) return;
      const label = (pc: number) => `t${ti}_${k}_${pc}`;
      const endLabel = `t${ti}_${k}_end`;
      let guard = `st == ${ST_RUNNING} && pc == ${k}`;
      let access: string;
      switch (instr.op) {
        case 'load':
          access = `${mem.check(instr.addr)}r${instr.dst} = ${mem.read(instr.addr)}`;
          break;
        case 'store':
          access = `${mem.check(instr.addr)}${mem.write(instr.addr, promelaExpr(instr.value))}`;
          break;
        case 'rmw': {
          const guardExpr = instr.guard ? promelaExpr(instr.guard) : '1';
          access =
            `${mem.check(instr.addr)}_old = ${mem.read(instr.addr)}; ` +
            `if :: ${guardExpr} -> _ok = 1; ${mem.write(instr.addr, promelaExpr(instr.value))} :: else -> _ok = 0 fi`;
          if (instr.dst !== undefined) access += `; r${instr.dst} = _old`;
          if (instr.ok !== undefined) access += `; r${instr.ok} = _ok`;
          break;
        }
        case 'lock':
          guard += ` && ${mem.read(instr.addr)} == 0`;
          access = `${mem.check(instr.addr)}${mem.write(instr.addr, '1')}`;
          break;
        case 'unlock':
          access = `${mem.check(instr.addr)}${mem.write(instr.addr, '0')}`;
          break;
        default:
          access = 'skip';
      }
      out.push(`  :: atomic { ${guard} -> ${access};`);
      out.push(`       goto ${label(k + 1)};`);
      // The local code reachable from k + 1, up to the next shared accesses.
      const seen = new Set<number>();
      const work = [k + 1];
      while (work.length > 0) {
        const pc = work.pop()!;
        if (seen.has(pc)) continue;
        seen.add(pc);
        const next = (p: number) => {
          work.push(p);
          return `goto ${label(p)}`;
        };
        if (pc >= n) {
          out.push(`${label(pc)}: pc = ${pc}; st = ${ST_DONE}; goto ${endLabel};`);
          continue;
        }
        const li = thread.code[pc]!;
        if (isShared(li)) {
          out.push(`${label(pc)}: pc = ${pc}; goto ${endLabel};`);
          continue;
        }
        switch (li.op) {
          case 'set':
            out.push(`${label(pc)}: r${li.dst} = ${promelaExpr(li.value)}; ${next(pc + 1)};`);
            break;
          case 'assert':
            out.push(`${label(pc)}: assert(${promelaExpr(li.cond)}); ${next(pc + 1)};`);
            break;
          case 'branch':
          case 'jump': {
            // Loop counters count one execution of a loop (`computeLoopExits`).
            const s = slots[pc]!;
            const resets = (list: readonly number[]) => list.map((x) => `l${x} = 0; `).join('');
            const leave = resets(exits.taken[pc]!);
            const take =
              s >= 0
                ? `if :: l${s} >= ${li.bound ?? 0} -> st = ${ST_BOUND}; pc = ${pc}; goto ${endLabel} :: else -> l${s} = l${s} + 1; ${leave}${next(li.target)} fi`
                : `${leave}${next(li.target)}`;
            const fall = `${resets(exits.fallThrough[pc]!)}${next(pc + 1)}`;
            if (li.op === 'jump') out.push(`${label(pc)}: ${take};`);
            else out.push(`${label(pc)}: if :: ${promelaExpr(li.cond)} -> ${take} :: else -> ${fall} fi;`);
            break;
          }
          default:
            throw new PromelaExportError(`unexpected ${li.op} in local code`);
        }
      }
      out.push(`${endLabel}: skip }`);
    });
    out.push('  od', '}', '');
  });
  return out.join('\n');
}
