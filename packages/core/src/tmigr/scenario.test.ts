import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildTmigrModel,
  getVariant,
  listScenarios,
  loadScenario,
  parseScenario,
  ScenarioError,
} from './api.js';
import { checkScenarioObject } from './scenario.js';
import { jsonSyntaxError } from './strict-json.js';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected a ScenarioError');
};

const YAML_OK = `name: two
description: two CPUs
machine: { possibleCpus: 4, nodes: 1, childrenPerGroup: 2 }
cpus:
  - cpu: 0
    state: active
    script: [deactivate]
  - cpu: 1
    state: idle
    timer: 2
`;

describe('scenarios', () => {
  it('lists the presets with seed first and every preset validates and builds', () => {
    const names = listScenarios().map((s) => s.name);
    expect(names[0]).toBe('seed');
    expect(names).toEqual(
      expect.arrayContaining([
        'idle-cycles-4cpu',
        'new-timer',
        'remote-expiry',
        'no-seq',
        'b729cc1ec21a',
        '10a0e6f3d3db-A',
        '10a0e6f3d3db-B',
      ]),
    );
    for (const n of names) {
      const s = loadScenario(n);
      expect(checkScenarioObject(JSON.parse(JSON.stringify(s)))).toEqual(s);
      for (const v of Object.keys(s.expect ?? {}))
        expect(buildTmigrModel(s, getVariant(v)).program.threads.length).toBeGreaterThan(0);
    }
  });

  it('parses YAML and JSON', () => {
    const s = parseScenario(YAML_OK, 'two.yaml');
    expect(s.cpus[0]!.script).toEqual([{ action: 'deactivate' }]);
    expect(s.cpus[1]!.timer).toBe(2);
    const j = parseScenario(JSON.stringify(s), 'two.json');
    expect(j).toEqual(s);
  });

  it('names the field path and line:col of a bad action', () => {
    const text = YAML_OK.replace('script: [deactivate]', 'script:\n      - action: sleep');
    expect(message(() => parseScenario(text, 'bad.yaml'))).toBe(
      "bad.yaml:8:9: scenario.cpus[0].script[0]: unknown action 'sleep' (expected activate|deactivate|new-timer|handle-remote|requires-handle-remote|quick-check|prepare|online|offline|cycles)",
    );
  });

  it('reports unknown fields, ranges, types and syntax errors in one line', () => {
    expect(
      message(() => parseScenario(YAML_OK.replace('childrenPerGroup: 2', 'childrenPerGroup: 9'), 'a.yaml')),
    ).toBe('a.yaml:3:57: scenario.machine.childrenPerGroup: 9 is out of range (2..8)');
    expect(
      message(() => parseScenario(YAML_OK.replace('timer: 2', 'timer: 2\n    colour: red'), 'a.yaml')),
    ).toBe(
      'a.yaml:11:13: scenario.cpus[1].colour: unknown field (expected one of cpu, node, state, timer, script)',
    );
    expect(
      message(() =>
        parseScenario('{"name": "x", "machine": {"possibleCpus": "four"}, "cpus": []}', 'b.json'),
      ),
    ).toBe("b.json:1:43: scenario.machine.possibleCpus: expected an integer, got 'four'");
    expect(message(() => parseScenario('name: [', 'c.yaml'))).toMatch(/^c\.yaml:1:\d+: invalid YAML: /);
    expect(message(() => parseScenario(YAML_OK.replace('state: idle', 'state: sleeping'), 'd.yaml'))).toBe(
      "d.yaml:9:12: scenario.cpus[1].state: unknown state 'sleeping' (expected active|idle|offline|absent)",
    );
  });

  it('reads .json files as strict JSON: a trailing comma is an error with its position', () => {
    const json = '{\n  "name": "x",\n  "machine": { "possibleCpus": 4, },\n  "cpus": []\n}\n';
    expect(message(() => parseScenario(json, 'tc.json'))).toMatch(/^tc\.json:3:35: invalid JSON: /);
    // The same text is valid YAML (flow collections allow a trailing comma): only JSON is strict.
    expect(message(() => parseScenario(json, 'tc.yaml'))).toMatch(/^tc\.yaml:\d+:\d+: scenario\.cpus: /);
    expect(message(() => parseScenario('{"name": "x", // note\n}', 'c.json'))).toMatch(
      /^c\.json:1:15: invalid JSON: /,
    );
  });

  it('says so when no CPU has a script', () => {
    expect(
      message(() => parseScenario(YAML_OK.replace('    script: [deactivate]\n', ''), 'quiet.yaml')),
    ).toBe(
      'quiet.yaml:5:3: scenario.cpus: no CPU has a script, so nothing happens: give at least one CPU a script (e.g. script: [deactivate])',
    );
  });

  it('rejects scripts that do not fit the CPU state', () => {
    const s = parseScenario(YAML_OK.replace('script: [deactivate]', 'script: [activate]'), 'e.yaml');
    expect(message(() => buildTmigrModel(s, getVariant('v7.1-rc1')))).toBe(
      'scenario.cpus[0].script[0]: activate while CPU 0 is already active (tmigr_cpu_activate WARNs on !tmc->idle)',
    );
    expect(
      message(() =>
        buildTmigrModel(loadScenario('seed'), getVariant('v7.1-rc1'), { properties: ['no-such'] }),
      ),
    ).toMatch(/^unknown property 'no-such' for variant v7\.1-rc1 \(known: /);
  });

  it('loads a scenario file by path and refuses unknown names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmigr-scn-'));
    const file = join(dir, 'two.yaml');
    writeFileSync(file, YAML_OK);
    expect(loadScenario(file).name).toBe('two');
    expect(message(() => loadScenario('no-such-scenario'))).toMatch(
      /^'no-such-scenario' is neither a scenario preset \(seed, /,
    );
  });
});

describe('jsonSyntaxError', () => {
  it('accepts what JSON.parse accepts and rejects what it rejects, at a position', () => {
    const good = ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\"\\u00e9"]} ', '"s"', '0'];
    for (const t of good) {
      expect(() => JSON.parse(t)).not.toThrow();
      expect(jsonSyntaxError(t), t).toBeNull();
    }
    const bad: [string, number][] = [
      ['[1,]', 3],
      ['{"a": 1,}', 8],
      ['{a: 1}', 1],
      ['[01]', 2],
      ['{"a" 1}', 5],
      ['[1] x', 4],
      ['"abc', 4],
      ['', 0],
    ];
    for (const [t, offset] of bad) {
      expect(() => JSON.parse(t)).toThrow();
      expect(jsonSyntaxError(t)?.offset, t).toBe(offset);
    }
  });
});
