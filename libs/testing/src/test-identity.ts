import { DevIssuer, type DevTokenClaims } from '@cs/auth';

let issuer: Promise<DevIssuer> | undefined;

/**
 * The identity provider of this test process: a local issuer on a free port, trusted by every
 * service the process starts, with a client-credentials account for each of them.
 */
export function testIssuer(): Promise<DevIssuer> {
  issuer ??= DevIssuer.create({ audience: 'cs-platform-test' }).then(async (created) => {
    await created.listen(0);
    return created;
  });
  return issuer;
}

/** The AUTH_* variables that make a service trust the test issuer and hold its own service account. */
export async function testAuthEnv(serviceName: string): Promise<Record<string, string>> {
  const created = await testIssuer();
  const clientId = `service:${serviceName}`;
  const secret = `test-secret-${serviceName}`;
  created.addClient(clientId, secret);
  return { ...created.env(), AUTH_CLIENT_ID: clientId, AUTH_CLIENT_SECRET: secret };
}

export interface TestCaller {
  roles: string[];
  agentId?: string;
  name?: string;
  team?: string;
}

/** A token for a person (or a service) with these roles, as the shop's provider would issue it. */
export async function tokenFor(caller: TestCaller, options: { expiresIn?: string } = {}): Promise<string> {
  const claims: DevTokenClaims = {
    sub: caller.agentId ?? `test-${caller.roles.join('+')}`,
    roles: caller.roles,
    ...(caller.agentId ? { agent_id: caller.agentId } : {}),
    ...(caller.name ? { name: caller.name } : {}),
    ...(caller.team ? { team: caller.team } : {}),
  };
  return (await testIssuer()).sign(claims, options);
}

/** `authorization` metadata (gRPC) or header (HTTP) for this caller. */
export async function authAs(caller: TestCaller): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(caller)}` };
}

/** A bearer source for createGrpcClient: `createGrpcClient(def, addr, { bearer: bearerFor(caller) })`. */
export function bearerFor(caller: TestCaller): () => Promise<string> {
  let token: Promise<string> | undefined;
  return () => {
    token ??= tokenFor(caller);
    return token;
  };
}
