// The atomic axiom of linux-kernel.cat, `empty rmw & (fre ; coe)`: no write of another thread
// between an RMW's read source and its write in co (a walk along co lists).
import { E_CO_NEXT, E_LOC, E_RF, E_RMW, EV_F, EV_R, L_CO_FIRST } from '../../../core/src/encoding/lkmm-graph';
import { kindOf } from './classes';
import { nThreads } from './dense';
import { eventAt, eventOfRef, locationAt, refThread, threadLength } from './graph';

/** Whether some RMW pair has a write of another thread between its read's source and its write in co. */
export function atomicViolated(g: usize): bool {
  for (let t = 0; t < nThreads; t++) {
    const len = threadLength(g, t);
    for (let p = 0; p < len; p++) if (rmwBroken(g, t, eventAt(g, t, p))) return true;
  }
  return false;
}

/**
 * atomic after a change: a new pair of rmw & (fre ; coe) has its rmw pair, its co pair or its
 * fr pair among the changed events' location's, so only the RMW pairs whose write is in that
 * location's co list are checked.
 */
export function atomicViolatedAt(g: usize, tid: i32, po: i32, count: i32): bool {
  for (let p = po; p < po + count; p++) {
    const e = eventAt(g, tid, p);
    if (kindOf(e) == EV_F) continue;
    let y = load<i32>(locationAt(g, load<i32>(e + E_LOC)) + L_CO_FIRST);
    while (y >= 0) {
      const ey = eventOfRef(g, y);
      const partner = load<i32>(ey + E_RMW);
      if (partner >= 0 && rmwBroken(g, refThread(y), eventAt(g, refThread(y), partner))) return true;
      y = load<i32>(ey + E_CO_NEXT);
    }
  }
  return false;
}

/** Whether `e` (an event of thread t) is an RMW read with a write of another thread between its source and its write in co. */
function rmwBroken(g: usize, t: i32, e: usize): bool {
  if (kindOf(e) != EV_R) return false;
  const partner = load<i32>(e + E_RMW);
  const src = load<i32>(e + E_RF);
  if (partner < 0 || src < 0) return false;
  const w = ((t + 1) << 16) | partner;
  // Walk co from the write after src; an external write before reaching w is in fre ; coe.
  let x =
    refThread(src) < 0
      ? load<i32>(locationAt(g, load<i32>(e + E_LOC)) + L_CO_FIRST)
      : load<i32>(eventOfRef(g, src) + E_CO_NEXT);
  let external = false;
  while (x >= 0 && x != w) {
    if (refThread(x) != t) external = true;
    x = load<i32>(eventOfRef(g, x) + E_CO_NEXT);
  }
  return x == w && external;
}
