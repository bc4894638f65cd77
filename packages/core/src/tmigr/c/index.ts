/** The C front end for kernel variants: `parseVariantC()` and its error type. */
export { CVariantError } from './errors.js';
export { NOT_IN_C, SIGNATURES } from './signatures.js';
export { type ParseVariantCOptions, parseVariantCWith } from './variant.js';
