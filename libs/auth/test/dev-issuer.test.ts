import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DevIssuer } from '../src/dev-issuer.js';
import { devIssuerSettings, mint, parseClients, serve } from '../src/dev-issuer.main.js';
import { JwksTokenVerifier } from '../src/token-verifier.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dev-issuer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function started(options: Parameters<typeof DevIssuer.create>[0] = {}): Promise<DevIssuer> {
  const issuer = await DevIssuer.create(options);
  await issuer.listen(0);
  cleanups.push(() => issuer.close());
  return issuer;
}

/** Where the issuer really listens, whatever it calls itself. */
function listenUrl(issuer: DevIssuer, path: string): string {
  const port = (issuer as unknown as { server: { address(): { port: number } } }).server.address().port;
  return `http://127.0.0.1:${port}${path}`;
}

const clientCredentials = (url: string, clientId: string, secret: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });

describe('DevIssuer publicUrl', () => {
  it('without it, the issuer is the listen address, as before', async () => {
    const issuer = await started();
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(issuer.jwksUrl).toBe(`${issuer.issuer}/.well-known/jwks.json`);
    expect(decodeJwt(await issuer.sign({ sub: 'a-7', roles: ['front-line-agent'] })).iss).toBe(issuer.issuer);
  });

  it('with it, tokens, discovery and env() name the public URL while it listens elsewhere', async () => {
    const issuer = await started({ publicUrl: 'http://dev-issuer:8400/', clients: { 'service:orders': 's3cret' } });
    expect(issuer.issuer).toBe('http://dev-issuer:8400');
    expect(issuer.env()).toEqual({
      AUTH_ISSUER: 'http://dev-issuer:8400',
      AUTH_AUDIENCE: 'cs-platform',
      AUTH_JWKS_URL: 'http://dev-issuer:8400/.well-known/jwks.json',
      AUTH_TOKEN_URL: 'http://dev-issuer:8400/token',
    });
    const discovery = await (await fetch(listenUrl(issuer, '/.well-known/openid-configuration'))).json();
    expect(discovery).toMatchObject({
      issuer: 'http://dev-issuer:8400',
      jwks_uri: 'http://dev-issuer:8400/.well-known/jwks.json',
      token_endpoint: 'http://dev-issuer:8400/token',
    });
    const response = await clientCredentials(listenUrl(issuer, '/token'), 'service:orders', 's3cret');
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    // A service configured with AUTH_ISSUER = the public URL accepts it; the keys come from wherever they are served.
    const verifier = new JwksTokenVerifier({
      issuer: 'http://dev-issuer:8400',
      audience: 'cs-platform',
      jwksUrl: listenUrl(issuer, '/.well-known/jwks.json'),
      clockSkewSeconds: 0,
      rolesClaim: 'roles',
    });
    expect(await verifier.verify(access_token)).toMatchObject({ subject: 'service:orders', roles: ['service'] });
  });

  it('is known before listen, so a signer that never listens mints tokens for it', async () => {
    const signer = await DevIssuer.create({ publicUrl: 'http://dev-issuer:8400' });
    expect(decodeJwt(await signer.sign({ sub: 'a-7', roles: ['front-line-agent'] })).iss).toBe(
      'http://dev-issuer:8400',
    );
  });

  it('must be an http(s) origin', async () => {
    for (const bad of ['dev-issuer:8400', 'ftp://dev-issuer', 'http://dev-issuer:8400/realms/x', 'not a url']) {
      await expect(DevIssuer.create({ publicUrl: bad }), bad).rejects.toThrow(/http\(s\) origin/);
    }
  });
});

