#!/usr/bin/env node
// `npm run -s token -- --role front-line-agent --agent a-7 --name 张三 --team front-line`
// Prints a bearer token from the local development issuer that `npm start` runs (its key and
// address are in .local/auth). Several roles: --role supervisor --role front-line-agent.
// A service account: --service orders. Lifetime: --expires 8h (jose duration syntax).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { devIssuerFiles } from './infra/identity.mjs';

// CS_START_ROOT: the tree start.mjs ran (as its tests use it).
const root = process.env.CS_START_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true, default: [] },
    agent: { type: 'string' },
    name: { type: 'string' },
    team: { type: 'string' },
    service: { type: 'string' },
    expires: { type: 'string', default: '8h' },
  },
});

const { keyFile, stateFile } = devIssuerFiles(join(root, '.local/auth'));
if (!existsSync(keyFile) || !existsSync(stateFile)) {
  console.error('No local issuer yet: run `npm start` once (it creates .local/auth), then ask again.');
  process.exit(1);
}
const roles = values.service ? ['service'] : values.role.flatMap((role) => role.split(','));
const { allRoleNames, DevIssuer } = await import('@cs/auth');
const unknown = roles.filter((role) => !allRoleNames.includes(role));
if (!roles.length || unknown.length) {
  console.error(
    `--role must be one or more of: ${allRoleNames.join(', ')}${unknown.length ? ` (got ${unknown.join(', ')})` : ''}`,
  );
  process.exit(2);
}
const subject = values.service ? `service:${values.service}` : (values.agent ?? roles[0]);
const { issuer, audience } = JSON.parse(readFileSync(stateFile, 'utf8'));
const signer = await DevIssuer.create({ audience, keyFile });
const token = await signer.sign(
  {
    sub: subject,
    roles,
    ...(values.agent ? { agent_id: values.agent } : {}),
    ...(values.name || values.agent ? { name: values.name ?? values.agent } : {}),
    ...(values.team ? { team: values.team } : {}),
  },
  { issuer, expiresIn: values.expires },
);
process.stdout.write(`${token}\n`);
