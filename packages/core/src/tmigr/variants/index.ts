/** The kernel variants that ship with core. */
import type { Variant } from '../types.js';
import { BD3C45DD01 } from './bd3c45dd01.js';
import { HISTORICAL } from './historical.js';
import { RELAXED_READ_FIX } from './relaxed_read_fix.js';
import { V7_1_RC1 } from './v7_1_rc1.js';

export { defineVariantFrom, loadVariantFile, VariantError } from './define.js';

/**
 * `v7.1-rc1` and `bd3c45dd01` first, then `relaxed-read-fix` (the fix without its fully
 * ordered read, for the seed story), then the historical pre-fix variants.
 */
export const VARIANTS: readonly Variant[] = [V7_1_RC1, BD3C45DD01, RELAXED_READ_FIX, ...HISTORICAL];
