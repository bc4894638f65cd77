import type { FenceKind, LoadOrder, RmwOrder, StoreOrder } from '../ir/types.js';

/** Arithmetic of the atomic_* read-modify-write family. */
export type AtomicOp = 'add' | 'sub' | 'and' | 'or' | 'xor' | 'andnot';

/** What a value-returning atomic op gives back. */
export type AtomicResult = 'none' | 'old' | 'new' | 'new-is-zero' | 'new-is-negative';

/**
 * A kernel primitive of the supported subset and how it maps to the IR. `args` names the
 * argument roles in call order: `lv` an lvalue (`*p`), `p` a pointer, `v`/`e`/`n`/`u` values.
 */
export type Primitive =
  | { readonly kind: 'load'; readonly order: LoadOrder; readonly args: readonly ['lv'] | readonly ['p'] }
  | {
      readonly kind: 'store';
      readonly order: StoreOrder;
      readonly args: readonly ['lv', 'v'] | readonly ['p', 'v'];
    }
  | { readonly kind: 'fence'; readonly fence: FenceKind; readonly args: readonly [] }
  | { readonly kind: 'xchg'; readonly order: RmwOrder; readonly args: readonly ['p', 'v'] }
  | { readonly kind: 'cmpxchg'; readonly order: RmwOrder; readonly args: readonly ['p', 'e', 'n'] }
  | {
      readonly kind: 'atomic';
      readonly op: AtomicOp;
      readonly result: AtomicResult;
      readonly order: RmwOrder;
      /** `['v','p']` for `atomic_add(i, v)`, `['p']` for `atomic_inc(v)` (operand 1). */
      readonly args: readonly ['v', 'p'] | readonly ['p'];
    }
  | { readonly kind: 'add-unless'; readonly args: readonly ['p', 'v', 'u'] | readonly ['p'] }
  | { readonly kind: 'lock' | 'unlock' | 'trylock'; readonly args: readonly ['p'] };

const ORDER_SUFFIXES: readonly [string, RmwOrder][] = [
  ['', 'mb'],
  ['_relaxed', 'relaxed'],
  ['_acquire', 'acquire'],
  ['_release', 'release'],
];

function buildTable(): Map<string, Primitive> {
  const t = new Map<string, Primitive>();
  t.set('READ_ONCE', { kind: 'load', order: 'once', args: ['lv'] });
  t.set('WRITE_ONCE', { kind: 'store', order: 'once', args: ['lv', 'v'] });
  t.set('smp_load_acquire', { kind: 'load', order: 'acquire', args: ['p'] });
  t.set('smp_store_release', { kind: 'store', order: 'release', args: ['p', 'v'] });
  t.set('atomic_read', { kind: 'load', order: 'once', args: ['p'] });
  t.set('atomic_set', { kind: 'store', order: 'once', args: ['p', 'v'] });
  t.set('atomic_read_acquire', { kind: 'load', order: 'acquire', args: ['p'] });
  t.set('atomic_set_release', { kind: 'store', order: 'release', args: ['p', 'v'] });
  const fences: [string, FenceKind][] = [
    ['smp_mb', 'mb'],
    ['smp_rmb', 'rmb'],
    ['smp_wmb', 'wmb'],
    ['smp_mb__before_atomic', 'before_atomic'],
    ['smp_mb__after_atomic', 'after_atomic'],
    ['smp_mb__after_spinlock', 'after_spinlock'],
  ];
  for (const [name, fence] of fences) t.set(name, { kind: 'fence', fence, args: [] });
  for (const [suffix, order] of ORDER_SUFFIXES) {
    t.set(`xchg${suffix}`, { kind: 'xchg', order, args: ['p', 'v'] });
    t.set(`atomic_xchg${suffix}`, { kind: 'xchg', order, args: ['p', 'v'] });
    t.set(`cmpxchg${suffix}`, { kind: 'cmpxchg', order, args: ['p', 'e', 'n'] });
    t.set(`atomic_cmpxchg${suffix}`, { kind: 'cmpxchg', order, args: ['p', 'e', 'n'] });
    for (const op of ['add', 'sub'] as const) {
      t.set(`atomic_${op}_return${suffix}`, { kind: 'atomic', op, result: 'new', order, args: ['v', 'p'] });
    }
    for (const [name, op] of [
      ['inc', 'add'],
      ['dec', 'sub'],
    ] as const) {
      t.set(`atomic_${name}_return${suffix}`, { kind: 'atomic', op, result: 'new', order, args: ['p'] });
      t.set(`atomic_fetch_${name}${suffix}`, { kind: 'atomic', op, result: 'old', order, args: ['p'] });
    }
    for (const op of ['add', 'sub', 'and', 'or', 'xor', 'andnot'] as const) {
      t.set(`atomic_fetch_${op}${suffix}`, { kind: 'atomic', op, result: 'old', order, args: ['v', 'p'] });
    }
  }
  for (const op of ['add', 'sub', 'and', 'or', 'xor', 'andnot'] as const) {
    t.set(`atomic_${op}`, { kind: 'atomic', op, result: 'none', order: 'noreturn', args: ['v', 'p'] });
  }
  t.set('atomic_inc', { kind: 'atomic', op: 'add', result: 'none', order: 'noreturn', args: ['p'] });
  t.set('atomic_dec', { kind: 'atomic', op: 'sub', result: 'none', order: 'noreturn', args: ['p'] });
  t.set('atomic_sub_and_test', {
    kind: 'atomic',
    op: 'sub',
    result: 'new-is-zero',
    order: 'mb',
    args: ['v', 'p'],
  });
  t.set('atomic_dec_and_test', {
    kind: 'atomic',
    op: 'sub',
    result: 'new-is-zero',
    order: 'mb',
    args: ['p'],
  });
  t.set('atomic_inc_and_test', {
    kind: 'atomic',
    op: 'add',
    result: 'new-is-zero',
    order: 'mb',
    args: ['p'],
  });
  t.set('atomic_add_negative', {
    kind: 'atomic',
    op: 'add',
    result: 'new-is-negative',
    order: 'mb',
    args: ['v', 'p'],
  });
  t.set('atomic_add_unless', { kind: 'add-unless', args: ['p', 'v', 'u'] });
  t.set('atomic_inc_not_zero', { kind: 'add-unless', args: ['p'] });
  t.set('spin_lock', { kind: 'lock', args: ['p'] });
  t.set('spin_unlock', { kind: 'unlock', args: ['p'] });
  t.set('spin_trylock', { kind: 'trylock', args: ['p'] });
  return t;
}

/** Every supported kernel primitive by name. */
export const PRIMITIVES: ReadonlyMap<string, Primitive> = buildTable();

/** The names of the supported primitives, sorted. */
export function supportedPrimitives(): string[] {
  return [...PRIMITIVES.keys()].sort();
}
