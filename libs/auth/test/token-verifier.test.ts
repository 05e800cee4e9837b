import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevIssuer } from '../src/dev-issuer.js';
import { JwksTokenVerifier } from '../src/token-verifier.js';

let issuer: DevIssuer;
let verifier: JwksTokenVerifier;
const agent = { sub: 'a-7', roles: ['front-line-agent'], agent_id: 'a-7', name: '张三', team: 'front-line' };

beforeAll(async () => {
  issuer = await DevIssuer.create({ audience: 'cs-platform' });
  await issuer.listen(0);
  verifier = new JwksTokenVerifier({
    issuer: issuer.issuer,
    audience: 'cs-platform',
    jwksUrl: issuer.jwksUrl,
    clockSkewSeconds: 30,
    rolesClaim: 'roles',
  });
});
afterAll(() => issuer?.close());

const rejection = (token: string) =>
  verifier.verify(token).then(
    () => 'accepted',
    (error: Error) => error.message,
  );

describe('a bearer token is verified against the issuer’s keys', () => {
  it('a valid token becomes the principal: subject, roles, agent id, name and team', async () => {
    const principal = await verifier.verify(await issuer.sign(agent));
    expect(principal).toMatchObject({
      subject: 'a-7',
      roles: ['front-line-agent'],
      agentId: 'a-7',
      name: '张三',
      team: 'front-line',
    });
  });

  it('an expired token is refused as expired', async () => {
    expect(await rejection(await issuer.sign(agent, { expiresIn: '-5m' }))).toBe('token expired');
  });

  it('a token expired less than the clock skew ago is still accepted', async () => {
    expect(await rejection(await issuer.sign(agent, { expiresIn: '-10s' }))).toBe('accepted');
  });

  it('a token for another audience is refused as the wrong audience', async () => {
    expect(await rejection(await issuer.sign(agent, { audience: 'some-other-app' }))).toBe(
      'token has the wrong audience',
    );
  });

  it('a token from another issuer is refused as the wrong issuer', async () => {
    expect(await rejection(await issuer.sign(agent, { issuer: 'https://evil.example' }))).toBe(
      'token has the wrong issuer',
    );
  });

  it('a token whose payload was edited (roles raised) fails the signature check', async () => {
    const [header, payload, signature] = (await issuer.sign(agent)).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const raised = Buffer.from(JSON.stringify({ ...claims, roles: ['platform-admin'] })).toString('base64url');
    expect(await rejection(`${header}.${raised}.${signature}`)).toBe('token signature is invalid');
  });

  it('an unsigned token (alg "none") is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ ...agent, iss: issuer.issuer, aud: 'cs-platform', exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString('base64url');
    expect(await rejection(`${header}.${payload}.`)).not.toBe('accepted');
  });

  it('a token signed by a key the issuer never published is refused as an unknown key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ ...agent })
      .setProtectedHeader({ alg: 'ES256', kid: 'not-a-published-key' })
      .setIssuer(issuer.issuer)
      .setAudience('cs-platform')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await rejection(forged)).toBe('token is signed by an unknown key');
  });

  it('garbage is refused as malformed, never with a stack trace', async () => {
    const message = await rejection('not.a.jwt');
    expect(message).toBe('token is malformed');
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('a token without an expiry is refused', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ ...agent }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    expect(await rejection(token)).not.toBe('accepted');
  });
});

describe('the issuer rotates its keys', () => {
  it('a token signed with the new key is accepted: an unknown key id refetches the cached key set', async () => {
    const rotating = new JwksTokenVerifier({
      issuer: issuer.issuer,
      audience: 'cs-platform',
      jwksUrl: issuer.jwksUrl,
      clockSkewSeconds: 0,
      rolesClaim: 'roles',
      refetchCooldownMs: 0,
    });
    const before = await issuer.sign(agent);
    expect((await rotating.verify(before)).subject).toBe('a-7');
    await issuer.rotateKey();
    const after = await issuer.sign({ ...agent, sub: 'a-8', agent_id: 'a-8' });
    expect((await rotating.verify(after)).subject).toBe('a-8');
    // The old key stays published until its tokens have expired.
    expect((await rotating.verify(await issuer.sign(agent))).subject).toBe('a-7');
    expect(JSON.parse(Buffer.from(before.split('.')[0]!, 'base64url').toString()).kid).not.toBe(
      JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid,
    );
  });
});
