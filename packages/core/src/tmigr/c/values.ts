/**
 * Values of the C subset: operators with constant folding, named constants, integer casts,
 * model type names for messages.
 */
import { c } from '../../ir/expr.js';
import type { BinOp, Expr } from '../../ir/types.js';
import { KTIME_MAX, TMIGR_NONE } from '../constants.js';
import { constOf } from './fields.js';
import type { CType, FnScope } from './scope.js';

export const BIN_OPS: Readonly<Record<string, BinOp>> = {
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
};

export const bin = (op: BinOp, a: Expr, b: Expr): Expr => {
  const x = constOf(a);
  const y = constOf(b);
  if (x !== null && y !== null) {
    const v = foldBin(op, x, y);
    if (v !== null) return c(v);
  }
  return { k: 'bin', op, a, b };
};

export function foldBin(op: BinOp, x: number, y: number): number | null {
  switch (op) {
    case 'add':
      return (x + y) | 0;
    case 'sub':
      return (x - y) | 0;
    case 'mul':
      return Math.imul(x, y);
    case 'and':
      return x & y;
    case 'or':
      return x | y;
    case 'xor':
      return x ^ y;
    case 'shl':
      return y >= 0 && y < 32 ? x << y : null;
    case 'shr':
      return y >= 0 && y < 32 ? x >> y : null;
    default:
      return null;
  }
}

/** Named constants of the subset. */
export function constantOf(S: FnScope, name: string): Expr | null {
  const l = S.ctx.layout;
  switch (name) {
    case 'KTIME_MAX':
      return c(KTIME_MAX);
    case 'TMIGR_NONE':
      return c(TMIGR_NONE);
    case 'NULL':
    case 'false':
      return c(0);
    case 'true':
      return c(1);
    case 'BIT_CNT':
      return c(8);
    case 'SINGLE_DEPTH_NESTING':
      return c(1);
    case 'tmigr_hierarchy_levels':
      return c(l.levels);
    case 'tmigr_crossnode_level':
      return c(l.crossnodeLevel);
    case 'TMIGR_CHILDREN_PER_GROUP':
      return c(l.childrenPerGroup);
    default:
      return null;
  }
}

export function knownFields(t: CType): string {
  switch (t) {
    case 'group':
      return ' (known: migr_state, parent, groupmask, lock, next_expiry, level, groupevt.ignore, groupevt.cpu)';
    case 'cpu':
      return ' (known: lock, idle, available, remote, wakeup, cpuevt.ignore, tmgroup, groupmask)';
    case 'walk':
      return ' (known: childmask, nextexp, firstexp, evt, remote, now, check)';
    default:
      return '';
  }
}

export const withArticle = (s: string): string => `${/^[aeiou]/.test(s) ? 'an' : 'a'} ${s}`;

export function typeName(t: CType): string {
  switch (t) {
    case 'group':
      return 'struct tmigr_group *';
    case 'cpu':
      return 'struct tmigr_cpu *';
    case 'walk':
      return 'struct tmigr_walk';
    case 'state':
      return 'union tmigr_state';
    case 'up':
      return 'up_f';
    case 'event':
      return 'struct tmigr_event *';
    case 'void':
      return 'void';
    default:
      return 'integer';
  }
}

export function castInt(base: string, e: Expr): Expr {
  switch (base) {
    case 'u8':
    case 's8':
    case 'char':
      return bin('and', e, c(0xff));
    case 'u16':
    case 's16':
      return bin('and', e, c(0xffff));
    case 'bool':
      return bin('ne', e, c(0));
    default:
      return e;
  }
}

export const UP_KEYS = new Set([
  'tmigr_active_up',
  'tmigr_inactive_up',
  'tmigr_update_events',
  'tmigr_new_timer_up',
  'tmigr_handle_remote_up',
  'tmigr_requires_handle_remote_up',
]);
