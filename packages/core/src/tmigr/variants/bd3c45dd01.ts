/**
 * `bd3c45dd01`: "timers/migration: Fix another hotplug activation race" (Frederic
 * Weisbecker, 7.1-rc). Only the activate block of `tmigr_setup_groups()` changes: the old
 * root's state is read with `atomic_fetch_or(0, ...)` (fully ordered RMW), the
 * `WARN_ON_ONCE(!state.active)` is removed, and the new parents are activated only if the old
 * root was seen active (paulmckrcu/linux@fe40fa30d82ebf0136306b16cfe177192683e26b).
 */
import { emitSetupActivateFixed } from '../emit/hotplug.js';
import type { Variant } from '../types.js';
import { V7_1_RC1, V7_1_RC1_EMITTERS, V7_1_RC1_WARNS } from './v7_1_rc1.js';

export const BD3C45DD01: Variant = {
  name: 'bd3c45dd01',
  description:
    'after the seed fix: fully ordered atomic_fetch_or(0) read of the old root, WARN removed, propagation only if active',
  kernel:
    'bd3c45dd0128 timers/migration: Fix another hotplug activation race (paulmckrcu/linux@fe40fa30d82e, tmigr_setup_groups)',
  base: V7_1_RC1.name,
  emitters: { ...V7_1_RC1_EMITTERS, tmigr_setup_groups_activate: emitSetupActivateFixed },
  setup: V7_1_RC1.setup,
  warns: V7_1_RC1_WARNS.filter((w) => w !== 'WARN_ON_ONCE(!state.active)'),
};
