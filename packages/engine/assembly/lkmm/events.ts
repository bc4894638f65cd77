// Event kinds and flags of the LKMM graph: core's constants (models/lkmm/events.ts takes them
// from encoding/lkmm-graph.ts too), one source of truth.
export {
  EV_F,
  EV_R,
  EV_W,
  F_AFTER_ATOMIC,
  F_AFTER_SPINLOCK,
  F_BEFORE_ATOMIC,
  F_MB,
  F_RMB,
  F_WMB,
  FAILED_RMW,
  IN_RMW,
  LKR,
  LKW,
  TAG_ACQUIRE,
  TAG_MB,
  TAG_NORETURN,
  TAG_ONCE,
  TAG_RELEASE,
  UL,
} from '../../../core/src/encoding/lkmm-graph';
