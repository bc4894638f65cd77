// A tmigr scenario under a kernel variant, its shortest counterexample drawn as trees,
// and the same trace as ITF JSON. Run: node apps/docs/examples/api-tmigr.mjs (after pnpm build)
import {
  checkTmigr,
  getVariant,
  loadScenario,
  renderedTrace,
  replay,
  semanticsFor,
  tmigrSource,
  traceToItf,
} from '@tmigr-check/core';

const scenario = loadScenario('seed'); // a preset; a path reads a .json/.yaml file
const variant = getVariant('v7.1-rc1');
const result = checkTmigr(scenario, variant, { model: 'sc' });
console.log(`${result.verdict}: ${result.property}, ${result.states} states, ${result.path?.length} steps`);

const trace = replay(semanticsFor(result.tmigr.program, result.model), result.path);
const source = tmigrSource(result.tmigr); // names locations and threads, decodes states into trees
const rendered = renderedTrace(trace, source);
const last = rendered.steps.at(-1);
console.log(last.line);
const lastTree = rendered.steps.findLast((s) => s.tree)?.tree ?? rendered.initial;
console.log(lastTree.join('\n'));

const itf = traceToItf(
  result.tmigr.program,
  trace,
  { model: result.model, property: result.property },
  source,
);
console.log(
  `ITF: ${itf.vars.length} variables, ${itf.states.length} states; first variables: ${itf.vars.slice(0, 4).join(', ')}`,
);
