import { describe, expect, it } from 'vitest';
import { parseConfig, platformConfigSchema } from '../src/index.js';

const schema = platformConfigSchema({ name: 'orders', httpPort: 3010, grpcPort: 50061 });
const identity = { AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'cs', AUTH_JWKS_URL: 'https://idp.example/jwks' };

// Containers listen on every interface; `npm start` sets 127.0.0.1. The HTTP mirror calls the gRPC
// server on 127.0.0.1, so an address that excludes loopback is refused at start.
describe('BIND_HOST', () => {
  it('defaults to every interface and accepts 127.0.0.1 and ::', () => {
    expect(parseConfig(schema, identity).bindHost).toBe('0.0.0.0');
    expect(parseConfig(schema, { ...identity, BIND_HOST: '127.0.0.1' }).bindHost).toBe('127.0.0.1');
    expect(parseConfig(schema, { ...identity, BIND_HOST: '::' }).bindHost).toBe('::');
  });

  it('refuses an address the HTTP mirror could not reach its own gRPC server on', () => {
    expect(() => parseConfig(schema, { ...identity, BIND_HOST: '192.0.2.7' })).toThrow(/BIND_HOST/);
  });
});
