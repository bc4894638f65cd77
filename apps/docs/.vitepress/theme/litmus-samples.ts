/// <reference types="vite/client" />
/** Litmus tests offered by the playground's "C litmus test" tab: the files in apps/docs/examples/. */
import sbMbs from '../../examples/SB+mb+mb.litmus?raw';
import seedRwc from '../../examples/tmigr-seed-RWC.litmus?raw';
import seedRwcFixed from '../../examples/tmigr-seed-RWC-fixed.litmus?raw';

export const LITMUS_SAMPLES: readonly { readonly name: string; readonly text: string }[] = [
  { name: 'seed race (RWC)', text: seedRwc },
  { name: 'seed race, fixed', text: seedRwcFixed },
  { name: 'store buffering with smp_mb()', text: sbMbs },
];
