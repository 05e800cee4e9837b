import { describe, expect, it } from 'vitest';
import { batchDelayOf, serviceNameOf } from '../src/service-name.js';

describe('the service name on spans', () => {
  it('is SERVICE_NAME, then OTEL_SERVICE_NAME, as Kubernetes sets them', () => {
    expect(
      serviceNameOf({ SERVICE_NAME: 'orders', OTEL_SERVICE_NAME: 'x' }, '/app/services/inquiry/dist/main.js'),
    ).toBe('orders');
    expect(serviceNameOf({ OTEL_SERVICE_NAME: 'care' }, undefined)).toBe('care');
  });

  it('is read off the entry point when neither is set (npm start, compose)', () => {
    expect(serviceNameOf({}, '/work/main/services/inquiry/dist/main.js')).toBe('inquiry');
    expect(serviceNameOf({}, 'services/aftersales/dist/main.js')).toBe('aftersales');
    expect(serviceNameOf({}, '/usr/lib/node_modules/vitest/vitest.mjs')).toBeUndefined();
    expect(serviceNameOf({}, undefined)).toBeUndefined();
  });
});

describe('the batch export delay', () => {
  it('takes OTEL_BSP_SCHEDULE_DELAY in ms when it is a positive integer, else the SDK default', () => {
    expect(batchDelayOf({ OTEL_BSP_SCHEDULE_DELAY: '200' })).toBe(200);
    expect(batchDelayOf({ OTEL_BSP_SCHEDULE_DELAY: 'soon' })).toBeUndefined();
    expect(batchDelayOf({ OTEL_BSP_SCHEDULE_DELAY: '0' })).toBeUndefined();
    expect(batchDelayOf({})).toBeUndefined();
  });
});
