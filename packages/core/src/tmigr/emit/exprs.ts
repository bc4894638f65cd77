/**
 * Expression helpers for the code generator: `union tmigr_state` fields, the per-child slots
 * of a group's timerqueue, KTIME_MAX handling.
 */
import { add, and, bin, c, eq, ite, ne, or, shl, shr } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import { KTIME_MAX, SLOT_BITS, SLOT_KTIME_MAX, TMIGR_NONE } from '../constants.js';

export const neg = (a: Expr): Expr => ({ k: 'un', op: 'neg', a });
export const lnot = (a: Expr): Expr => ({ k: 'un', op: 'not', a });
export const bnot = (a: Expr): Expr => ({ k: 'un', op: 'bnot', a });
export const land = (a: Expr, b: Expr): Expr => bin('land', a, b);
export const lor = (a: Expr, b: Expr): Expr => bin('lor', a, b);
export const lt = (a: Expr, b: Expr): Expr => bin('lt', a, b);
export const le = (a: Expr, b: Expr): Expr => bin('le', a, b);
export const ge = (a: Expr, b: Expr): Expr => bin('ge', a, b);
export const mul = (a: Expr, b: Expr): Expr => bin('mul', a, b);

/** `state.active`. */
export const stActive = (s: Expr): Expr => and(s, c(0xff));
/** `state.migrator`. */
export const stMigrator = (s: Expr): Expr => and(shr(s, c(8)), c(0xff));
/** `state.seq`. */
export const stSeq = (s: Expr): Expr => and(shr(s, c(16)), c(0xffff));
/** Packs active/migrator/seq (seq wraps at 16 bits). */
export const stPack = (active: Expr, migrator: Expr, seq: Expr): Expr =>
  or(or(and(active, c(0xff)), shl(and(migrator, c(0xff)), c(8))), shl(and(seq, c(0xffff)), c(16)));
export const NONE = c(TMIGR_NONE);
export const KMAX = c(KTIME_MAX);

/** Bit position of slot `k` in a queue word. */
const slotShift = (k: Expr): Expr => mul(k, c(SLOT_BITS));
/** Is slot `k` queued. */
export const slotQueued = (q: Expr, k: Expr): Expr => and(shr(q, slotShift(k)), c(1));
/** Expiry of slot `k` (`evt->nextevt.expires`), KTIME_MAX decoded. */
export const slotExpiry = (q: Expr, k: Expr): Expr => {
  const code = and(shr(q, add(slotShift(k), c(1))), c(7));
  return ite(eq(code, c(SLOT_KTIME_MAX)), KMAX, code);
};
/** Encodes an expiry value for a slot. */
const expiryCode = (v: Expr): Expr => ite(eq(v, KMAX), c(SLOT_KTIME_MAX), and(v, c(7)));
/** `q` with slot `k` set to {queued, expiry}. */
export const slotSet = (q: Expr, k: Expr, queued: Expr, expiry: Expr): Expr =>
  or(
    and(q, bnot(shl(c(0xf), slotShift(k)))),
    shl(or(and(queued, c(1)), shl(expiryCode(expiry), c(1))), slotShift(k)),
  );
/** `q` with slot `k` dequeued (expiry kept, as timerqueue_del keeps `expires`). */
export const slotDel = (q: Expr, k: Expr): Expr => and(q, bnot(shl(c(1), slotShift(k))));
/** Any slot queued in the word (`C` slots). */
export const anyQueued = (q: Expr, slots: number): Expr => {
  let m = 0;
  for (let k = 0; k < slots; k++) m |= 1 << (k * SLOT_BITS);
  return ne(and(q, c(m)), c(0));
};

/** An ite chain: the value for the first matching key, else `dflt`. */
export function select(keyExpr: Expr, table: readonly (readonly [number, Expr])[], dflt: Expr): Expr {
  let e = dflt;
  for (let i = table.length - 1; i >= 0; i--) {
    const [k, v] = table[i]!;
    e = ite(eq(keyExpr, c(k)), v, e);
  }
  return e;
}

export { old, reg, sub } from '../../ir/expr.js';
export { add, and, c, eq, ite, ne, or, shl, shr };
