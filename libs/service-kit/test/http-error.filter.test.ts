import type { ArgumentsHost } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { HttpErrorFilter } from '../src/http-error.filter.js';

function answer(error: unknown) {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  const unexpected: unknown[] = [];
  new HttpErrorFilter((e) => unexpected.push(e)).catch(error, host);
  return { ...sent, unexpected };
}

describe('HttpErrorFilter on plain HTTP routes', () => {
  it('answers 503 unavailable (retryable) when the database connection was lost', () => {
    const lost = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(answer(lost)).toEqual({
      status: 503,
      body: { code: 'unavailable', message: 'database unavailable, retry later' },
      unexpected: [],
    });
  });

  it('still answers 500 internal, without the message, for anything unforeseen', () => {
    const { status, body, unexpected } = answer(new TypeError('x is undefined'));
    expect({ status, body }).toEqual({ status: 500, body: { code: 'internal', message: 'internal error' } });
    expect(unexpected).toHaveLength(1);
  });
});
