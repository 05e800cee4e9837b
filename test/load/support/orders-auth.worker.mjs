// The orders service as main.js runs it, but with the token verifier the auth benchmark chooses
// (BENCH_AUTH_MODE): "on" = production (JWKS, verified tokens cached), "uncached" = every request
// checks the signature, "off" = the token is decoded but its signature is not checked. Bench only:
// the production entry point has no such switch.
import { JwksTokenVerifier, principalOf } from '@cs/auth';
import { startService } from '@cs/service-kit';
import { decodeJwt } from 'jose';
import { ordersService } from '../../../services/orders/dist/orders.service.js';

const env = process.env;
const verifiers = {
  on: undefined,
  uncached: new JwksTokenVerifier({
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    jwksUrl: env.AUTH_JWKS_URL,
    clockSkewSeconds: 30,
    rolesClaim: 'roles',
    cacheVerified: false,
  }),
  off: { verify: async (token) => principalOf(decodeJwt(token), token, 'roles') },
};
const mode = env.BENCH_AUTH_MODE ?? 'on';
if (!(mode in verifiers)) throw new Error(`BENCH_AUTH_MODE must be one of ${Object.keys(verifiers).join(', ')}`);

const running = await startService(ordersService, env, { verifier: verifiers[mode] });
const stop = () =>
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
