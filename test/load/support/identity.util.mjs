// The benchmarks' identity provider: a local issuer (from the built @cs/auth) trusted by every
// service process they start, and tokens for their clients, as in production.
import { DevIssuer } from '@cs/auth';

let issuer;

async function benchIssuer() {
  issuer ??= DevIssuer.create({ audience: 'cs-bench' }).then(async (created) => {
    await created.listen(0);
    return created;
  });
  return issuer;
}

/** AUTH_* variables for a service process of the benchmark, with its own client-credentials account. */
export async function benchAuthEnv(service) {
  const created = await benchIssuer();
  const secret = `bench-${service}`;
  created.addClient(`service:${service}`, secret);
  return { ...created.env(), AUTH_CLIENT_ID: `service:${service}`, AUTH_CLIENT_SECRET: secret };
}

/** A bearer source for createGrpcClient: one token for the whole run, as a console keeps its session's. */
export function benchBearer(caller) {
  let token;
  return async () => {
    token ??= (await benchIssuer()).sign({
      sub: caller.agentId ?? caller.roles[0],
      agent_id: caller.agentId,
      ...caller,
    });
    return token;
  };
}

export async function stopBenchIssuer() {
  if (issuer) await (await issuer).close();
  issuer = undefined;
}
