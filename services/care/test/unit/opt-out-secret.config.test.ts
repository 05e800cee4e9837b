import { ConfigError, parseConfig } from '@cs/config';
import { describe, expect, it } from 'vitest';
import { DEV_OPT_OUT_SECRET } from '../../src/campaigns.config.js';
import { careConfigSchema } from '../../src/care.config.js';

const schema = careConfigSchema({ name: 'care', httpPort: 3005, grpcPort: 50055 });
const identity = {
  AUTH_ISSUER: 'https://login.shop.example',
  AUTH_AUDIENCE: 'cs-platform',
  AUTH_JWKS_URL: 'https://login.shop.example/certs',
};

function refusal(env: Record<string, string>): ConfigError | undefined {
  try {
    parseConfig(schema, env);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('CARE_OPT_OUT_SECRET: no development key in production', () => {
  it('refuses to start with NODE_ENV=production and no key, naming the variable', () => {
    const error = refusal({ ...identity, NODE_ENV: 'production' });
    expect(error?.variables).toEqual(['CARE_OPT_OUT_SECRET']);
    expect(error?.message).toMatch(/CARE_OPT_OUT_SECRET is required with NODE_ENV=production/);
  });

  it('refuses the development key set explicitly in production, without echoing it', () => {
    const error = refusal({ ...identity, NODE_ENV: 'production', CARE_OPT_OUT_SECRET: DEV_OPT_OUT_SECRET });
    expect(error?.variables).toEqual(['CARE_OPT_OUT_SECRET']);
    expect(error?.message).not.toContain(DEV_OPT_OUT_SECRET);
  });

  it('starts in production with a key of its own', () => {
    const config = parseConfig(schema, { ...identity, NODE_ENV: 'production', CARE_OPT_OUT_SECRET: 'k'.repeat(32) });
    expect(config.careOptOutSecret).toBe('k'.repeat(32));
  });

  it('keeps the development key where NODE_ENV is not production (npm start, tests)', () => {
    expect(parseConfig(schema, { ...identity }).careOptOutSecret).toBe(DEV_OPT_OUT_SECRET);
    expect(parseConfig(schema, { ...identity, NODE_ENV: 'development' }).careOptOutSecret).toBe(DEV_OPT_OUT_SECRET);
  });
});
