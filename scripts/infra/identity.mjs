// The identity provider for `npm start`: the shop's own (AUTH_ISSUER set) or a local development
// issuer whose key and address are kept in .local/auth, so `npm run token` can mint tokens for it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_AUDIENCE = 'cs-platform';

/** Where the local issuer keeps its signing key and address. */
export function devIssuerFiles(authDir) {
  return { keyFile: join(authDir, 'dev-signing-key.json'), stateFile: join(authDir, 'dev-issuer.json') };
}

/**
 * With AUTH_ISSUER in the environment, services trust that provider and nothing is started.
 * Otherwise starts the local issuer on AUTH_DEV_ISSUER_PORT (default 8400, or a free port when
 * that is taken) with a client-credentials account per service. Resolves to `envFor(service)`,
 * the AUTH_* variables of one service, and `close()`.
 */
export async function ensureIdentity({ env, authDir, services, log }) {
  if (env.AUTH_ISSUER) {
    log(`identity: trusting ${env.AUTH_ISSUER} (AUTH_ISSUER)`);
    return { envFor: () => ({}), close: async () => {}, external: true };
  }
  const { DevIssuer } = await import('@cs/auth').catch(() => {
    throw new Error('libs/auth is not built: run `npm run build` first');
  });
  const { keyFile, stateFile } = devIssuerFiles(authDir);
  mkdirSync(authDir, { recursive: true, mode: 0o700 });
  const issuer = await DevIssuer.create({ audience: DEV_AUDIENCE, keyFile });
  const preferred = Number(env.AUTH_DEV_ISSUER_PORT ?? 8400);
  await issuer.listen(preferred).catch(() => issuer.listen(0));
  const secrets = new Map(services.map((service) => [service.name, randomBytes(24).toString('base64url')]));
  for (const [name, secret] of secrets) issuer.addClient(`service:${name}`, secret);
  writeFileSync(stateFile, JSON.stringify({ issuer: issuer.issuer, audience: DEV_AUDIENCE }), { mode: 0o600 });
  log(`identity: local development issuer at ${issuer.issuer} (JWKS ${issuer.jwksUrl}); not for production`);
  log('  get a token:  npm run -s token -- --role front-line-agent --agent a-7 --name 张三 --team front-line');
  return {
    envFor: (service) => ({
      ...issuer.env(),
      AUTH_CLIENT_ID: `service:${service.name}`,
      AUTH_CLIENT_SECRET: secrets.get(service.name),
    }),
    close: () => issuer.close(),
    external: false,
  };
}
