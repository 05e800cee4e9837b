#!/usr/bin/env node
// `npm run -s token -- --role front-line-agent --agent a-7 --name 张三 --team front-line`
// Prints a bearer token from the local development issuer that `npm start` runs (its key and
// address are in .local/auth). Several roles: --role supervisor --role front-line-agent.
// A service account: --service orders. Lifetime: --expires 8h (jose duration syntax).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devIssuerFiles } from './infra/identity.mjs';
import { startSettings } from './infra/services.mjs';

// CS_START_ROOT: the tree start.mjs ran (as its tests use it).
const root = process.env.CS_START_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The copy's files: CS_PORT_OFFSET / CS_LOCAL_DIR as `npm start` was given them.
const { keyFile, stateFile } = devIssuerFiles(join(startSettings(process.env, root).localDir, 'auth'));
if (!existsSync(keyFile) || !existsSync(stateFile)) {
  console.error('No local issuer yet: run `npm start` once (it creates .local/auth), then ask again.');
  process.exit(1);
}
const { issuer, audience } = JSON.parse(readFileSync(stateFile, 'utf8'));
const { mintDevToken } = await import('@cs/auth');
try {
  process.stdout.write(`${await mintDevToken({ keyFile, audience, issuer }, process.argv.slice(2))}\n`);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
