/** Presets for the historical pre-fix variants (filled in below). */
import type { Scenario } from '../types.js';

export const HISTORICAL_PRESETS: readonly Scenario[] = [];
