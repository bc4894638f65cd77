import { describe, expect, it } from 'vitest';
import { type Instr, isShared, type SharedInstr } from '../ir/types.js';
import { assertValidProgram } from '../ir/validate.js';
import { compileLitmus } from './compile.js';
import { parseLitmus } from './parser.js';
import { PRIMITIVES } from './primitives.js';
import { runLitmus } from './run.js';

/** Compiles one process body (parameters x, y, z, l) and returns its code. */
function codeOf(body: string, init = ''): Instr[] {
  const text = `C t\n{ ${init} }\nP0(int *x, int *y, int *z, spinlock_t *l)\n{\n${body}\n}\n`;
  const c = compileLitmus(parseLitmus(text, 't.litmus'));
  assertValidProgram(c.program);
  return [...c.program.threads[0]!.code];
}

const shared = (code: Instr[]): SharedInstr[] => code.filter(isShared);
/** A compact description of a shared instruction: op, ordering, and rmw shape. */
function shape(i: SharedInstr): string {
  switch (i.op) {
    case 'load':
      return `load ${i.order}`;
    case 'store':
      return `store ${i.order}`;
    case 'fence':
      return `fence ${i.kind}`;
    case 'rmw':
      return `rmw ${i.order}${i.guard ? ' guarded' : ''}${i.dst !== undefined ? ' dst' : ''}${i.ok !== undefined ? ' ok' : ''}`;
    default:
      return i.op;
  }
}

describe('compileLitmus: primitives', () => {
  const CASES: [string, string][] = [
    ['r = READ_ONCE(*x);', 'load once'],
    ['WRITE_ONCE(*x, 1);', 'store once'],
    ['r = smp_load_acquire(x);', 'load acquire'],
    ['smp_store_release(x, 1);', 'store release'],
    ['r = atomic_read(x);', 'load once'],
    ['atomic_set(x, 1);', 'store once'],
    ['r = atomic_read_acquire(x);', 'load acquire'],
    ['atomic_set_release(x, 1);', 'store release'],
    ['smp_mb();', 'fence mb'],
    ['smp_rmb();', 'fence rmb'],
    ['smp_wmb();', 'fence wmb'],
    ['smp_mb__before_atomic();', 'fence before_atomic'],
    ['smp_mb__after_atomic();', 'fence after_atomic'],
    ['smp_mb__after_spinlock();', 'fence after_spinlock'],
    ['r = xchg(x, 1);', 'rmw mb dst'],
    ['r = xchg_relaxed(x, 1);', 'rmw relaxed dst'],
    ['r = xchg_acquire(x, 1);', 'rmw acquire dst'],
    ['r = atomic_xchg_release(x, 1);', 'rmw release dst'],
    ['r = cmpxchg(x, 0, 1);', 'rmw mb guarded dst'],
    ['r = cmpxchg_relaxed(x, 0, 1);', 'rmw relaxed guarded dst'],
    ['r = atomic_cmpxchg_acquire(x, 0, 1);', 'rmw acquire guarded dst'],
    ['r = cmpxchg_release(x, 0, 1);', 'rmw release guarded dst'],
    ['atomic_inc(x);', 'rmw noreturn'],
    ['atomic_sub(2, x);', 'rmw noreturn'],
    ['atomic_andnot(2, x);', 'rmw noreturn'],
    ['r = atomic_add_return(2, x);', 'rmw mb dst'],
    ['r = atomic_fetch_sub_release(2, x);', 'rmw release dst'],
    ['r = atomic_dec_and_test(x);', 'rmw mb dst'],
    ['r = atomic_add_negative(-1, x);', 'rmw mb dst'],
    ['r = atomic_add_unless(x, 1, 0);', 'rmw mb guarded ok'],
    ['r = atomic_inc_not_zero(x);', 'rmw mb guarded ok'],
    ['r = spin_trylock(l);', 'rmw acquire guarded ok'],
    ['spin_lock(l);', 'lock'],
    ['spin_unlock(l);', 'unlock'],
  ];
  it.each(CASES)('%s compiles to one %s', (stmt, want) => {
    expect(shared(codeOf(stmt)).map(shape)).toEqual([want]);
  });

  it('compiles every primitive of the table to exactly one shared step', () => {
    for (const [name, prim] of PRIMITIVES) {
      const args = prim.args.map((role) =>
        role === 'lv' ? '*x' : role === 'p' ? (name.startsWith('spin_') ? 'l' : 'x') : '1',
      );
      const code = codeOf(`r = ${name}(${args.join(', ')});`);
      expect(shared(code), name).toHaveLength(1);
    }
  });

  it('gives the kernel values: single-CPU runs of the value-returning operations', () => {
    const run = (body: string, init: string) => {
      const text = `C t\n{ ${init} }\nP0(int *x, spinlock_t *l)\n{\n${body}\n}\nlocations [x; 0:r; 0:s]\n`;
      const out = runLitmus(compileLitmus(parseLitmus(text, 't.litmus')), { model: 'sc' });
      expect(out.finals).toHaveLength(1);
      return out.finals[0]!.values;
    };
    expect(run('r = cmpxchg(x, 5, 9); s = cmpxchg(x, 0, 7);', 'x=0;')).toEqual({ x: 7, '0:r': 0, '0:s': 0 });
    expect(run('r = atomic_sub_return(3, x); s = atomic_fetch_andnot(1, x);', 'x=10;')).toEqual({
      x: 6,
      '0:r': 7,
      '0:s': 7,
    });
    expect(run('r = atomic_add_unless(x, 4, 2); s = atomic_add_unless(x, 4, 6);', 'x=2;')).toEqual({
      x: 6,
      '0:r': 0,
      '0:s': 1,
    });
    expect(run('r = atomic_inc_and_test(x); s = atomic_add_negative(-1, x);', 'x=-1;')).toEqual({
      x: -1,
      '0:r': 1,
      '0:s': 1,
    });
    expect(run('r = spin_trylock(l); s = spin_trylock(l);', '')).toEqual({ x: 0, '0:r': 1, '0:s': 0 });
    // An _return op whose operand is its own destination register.
    expect(run('r = 2; r = atomic_add_return(r, x); s = xchg(x, r);', 'x=1;')).toEqual({
      x: 3,
      '0:r': 3,
      '0:s': 3,
    });
  });

  it('makes a failing cmpxchg a guarded rmw that does not write', () => {
    const text = 'C t\n{ x=3; }\nP0(int *x)\n{\n\tr = cmpxchg(x, 1, 2);\n}\nexists (0:r=3 /\\ x=3)\n';
    const out = runLitmus(compileLitmus(parseLitmus(text, 't.litmus')), { model: 'sc', explain: true });
    expect(out.verdict).toBe('Always');
    const step = out.witness!.trace.steps[0]!.step;
    expect(step.read).toBe(3);
    expect(step.wrote).toBeUndefined();
  });
});

