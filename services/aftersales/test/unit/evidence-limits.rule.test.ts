import { describe, expect, it } from 'vitest';
import { aftersalesConfigSchema } from '../../src/aftersales.config.js';
import {
  EVIDENCE_IMAGE_TYPES,
  evidenceRequestBytes,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
} from '../../src/domain/evidence-limits.rule.js';

const required = { AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'cs', AUTH_JWKS_URL: 'https://id.example/jwks' };

describe('evidence limits: the transports take the largest AttachEvidence the API allows', () => {
  it('the largest request (9 × 3 MiB, longest descriptions, as HTTP JSON) fits the request size', () => {
    const photo = {
      content: Buffer.alloc(MAX_PHOTO_BYTES, 0xff).toString('base64'),
      content_type: EVIDENCE_IMAGE_TYPES[0],
      // Characters JSON escapes to six bytes each.
      description: '\u0001'.repeat(200),
    };
    const body = JSON.stringify({
      case_id: '00000000-0000-0000-0000-000000000000',
      photos: Array.from({ length: MAX_PHOTOS }, () => photo),
      idempotency_key: 'k'.repeat(128),
    });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(evidenceRequestBytes());
  });

  it("is after-sales' default MAX_REQUEST_BYTES, which stays configurable", () => {
    const defaults = { name: 'aftersales', httpPort: 3003, grpcPort: 50053 };
    expect(aftersalesConfigSchema(defaults).parse(required).maxRequestBytes).toBe(evidenceRequestBytes());
    expect(aftersalesConfigSchema(defaults).parse({ ...required, MAX_REQUEST_BYTES: '4194304' }).maxRequestBytes).toBe(
      4 << 20,
    );
  });
});
