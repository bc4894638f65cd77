import { it } from 'vitest';
import { main } from '../src/cli.js';
it('seed', async () => {
  const code = await main((process.env.SEED_ARGS ?? 'seed').split(' '));
  console.log('EXIT', code);
}, 3600000);
