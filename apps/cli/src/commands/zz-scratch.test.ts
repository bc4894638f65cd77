import { it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';
it('x', async () => {
  for (const args of [['litmus', '/tmp/scratch/lt'], ['litmus', '--engine', 'wasm', '/tmp/scratch/lt'], ['litmus', '--explain', '/tmp/scratch/lt/SB+poonceonces.litmus', '/tmp/scratch/lt/RM-broken.litmus']]) {
    const r = await runCli(args);
    console.log(r.code, r.stdout, r.stderr);
  }
}, 120000);
