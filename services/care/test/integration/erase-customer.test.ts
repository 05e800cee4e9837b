import { randomUUID } from 'node:crypto';
import { PrivacyServiceService } from '@cs/contracts/cs/care/v1/privacy_service';
import { createGrpcClient, richErrorDetails } from '@cs/grpc';
import { authAs, EventRecorder, type ServiceUnderTest, startServiceUnderTest, waitFor } from '@cs/testing';
import { type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { careService } from '../../src/care.service.js';

let sut: ServiceUnderTest;
let events: EventRecorder;
let privacy: ReturnType<typeof createGrpcClient<typeof PrivacyServiceService>>;
const admin = { roles: ['platform-admin'], agentId: 'admin-1', name: '管理员' };

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  sut = await startServiceUnderTest(careService, infrastructure);
  events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  privacy = createGrpcClient(PrivacyServiceService, sut.service.grpcAddress);
});
afterAll(async () => {
  privacy?.close();
  await events?.stop();
  await sut?.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: ServiceError) => error,
  );

describe('EraseCustomer (PIPL): a platform admin orders a customer forgotten everywhere', () => {
  it('records the request and publishes cs.care.customer.erasure_requested naming the customer and the admin', async () => {
    const customerId = `buyer-${randomUUID()}`;
    const { erasureId } = await privacy.eraseCustomer(
      { customerId, reason: 'ticket 4711: customer asked by phone', idempotencyKey: randomUUID() },
      { metadata: await authAs(admin) },
    );
    const event = await waitFor('erasure event', () =>
      events.ofSubject('cs.care.customer.erasure_requested').find((e) => e.data.customerId === customerId),
    );
    expect(event.data).toMatchObject({ erasureId, customerId, requestedBy: 'admin-1' });
    const rows = await sut.service.orm.em
      .fork()
      .execute('select reason, requested_by from erasure_requests where erasure_id = ?', [erasureId]);
    expect(rows).toEqual([{ reason: 'ticket 4711: customer asked by phone', requested_by: 'admin-1' }]);
  });

  it('a retry with the same idempotency key returns the first erasure and publishes nothing more', async () => {
    const customerId = `buyer-${randomUUID()}`;
    const request = { customerId, reason: 'retry', idempotencyKey: randomUUID() };
    const metadata = await authAs(admin);
    const first = await privacy.eraseCustomer(request, { metadata });
    const second = await privacy.eraseCustomer(request, { metadata });
    expect(second.erasureId).toBe(first.erasureId);
    const rows = await sut.service.orm.em
      .fork()
      .execute('select count(*)::int as n from erasure_requests where customer_id = ?', [customerId]);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('names every missing field and writes nothing', async () => {
    const error = await failure(
      privacy.eraseCustomer({ customerId: '', reason: '', idempotencyKey: '' }, { metadata: await authAs(admin) }),
    );
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(
      richErrorDetails(error?.metadata)
        .fieldViolations.map((v) => v.field)
        .sort(),
    ).toEqual(['customer_id', 'idempotency_key', 'reason']);
  });

  it('a care agent or a supervisor may not order an erasure', async () => {
    for (const roles of [['care-agent'], ['supervisor'], ['integrator']]) {
      const error = await failure(
        privacy.eraseCustomer(
          { customerId: 'buyer-x', reason: 'x', idempotencyKey: randomUUID() },
          { metadata: await authAs({ roles, agentId: 'someone' }) },
        ),
      );
      expect(error?.code, roles.join()).toBe(status.PERMISSION_DENIED);
    }
  });
});
