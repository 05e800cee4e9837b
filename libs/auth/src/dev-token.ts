import { parseArgs } from 'node:util';
import { DevIssuer } from './dev-issuer.js';
import { allRoleNames } from './roles.js';

/**
 * A development token from the command line, as `npm run token` and the dev issuer's `mint` take it:
 * `--role <role>` (repeatable or comma-separated), `--agent`, `--name`, `--team`, or `--service <name>`
 * for a service account; `--expires 8h`. Signed with the issuer's key file; throws naming a bad role.
 */
export async function mintDevToken(
  issuer: { keyFile: string; audience: string; issuer: string },
  args: string[],
): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string', multiple: true, default: [] },
      agent: { type: 'string' },
      name: { type: 'string' },
      team: { type: 'string' },
      service: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const roles = values.service ? ['service'] : values.role.flatMap((role) => role.split(',')).filter(Boolean);
  const unknown = roles.filter((role) => !allRoleNames.includes(role));
  if (!roles.length || unknown.length) {
    throw new Error(
      `--role must be one or more of: ${allRoleNames.join(', ')}${unknown.length ? ` (got ${unknown.join(', ')})` : ''}`,
    );
  }
  const signer = await DevIssuer.create({ audience: issuer.audience, keyFile: issuer.keyFile });
  return signer.sign(
    {
      sub: values.service ? `service:${values.service}` : (values.agent ?? roles[0]!),
      roles,
      ...(values.agent ? { agent_id: values.agent } : {}),
      ...(values.name || values.agent ? { name: values.name ?? values.agent } : {}),
      ...(values.team ? { team: values.team } : {}),
    },
    { issuer: issuer.issuer, expiresIn: values.expires },
  );
}
