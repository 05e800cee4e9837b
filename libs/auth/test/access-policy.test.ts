import { Unauthenticated } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { AccessPolicy } from '../src/access-policy.js';
import type { Principal } from '../src/principal.js';
import type { TokenVerifier } from '../src/token-verifier.js';

// Tokens are "<subject>|<role>+<role>" here: the policy's decisions, not signatures, are under test.
const verifier: TokenVerifier = {
  async verify(token) {
    const [subject, roles] = token.split('|');
    if (!subject || roles === undefined) throw new Unauthenticated('token is malformed');
    return {
      subject,
      roles: roles ? roles.split('+') : [],
      agentId: subject,
      name: subject,
      team: '',
      token,
    } satisfies Principal;
  },
};
const policy = new AccessPolicy({
  verifier,
  services: ['cs.orders.v1.OrdersService', 'cs.orders.v1.StockService'],
  intakeRatePerSecond: 1,
  intakeBurst: 2,
});
const changeAddress = '/cs.orders.v1.OrdersService/ChangeAddress';
const bearer = (token: string) => `Bearer ${token}`;
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (actor) => actor,
    (error: Error & { kind?: string }) => `${error.kind}: ${error.message}`,
  );

describe('the access policy decides each call from the declaration of the RPC', () => {
  it('a role the RPC declares is admitted, and the caller becomes the actor', async () => {
    expect(await outcome(policy.admit(changeAddress, bearer('clerk-1|order-desk-clerk'), undefined))).toMatchObject({
      subject: 'clerk-1',
    });
  });

  it('a role it does not declare is refused, naming who may call it and what the token holds', async () => {
    expect(await outcome(policy.admit(changeAddress, bearer('kb-1|knowledge-editor'), undefined))).toMatch(
      /^permission-denied: .*ChangeAddress may be called by .*order-desk-clerk.*; the token's roles are knowledge-editor$/,
    );
  });

  it('a token with no roles is refused', async () => {
    expect(await outcome(policy.admit(changeAddress, bearer('nobody|'), undefined))).toMatch(/roles are none/);
  });

  it('an RPC of another service is not reachable here', async () => {
    expect(
      await outcome(policy.admit('/cs.inquiry.v1.RulesService/PutSlaPolicy', bearer('adm|platform-admin'), undefined)),
    ).toMatch(/^permission-denied: .* is not an RPC of this service/);
  });

  it('no or a non-bearer authorization is refused as unauthenticated', async () => {
    expect(await outcome(policy.admit(changeAddress, undefined, undefined))).toMatch(
      /^unauthenticated: no bearer token/,
    );
    expect(await outcome(policy.admit(changeAddress, 'Basic YTpi', undefined))).toMatch(
      /^unauthenticated: authorization must be/,
    );
  });
});

describe('a service acting on a person’s behalf', () => {
  it('makes the person the actor, relayed by the service', async () => {
    const actor = await policy.admit(changeAddress, bearer('service:inquiry|service'), 'a-7|front-line-agent');
    expect(actor).toMatchObject({ subject: 'a-7', via: 'service:inquiry' });
  });

  it('only a service may relay for someone', async () => {
    expect(await outcome(policy.admit(changeAddress, bearer('a-8|front-line-agent'), 'a-7|front-line-agent'))).toMatch(
      /^permission-denied: only a platform service may act on someone's behalf/,
    );
  });

  it('relays only what the person could have asked for themselves', async () => {
    expect(
      await outcome(policy.admit(changeAddress, bearer('service:inquiry|service'), 'kb-1|knowledge-editor')),
    ).toMatch(/^permission-denied: .*kb-1, on whose behalf service:inquiry calls, has knowledge-editor/);
  });

  it('a bad token for the person is refused as unauthenticated', async () => {
    expect(await outcome(policy.admit(changeAddress, bearer('service:inquiry|service'), 'garbage'))).toMatch(
      /^unauthenticated: x-cs-on-behalf-of: token is malformed/,
    );
  });
});

describe('intake RPCs are rate limited per caller', () => {
  it('past the burst a caller is refused with resource-exhausted; another caller is not', async () => {
    const intake = '/cs.orders.v1.StockService/RecordStockLevel';
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(await outcome(policy.admit(intake, bearer('platform|service'), undefined)));
    expect(results.slice(0, 2).every((r) => typeof r === 'object')).toBe(true);
    expect(results[2]).toMatch(/^resource-exhausted: too many requests from platform/);
    expect(await outcome(policy.admit(intake, bearer('other|service'), undefined))).toMatchObject({ subject: 'other' });
  });

  it('queries are not rate limited', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        await outcome(policy.admit('/cs.orders.v1.OrdersService/GetOrder', bearer('reader|integrator'), undefined)),
      ).toMatchObject({
        subject: 'reader',
      });
    }
  });
});
