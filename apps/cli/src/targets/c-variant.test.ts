/**
 * `check --variant FILE.c`: a variant written in kernel C, as a user writes it from the docs;
 * input outside the C subset is one line `file:line:col: message` with exit code 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'tmigr-cli-c-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** tmigr_active_up() publishing its new state with WRITE_ONCE: a lost update. */
const BLIND_STORE = `// tmigr-check: base v7.1-rc1, name blind-store
static bool tmigr_active_up(struct tmigr_group *group, struct tmigr_group *child,
			    struct tmigr_walk *data)
{
	union tmigr_state curstate, newstate;
	bool walk_done = true;

	curstate.state = atomic_read(&group->migr_state);
	newstate = curstate;
	if (newstate.migrator == TMIGR_NONE) {
		newstate.migrator = data->childmask;
		walk_done = false;
	}
	newstate.active |= data->childmask;
	newstate.seq++;
	atomic_set(&group->migr_state, newstate.state);
	WRITE_ONCE(group->groupevt.ignore, true);
	return walk_done;
}
`;

describe('check --variant FILE.c', () => {
  it('checks a C variant: a lost update breaks the hierarchy', async () => {
    const r = await runCli([
      'check',
      '--scenario',
      'b729cc1ec21a',
      '--variant',
      file('blind-store.c', BLIND_STORE),
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      variant: 'blind-store',
      verdict: 'violation',
      property: 'parent-child-consistency',
    });
  });

  it('the same file with the try_cmpxchg loop of the kernel passes', async () => {
    const fixed = BLIND_STORE.replace(
      /\tcurstate\.state = atomic_read[\s\S]*?atomic_set\(&group->migr_state, newstate\.state\);\n/,
      `\tcurstate.state = atomic_read(&group->migr_state);
	do {
		newstate = curstate;
		walk_done = true;
		if (newstate.migrator == TMIGR_NONE) {
			newstate.migrator = data->childmask;
			walk_done = false;
		}
		newstate.active |= data->childmask;
		newstate.seq++;
	} while (!atomic_try_cmpxchg(&group->migr_state, &curstate.state, newstate.state));
`,
    );
    expect(fixed).toContain('atomic_try_cmpxchg');
    const r = await runCli([
      'check',
      '--scenario',
      'b729cc1ec21a',
      '--variant',
      file('fixed.c', fixed),
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'ok', complete: true });
  });

  const bad: [string, string, RegExp][] = [
    [
      'an unknown field',
      BLIND_STORE.replace('group->groupevt.ignore', 'group->ignore'),
      /^tmigr-check: .*bad1\.c:17:13: unknown field 'ignore' of struct tmigr_group \*/,
    ],
    [
      'an unknown function',
      BLIND_STORE.replace('tmigr_active_up', 'tmigr_active_upp'),
      /^tmigr-check: .*bad2\.c:2:1: tmigr_active_upp\(\) is not a kernel function of the model \(known: /,
    ],
    [
      'a syntax error',
      BLIND_STORE.replace('walk_done = false;', 'walk_done = ;'),
      /^tmigr-check: .*bad3\.c:12:15: expected an expression, found ';'/,
    ],
    [
      'no base',
      BLIND_STORE.replace('// tmigr-check: base v7.1-rc1, name blind-store', '// a variant'),
      /^tmigr-check: .*bad4\.c:1:1: no base variant/,
    ],
  ];
  bad.forEach(([what, text, re], i) => {
    it(`reports ${what} in one line with exit code 2`, async () => {
      const r = await runCli(['check', '--scenario', 'seed', '--variant', file(`bad${i + 1}.c`, text)]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  });
});