describe('dev-issuer.main settings', () => {
  it('defaults: port 8400 on all interfaces, issuer on 127.0.0.1, audience cs-platform, no clients', () => {
    expect(devIssuerSettings({})).toEqual({
      port: 8400,
      host: '0.0.0.0',
      publicUrl: 'http://127.0.0.1:8400',
      audience: 'cs-platform',
      clients: {},
      keyFile: undefined,
    });
  });

  it('reads the variables', () => {
    expect(
      devIssuerSettings({
        DEV_ISSUER_PORT: '9400',
        DEV_ISSUER_PUBLIC_URL: 'http://dev-issuer:9400',
        DEV_ISSUER_AUDIENCE: 'cs-dev',
        DEV_ISSUER_CLIENTS: 'service:orders=a',
        DEV_ISSUER_KEY_FILE: '/keys/k.json',
      }),
    ).toMatchObject({
      port: 9400,
      publicUrl: 'http://dev-issuer:9400',
      audience: 'cs-dev',
      clients: { 'service:orders': 'a' },
      keyFile: '/keys/k.json',
    });
    expect(() => devIssuerSettings({ DEV_ISSUER_PORT: 'http' })).toThrow(/DEV_ISSUER_PORT/);
  });

  it('clients as id=secret pairs or JSON; a malformed entry is refused without echoing the secret', () => {
    expect(parseClients(' service:orders=o-1 , service:inquiry=i=2,')).toEqual({
      'service:orders': 'o-1',
      'service:inquiry': 'i=2',
    });
    expect(parseClients('{"service:care":"c-1"}')).toEqual({ 'service:care': 'c-1' });
    expect(parseClients('')).toEqual({});
    expect(() => parseClients('service:orders')).toThrow(/<client id>=<secret>/);
    expect(() => parseClients('service:orders=')).toThrow(/<client id>=<secret>/);
    expect(() => parseClients('{"service:care":1}')).toThrow(/non-empty secret/);
    const message = (() => {
      try {
        parseClients('service:orders=hunter2,oops');
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/<client id>=<secret>/);
    expect(message).not.toContain('hunter2');
  });
});

describe('dev-issuer.main serve and mint', () => {
  it('serves the clients; mint signs with the served key and the public issuer', async () => {
    const keyFile = join(scratch(), 'keys', 'signing-key.json');
    const settings = {
      ...devIssuerSettings({
        DEV_ISSUER_PUBLIC_URL: 'http://dev-issuer:8400',
        DEV_ISSUER_CLIENTS: 'service:inquiry=inquiry-oidc-dev',
        DEV_ISSUER_KEY_FILE: keyFile,
      }),
      port: 0,
      host: '127.0.0.1',
    };
    const lines: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
    const issuer = await serve(settings).finally(() => stdout.mockRestore());
    cleanups.push(() => issuer.close());
    // One JSON line saying where it is and whom it serves (never the secrets).
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(JSON.parse(line)).toMatchObject({
      level: 'info',
      issuer: 'http://dev-issuer:8400',
      jwks_uri: 'http://dev-issuer:8400/.well-known/jwks.json',
      clients: ['service:inquiry'],
    });
    expect(line).not.toContain('inquiry-oidc-dev');
    expect((await clientCredentials(listenUrl(issuer, '/token'), 'service:inquiry', 'inquiry-oidc-dev')).status).toBe(
      200,
    );
    expect((await clientCredentials(listenUrl(issuer, '/token'), 'service:inquiry', 'wrong')).status).toBe(401);

    const token = await mint(settings, ['--role', 'front-line-agent', '--agent', 'a-7', '--team', 'front-line']);
    const verifier = new JwksTokenVerifier({
      issuer: 'http://dev-issuer:8400',
      audience: 'cs-platform',
      jwksUrl: listenUrl(issuer, '/.well-known/jwks.json'),
      clockSkewSeconds: 0,
      rolesClaim: 'roles',
    });
    expect(await verifier.verify(token)).toMatchObject({
      subject: 'a-7',
      roles: ['front-line-agent'],
      agentId: 'a-7',
      name: 'a-7',
      team: 'front-line',
    });
    const service = decodeJwt(await mint(settings, ['--service', 'orders', '--expires', '5m']));
    expect(service).toMatchObject({ sub: 'service:orders', roles: ['service'] });
  });

  it('mint refuses an unknown role, and works only with the issuer’s key file', async () => {
    const keyFile = join(scratch(), 'signing-key.json');
    await DevIssuer.create({ keyFile });
    const settings = devIssuerSettings({ DEV_ISSUER_KEY_FILE: keyFile });
    await expect(mint(settings, ['--role', 'admiral'])).rejects.toThrow(/--role must be one or more of: .*admiral/);
    await expect(mint(devIssuerSettings({}), ['--role', 'supervisor'])).rejects.toThrow(/DEV_ISSUER_KEY_FILE/);
    await expect(
      mint(devIssuerSettings({ DEV_ISSUER_KEY_FILE: `${keyFile}.missing` }), ['--role', 'supervisor']),
    ).rejects.toThrow(/DEV_ISSUER_KEY_FILE/);
  });
});