describe('compileLitmus: control flow, registers and pointers', () => {
  it('compiles if without else as a branch whose join ends the control dependency', () => {
    const code = codeOf('r = READ_ONCE(*x);\nif (r)\n\tWRITE_ONCE(*y, 1);\nWRITE_ONCE(*z, 1);');
    const b = code.findIndex((i) => i.op === 'branch');
    const br = code[b] as Extract<Instr, { op: 'branch' }>;
    expect(br.cond).toEqual({ k: 'un', op: 'not', a: { k: 'reg', r: 0 } });
    expect(br.target).toBe(br.join);
    const inside = code
      .slice(b + 1, br.join)
      .filter(isShared)
      .map(shape);
    const after = code.slice(br.join).filter(isShared).map(shape);
    expect(inside).toEqual(['store once']);
    expect(after).toEqual(['store once']);
    expect((code[br.join!] as SharedInstr & { op: 'store' }).addr).toEqual({ k: 'const', v: 3 });
  });

  it('compiles if/else with a jump over the else arm, both arms inside the dependency', () => {
    const code = codeOf(
      'r = READ_ONCE(*x);\nif (r == 1) { WRITE_ONCE(*y, 1); } else { WRITE_ONCE(*y, 2); }\nWRITE_ONCE(*z, 1);',
    );
    const b = code.findIndex((i) => i.op === 'branch');
    const br = code[b] as Extract<Instr, { op: 'branch' }>;
    const jump = code[br.target - 1] as Extract<Instr, { op: 'jump' }>;
    expect(jump.op).toBe('jump');
    expect(jump.target).toBe(br.join);
    expect(code.slice(b + 1, br.join).filter(isShared)).toHaveLength(2);
  });

  it('dereferences a loaded pointer through its register, and uses parameters as addresses', () => {
    const code = codeOf(
      'int *p;\nint v;\np = READ_ONCE(*x);\nv = READ_ONCE(*p);\nr = smp_load_acquire(z);',
      'x=y;',
    );
    const loads = shared(code) as Extract<SharedInstr, { op: 'load' }>[];
    expect(loads.map((l) => l.addr)).toEqual([
      { k: 'const', v: 1 },
      { k: 'reg', r: 0 },
      { k: 'const', v: 3 },
    ]);
  });

  it('initialises registers from the init block and declarations', () => {
    const text =
      'C t\n{ 0:a = y; 0:b = 5; }\nP0(int *x, int *y)\n{\n\tint c = 2;\n\tint d;\n}\nexists (0:a=y /\\ 0:b=5 /\\ 0:c=2 /\\ 0:d=0)\n';
    const out = runLitmus(compileLitmus(parseLitmus(text, 't.litmus')), { model: 'sc' });
    expect(out.verdict).toBe('Always');
  });

  it('treats an assigned parameter as a local pointer that starts at its location', () => {
    const text =
      'C t\n{ x=1; y=2; }\nP0(int *x, int *y)\n{\n\tint r;\n\tx = y;\n\tr = READ_ONCE(*x);\n}\nexists (0:r=2)\n';
    expect(runLitmus(compileLitmus(parseLitmus(text, 't.litmus')), { model: 'sc' }).verdict).toBe('Always');
  });
});
