/**
 * The C front end: header, signatures, the subset's constructs lowered as the model needs,
 * and one-line `file:line:col: message` errors for input outside the subset.
 */
import { describe, expect, it } from 'vitest';
import {
  buildTmigrModel,
  CVariantError,
  checkTmigr,
  getVariant,
  loadScenario,
  parseVariantC,
} from '../api.js';
import { VARIANTS } from '../variants/index.js';
import { SIGNATURES } from './signatures.js';
import { WARN_SITES } from './warn-sites.js';

const HEADER = '// tmigr-check: base v7.1-rc1, name t\n';
const ACTIVATE_OK = `${HEADER}
static void tmigr_setup_groups_activate(struct tmigr_group *start)
{
	struct tmigr_walk data;
	union tmigr_state state;

	state.state = atomic_read(&start->migr_state);
	WARN_ON_ONCE(!state.active);
	WARN_ON_ONCE(!start->parent);
	data.childmask = start->groupmask;
	__walk_groups_from(tmigr_active_up, &data, start, start->parent);
}
`;

/** The error message for a C text (fails the test if it parses). */
function errorOf(text: string, file = 'v.c'): string {
  try {
    parseVariantC(text, { file });
  } catch (e) {
    expect(e).toBeInstanceOf(CVariantError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('header and signatures', () => {
  it('knows where every WARN of the shipped variants lives, in functions of the model', () => {
    const keys = Object.keys(getVariant('v7.1-rc1').emitters);
    for (const v of VARIANTS) for (const w of v.warns) expect(WARN_SITES[w], `${v.name}: ${w}`).toBeDefined();
    for (const sites of Object.values(WARN_SITES)) for (const s of sites) expect(keys).toContain(s);
    for (const k of Object.keys(SIGNATURES)) expect(keys).toContain(k);
  });

  it('takes base and name from the header, the description from the other comments', () => {
    const v = parseVariantC(
      `// tmigr-check: base bd3c45dd01, name my-fix\n// my description\n${ACTIVATE_OK.slice(HEADER.length)}`,
    );
    expect(v.name).toBe('my-fix');
    expect(v.base).toBe('bd3c45dd01');
    expect(v.description).toBe('my description');
  });

  it('defaults the name to the file name and the base to the option', () => {
    const v = parseVariantC(ACTIVATE_OK.slice(HEADER.length), { file: 'dir/fix.c', base: 'v7.1-rc1' });
    expect(v.name).toBe('fix');
    expect(v.base).toBe('v7.1-rc1');
  });

  it('rejects a file without a base', () => {
    expect(errorOf(ACTIVATE_OK.slice(HEADER.length))).toMatch(/^v\.c:1:1: no base variant/);
  });

  it('names the known functions for a definition of anything else', () => {
    const m = errorOf(`${HEADER}static void tmigr_sleep(void)\n{\n}\n`);
    expect(m).toMatch(
      /^v\.c:2:1: tmigr_sleep\(\) is not a kernel function of the model \(known: .*tmigr_active_up.*\)$/,
    );
  });

  it('explains which emitter keys cannot be written in C', () => {
    expect(errorOf(`${HEADER}static void tmigr_setup_groups(unsigned int cpu)\n{\n}\n`)).toMatch(
      /tmigr_setup_groups\(\) cannot be written in C: the hotplug setup is computed at build time/,
    );
  });

  it('checks parameter types against the model signature', () => {
    expect(
      errorOf(
        `${HEADER}static bool tmigr_active_up(struct tmigr_group *group, int child, struct tmigr_walk *data)\n{\n\treturn true;\n}\n`,
      ),
    ).toMatch(
      /^v\.c:2:60: parameter 'child' of tmigr_active_up\(\) has type int; the model's signature is bool tmigr_active_up/,
    );
  });
});

describe('errors: one line with the position', () => {
  const body = (s: string) =>
    `${HEADER}static void tmigr_setup_groups_activate(struct tmigr_group *start)\n{\n${s}\n}\n`;
  const cases: [string, string, RegExp][] = [
    [
      'unknown field',
      '\tint x = start->nope;',
      /^v\.c:4:10: unknown field 'nope' of struct tmigr_group \* \(known: migr_state, parent/,
    ],
    ['unknown function', '\tfrobnicate(start);', /^v\.c:4:2: unknown function 'frobnicate'/],
    [
      'plain access to an atomic_t',
      '\tint x = start->migr_state;',
      /is an atomic_t: read it with atomic_read\(\)/,
    ],
    [
      'type mismatch',
      '\tstruct tmigr_group *g;\n\tg = start->groupmask;',
      /^v\.c:5:2: type mismatch: cannot assign an integer to a struct tmigr_group \*/,
    ],
    ['division', '\tint x = start->groupmask / 2;', /operator '\/' is not in the model's arithmetic/],
    ['preprocessor', '#define X 1', /^v\.c:4:1: preprocessor lines are not supported/],
    ['syntax', '\tint x = ;', /^v\.c:4:10: expected an expression, found ';'/],
    ['undefined label', '\tgoto out;', /^v\.c:4:2: label 'out' is used but not defined/],
    ['switch', '\tswitch (1) { }', /switch statements are not in the supported subset/],
    ['unknown type', '\tstruct foo x;', /type 'struct foo' is not in the supported subset/],
  ];
  for (const [what, code, re] of cases) {
    it(what, () => {
      const m = errorOf(body(code));
      expect(m).toMatch(re);
      expect(m).not.toContain('\n');
    });
  }
});

describe('lowering', () => {
  it('a C copy of the v7.1-rc1 activate block reaches the seed WARN like the emitter', () => {
    const v = parseVariantC(ACTIVATE_OK);
    expect(v.warns).toEqual(getVariant('v7.1-rc1').warns);
    const s = loadScenario('b729cc1ec21a');
    const a = checkTmigr(s, v, { model: 'sc' });
    const b = checkTmigr(s, getVariant('v7.1-rc1'), { model: 'sc' });
    expect([a.verdict, a.property]).toEqual([b.verdict, b.property]);
  });

  it('a WARN the base has not becomes a property named after its text', () => {
    const v = parseVariantC(
      ACTIVATE_OK.replace('WARN_ON_ONCE(!state.active);', 'WARN_ON_ONCE(state.seq  >  1000);'),
    );
    expect(v.warns).toContain('WARN_ON_ONCE(state.seq > 1000)');
    expect(v.warns).not.toContain('WARN_ON_ONCE(!state.active)');
  });

  it('trace_* calls are ignored (their arguments are not evaluated)', () => {
    const v = parseVariantC(
      ACTIVATE_OK.replace('data.childmask', 'trace_tmigr_x(start->nope, "text");\n\tdata.childmask'),
    );
    const s = loadScenario('b729cc1ec21a');
    expect(buildTmigrModel(s, v).program.threads.length).toBe(
      buildTmigrModel(s, getVariant('v7.1-rc1')).program.threads.length,
    );
  });

  it('a goto-again retry loop is bounded and reported as incomplete (bound) when exhausted', () => {
    const v = parseVariantC(`${HEADER}
static void tmigr_setup_groups_activate(struct tmigr_group *start)
{
	int n = 0;
again:
	n = READ_ONCE(start->next_expiry);
	if (n == n)
		goto again;
}
`);
    // (without the activation the hierarchy invariants fail first: check deadlock only)
    const r = checkTmigr(loadScenario('b729cc1ec21a'), v, { model: 'sc', properties: ['deadlock'] });
    expect([r.verdict, r.property]).toEqual(['incomplete', null]);
    expect(r.reason).toBe('bound');
  });

  /** ACTIVATE_OK with `loop` (C statements over the locals `int i, n = 0`) before its first statement. */
  const activateAfter = (loop: string) =>
    parseVariantC(
      ACTIVATE_OK.replace(
        '\tstate.state = atomic_read',
        `\tint i;\n\tint n = 0;\n${loop}\n\tstate.state = atomic_read`,
      ),
    );

  it('a goto out of a for loop back to before it (loops that overlap without nesting) ends', () => {
    // The goto's loop [again, goto] and the for loop [body, back edge] overlap without nesting.
    // With ranges [target, src], each reset the other's counter for ever: n toggles, so the
    // goto is taken every other pass; the local run never returned. The goto's loop now holds
    // the for loop, and its counter runs out: incomplete (bound), not a hang.
    const toggling = activateAfter(`again:
	for (i = 0; i < 2; i++) {
		n = !n;
		if (n)
			goto again;
	}`);
    const scenario = loadScenario('b729cc1ec21a');
    for (const model of ['sc', 'tso', 'lkmm'] as const) {
      const r = checkTmigr(scenario, toggling, { model, properties: ['deadlock'] });
      expect([model, r.verdict, r.property, r.reason]).toEqual([model, 'incomplete', null, 'bound']);
    }
    // Taken twice in all (the goto's bound: childrenPerGroup = 2), then the loop finishes: the
    // same verdict and states as without the loop (its locals are dead after it).
    const twice = activateAfter(`again:
	for (i = 0; i < 2; i++) {
		if (i == 1 && n < 2) {
			n++;
			goto again;
		}
	}`);
    for (const model of ['sc', 'tso', 'lkmm'] as const) {
      const r = checkTmigr(scenario, twice, { model });
      const base = checkTmigr(scenario, parseVariantC(ACTIVATE_OK), { model });
      expect([model, r.verdict, r.property, r.states]).toEqual([
        model,
        base.verdict,
        base.property,
        base.states,
      ]);
    }
  });
});
