import { randomUUID } from 'node:crypto';
import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import {
  ChaseParty,
  ChaseResolution,
  type ChaseTask,
  ChaseTaskStatus,
  type ResolveChaseTaskRequest,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaseTaskScheduler } from '../../src/application/chase-task.scheduler.js';
import { type AftersalesHarness, agent, customer, startAftersales } from './aftersales-fixture.js';

let h: AftersalesHarness;
beforeAll(async () => {
  h = await startAftersales({ AFTERSALES_CHASE_POLL_MS: '100', AFTERSALES_CHASE_STALE_AFTER_HOURS: '24' });
});
afterAll(() => h?.close());

const HOUR = 3600;
const ago = (hours: number) => ({ seconds: Math.floor(Date.now() / 1000) - hours * HOUR, nanos: 0 });
const orderOf = (trackingNumber: string) => `TB-${trackingNumber}`;

function track(harness: AftersalesHarness, trackingNumber: string, hoursAgo: number, delivered = false) {
  return harness.platform.tracking.recordTrackingUpdate({
    courier: '顺丰',
    trackingNumber,
    orderId: orderOf(trackingNumber),
    customer,
    status: delivered ? '已签收' : '运输中',
    occurredAt: ago(hoursAgo),
    delivered,
  });
}

async function openTasks(harness = h): Promise<ChaseTask[]> {
  const tasks: ChaseTask[] = [];
  let pageToken = '';
  do {
    const page = await harness.tracking.listChaseTasks({ page: { pageSize: 2, pageToken } });
    tasks.push(...page.tasks);
    pageToken = page.page?.nextPageToken ?? '';
  } while (pageToken);
  return tasks;
}

const taskOf = (trackingNumber: string) =>
  waitFor(`chase task for ${trackingNumber}`, async () =>
    (await openTasks()).find((t) => t.shipment?.trackingNumber === trackingNumber),
  );

const resolveRequest = (task: ChaseTask, overrides: Partial<ResolveChaseTaskRequest>): ResolveChaseTaskRequest => ({
  chaseTaskId: task.chaseTaskId,
  resolution: ChaseResolution.CHASE_RESOLUTION_TRACKING_RESUMED,
  note: '',
  extendReceiptDays: 0,
  idempotencyKey: randomUUID(),
  ...overrides,
});

const eventsFor = (subject: string, taskId: string) =>
  h.events.ofSubject(subject).filter((e) => e.headers['ce-subject'] === taskId);

/** Events written for an aggregate (the outbox keeps published rows for days). */
async function outboxRows(subject: string, aggregateId: string): Promise<number> {
  const [row] = await h.sut.service.orm.em
    .fork()
    .execute<{ n: string }[]>('select count(*) as n from cs_outbox where aggregate_id = ? and subject = ?', [
      aggregateId,
      subject,
    ]);
  return Number(row!.n);
}

/** Tracking numbers of this test's own, so each test stands alone and runs alone with `-t`. */
const numbersOf = <K extends string>(...names: K[]): Record<K, string> => {
  const run = randomUUID().slice(0, 6);
  return Object.fromEntries(names.map((n) => [n, `${n}-${run}`])) as Record<K, string>;
};

/**
 * Proves the job has polled again since now: a parcel gone silent now gets its task only from a
 * later poll, so anything that poll would wrongly do (a second task, a re-chase) has been done too.
 */
async function nextPoll(): Promise<void> {
  const marker = `SF-MARK-${randomUUID().slice(0, 8)}`;
  await track(h, marker, 30);
  await taskOf(marker);
}

describe('chase tasks (查件): opened by the background job, worked and resolved by the desk', () => {
  it('the job opens one task per silent parcel, courier and customer to chase; the list and the daily follow-up show them', async () => {
    const n = numbersOf('SF-SILENT', 'SF-RECENT', 'SF-OLD', 'SF-DONE');
    await track(h, n['SF-SILENT'], 30);
    await track(h, n['SF-RECENT'], 2);
    await track(h, n['SF-OLD'], 9 * 24);
    await track(h, n['SF-OLD'], 48);
    await track(h, n['SF-DONE'], 100, true);
    const silent = await taskOf(n['SF-SILENT']);
    const old = await taskOf(n['SF-OLD']);
    expect(silent).toMatchObject({
      status: ChaseTaskStatus.CHASE_TASK_STATUS_OPEN,
      parties: [ChaseParty.CHASE_PARTY_COURIER, ChaseParty.CHASE_PARTY_CUSTOMER],
      hoursSinceUpdate: 30,
      extendReceiptTime: false,
    });
    expect(silent.silentSince).toEqual(silent.shipment!.lastUpdateAt);
    expect(old.extendReceiptTime).toBe(true);
    // Several more polls: still one task per shipment, one opened event each.
    for (let poll = 0; poll < 3; poll++) await nextPoll();
    const ours = new Set(Object.values(n));
    const numbers = (await openTasks()).map((t) => t.shipment!.trackingNumber).filter((t) => ours.has(t));
    expect(numbers.sort()).toEqual([n['SF-OLD'], n['SF-SILENT']].sort());
    await waitFor('opened event', () => eventsFor('cs.aftersales.chase_task.opened', silent.chaseTaskId).length);
    expect(eventsFor('cs.aftersales.chase_task.opened', silent.chaseTaskId)).toHaveLength(1);
    expect(await outboxRows('cs.aftersales.chase_task.opened', silent.chaseTaskId)).toBe(1);

    const daily = await h.tracking.getDailyFollowUp({ asOf: undefined, staleAfterHours: 0 });
    const dailyOurs = daily.chaseTasks.filter((t) => ours.has(t.shipment?.trackingNumber ?? ''));
    expect(dailyOurs.map((t) => t.chaseTaskId).sort()).toEqual([silent.chaseTaskId, old.chaseTaskId].sort());
  });

  it('chases are recorded (who, when, with whom, what was said); a newer tracking update resolves the task', async () => {
    const n = numbersOf('SF-SILENT');
    await track(h, n['SF-SILENT'], 30);
    const task = await taskOf(n['SF-SILENT']);
    const chasedAt = ago(1);
    await h.tracking.recordChase({
      chaseTaskId: task.chaseTaskId,
      party: ChaseParty.CHASE_PARTY_COURIER,
      contact: '顺丰杭州网点',
      said: '已催促网点尽快派送',
      chasedAt,
      idempotencyKey: randomUUID(),
    });
    const { task: chased } = await h.tracking.recordChase({
      chaseTaskId: task.chaseTaskId,
      party: ChaseParty.CHASE_PARTY_CUSTOMER,
      contact: '李四',
      said: '已告知客户物流延迟，请耐心等待',
      chasedAt: undefined,
      idempotencyKey: randomUUID(),
    });
    expect(chased!.chases).toHaveLength(2);
    expect(chased!.chases[0]).toEqual({
      party: ChaseParty.CHASE_PARTY_COURIER,
      contact: '顺丰杭州网点',
      said: '已催促网点尽快派送',
      chasedBy: agent,
      chasedAt,
    });

    await track(h, n['SF-SILENT'], 0);
    const resolved = await waitFor(
      'resolved event',
      () => eventsFor('cs.aftersales.chase_task.resolved', task.chaseTaskId)[0],
    );
    expect(resolved.data.task).toMatchObject({
      status: 'CHASE_TASK_STATUS_RESOLVED',
      resolution: 'CHASE_RESOLUTION_TRACKING_RESUMED',
    });
    expect((await openTasks()).map((t) => t.shipment!.trackingNumber)).not.toContain(n['SF-SILENT']);
    const late = await h.tracking
      .recordChase({
        chaseTaskId: task.chaseTaskId,
        party: ChaseParty.CHASE_PARTY_COURIER,
        contact: '',
        said: '再催',
        chasedAt: undefined,
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(late.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(late.metadata).reason).toBe('aftersales.chase.chase-while-open');
  });

  it('receipt time extended: an extend-receipt-time case is opened and completed; a retry returns the same, one event', async () => {
    const n = numbersOf('SF-OLD');
    await track(h, n['SF-OLD'], 9 * 24);
    await track(h, n['SF-OLD'], 48);
    const task = await taskOf(n['SF-OLD']);
    const request = resolveRequest(task, {
      resolution: ChaseResolution.CHASE_RESOLUTION_RECEIPT_TIME_EXTENDED,
      extendReceiptDays: 5,
      note: '已在后台延长5天',
    });
    const first = await h.tracking.resolveChaseTask(request);
    expect(first.case).toMatchObject({
      kind: CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME,
      state: CaseState.CASE_STATE_COMPLETED,
      orderId: orderOf(n['SF-OLD']),
      extendReceiptDays: 5,
    });
    expect(first.task).toMatchObject({
      status: ChaseTaskStatus.CHASE_TASK_STATUS_RESOLVED,
      resolution: ChaseResolution.CHASE_RESOLUTION_RECEIPT_TIME_EXTENDED,
      caseId: first.case!.caseId,
      resolvedBy: agent,
    });
    const again = await h.tracking.resolveChaseTask(request);
    expect(again).toEqual(first);
    // Both calls have returned, so both transactions are over: the outbox holds every event they wrote.
    expect(await outboxRows('cs.aftersales.chase_task.resolved', task.chaseTaskId)).toBe(1);
    await waitFor('resolved event', () => eventsFor('cs.aftersales.chase_task.resolved', task.chaseTaskId).length);
    expect(eventsFor('cs.aftersales.chase_task.resolved', task.chaseTaskId)).toHaveLength(1);

    const twice = await h.tracking.resolveChaseTask({ ...request, idempotencyKey: randomUUID() }).catch((e) => e);
    expect(twice.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(twice.metadata).reason).toBe('aftersales.chase.resolved-once');
  });

  it("receipt time extended on the order's requested extend-receipt-time case: that case records the step", async () => {
    await track(h, 'SF-EXT', 30);
    const task = await taskOf('SF-EXT');
    const existing = await h.open(CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME, { orderId: orderOf('SF-EXT') });
    const { case: kase } = await h.tracking.resolveChaseTask(
      resolveRequest(task, {
        resolution: ChaseResolution.CHASE_RESOLUTION_RECEIPT_TIME_EXTENDED,
        extendReceiptDays: 3,
      }),
    );
    expect(kase).toMatchObject({ caseId: existing.caseId, state: CaseState.CASE_STATE_COMPLETED });
    expect(kase!.history.map((e) => e.action)).toEqual(['approve', 'complete']);
  });

  it("parcel lost: the order's open parcel-problem case is linked, or one is opened", async () => {
    await track(h, 'SF-LOST-1', 30);
    await track(h, 'SF-LOST-2', 30);
    const linkedTask = await taskOf('SF-LOST-1');
    const openedTask = await taskOf('SF-LOST-2');
    const existing = await h.open(CaseKind.CASE_KIND_PARCEL_PROBLEM, { orderId: orderOf('SF-LOST-1') });
    const lost = { resolution: ChaseResolution.CHASE_RESOLUTION_PARCEL_LOST, note: '快递确认丢件' };
    const linked = await h.tracking.resolveChaseTask(resolveRequest(linkedTask, lost));
    expect(linked.case?.caseId).toBe(existing.caseId);
    expect(linked.task?.caseId).toBe(existing.caseId);
    const opened = await h.tracking.resolveChaseTask(resolveRequest(openedTask, lost));
    expect(opened.case).toMatchObject({
      kind: CaseKind.CASE_KIND_PARCEL_PROBLEM,
      parcelProblem: 'PARCEL_PROBLEM_LOST',
      state: CaseState.CASE_STATE_REQUESTED,
      orderId: orderOf('SF-LOST-2'),
      openedBy: agent,
    });
    expect(opened.task?.caseId).toBe(opened.case!.caseId);
  });

  it('a resolved silence is not chased again; a new silence after a new update is', async () => {
    const n = numbersOf('SF-LOST');
    await track(h, n['SF-LOST'], 30);
    const first = await taskOf(n['SF-LOST']);
    await h.tracking.resolveChaseTask(
      resolveRequest(first, { resolution: ChaseResolution.CHASE_RESOLUTION_PARCEL_LOST, note: '快递确认丢件' }),
    );
    await nextPoll();
    await nextPoll();
    const numbers = (await openTasks()).map((t) => t.shipment!.trackingNumber);
    expect(numbers).not.toContain(n['SF-LOST']);
    await track(h, n['SF-LOST'], 25);
    const again = await taskOf(n['SF-LOST']);
    expect(again.chaseTaskId).not.toBe(first.chaseTaskId);
    expect(again.silentSince).toEqual(again.shipment!.lastUpdateAt);
    expect(again.hoursSinceUpdate).toBe(25);
  });
});

describe('chase task endpoints reject malformed requests naming each field, and write nothing', () => {
  it('RecordChase, ResolveChaseTask and ListChaseTasks', async () => {
    await track(h, 'SF-BAD', 30);
    const task = await taskOf('SF-BAD');
    const fieldsOf = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => {
          throw new Error('expected INVALID_ARGUMENT');
        },
        (e) => e,
      );
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
    };
    expect(
      await fieldsOf(
        h.tracking.recordChase({
          chaseTaskId: '',
          party: ChaseParty.CHASE_PARTY_UNSPECIFIED,
          contact: 'x'.repeat(65),
          said: '',
          chasedAt: { seconds: Math.floor(Date.now() / 1000) + 86_400, nanos: 0 },
          idempotencyKey: '',
        }),
      ),
    ).toEqual(['chase_task_id', 'party', 'contact', 'said', 'chased_at', 'idempotency_key']);
    expect(
      await fieldsOf(
        h.tracking.resolveChaseTask(
          resolveRequest(task, {
            resolution: ChaseResolution.CHASE_RESOLUTION_UNSPECIFIED,
            extendReceiptDays: 3,
            idempotencyKey: '',
          }),
        ),
      ),
    ).toEqual(['resolution', 'extend_receipt_days', 'idempotency_key']);
    expect(
      await fieldsOf(
        h.tracking.resolveChaseTask(
          resolveRequest(task, { resolution: ChaseResolution.CHASE_RESOLUTION_RECEIPT_TIME_EXTENDED }),
        ),
      ),
    ).toEqual(['extend_receipt_days']);
    expect(await fieldsOf(h.tracking.listChaseTasks({ page: { pageSize: 500, pageToken: '' } }))).toEqual([
      'page.page_size',
    ]);
    const unchanged = (await openTasks()).find((t) => t.chaseTaskId === task.chaseTaskId);
    expect(unchanged).toMatchObject({
      status: ChaseTaskStatus.CHASE_TASK_STATUS_OPEN,
      chases: [],
      version: task.version,
    });
    const unknown = await h.tracking
      .resolveChaseTask(resolveRequest(task, { chaseTaskId: randomUUID() }))
      .catch((e) => e);
    expect(unknown.code).toBe(status.NOT_FOUND);
  });

  it('the idempotency key may come as the idempotency-key header over HTTP', async () => {
    await track(h, 'SF-HTTP', 30);
    const task = await taskOf('SF-HTTP');
    const body = {
      chase_task_id: task.chaseTaskId,
      party: 'CHASE_PARTY_COURIER',
      said: '催件',
    };
    const key = randomUUID();
    const first = await h.http('/cs.aftersales.v1.TrackingService/RecordChase', body, { 'idempotency-key': key });
    const again = await h.http('/cs.aftersales.v1.TrackingService/RecordChase', body, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(first.body.task.chases).toHaveLength(1);
  });
});

describe('replicas polling at once', () => {
  it('open each task once (FOR UPDATE SKIP LOCKED)', async () => {
    const quiet = await startAftersales(); // the default poll (a minute) stays out of the way
    try {
      for (let i = 0; i < 12; i++) await track(quiet, `YT-R${i}`, 30);
      const scheduler = quiet.sut.service.app.get(ChaseTaskScheduler);
      const opened = await Promise.all([1, 2, 3].map(() => scheduler.openDueChaseTasks()));
      expect(opened.reduce((a, b) => a + b, 0)).toBe(12);
      expect(await openTasks(quiet)).toHaveLength(12);
      expect(await scheduler.openDueChaseTasks()).toBe(0);
    } finally {
      await quiet.close();
    }
  });
});
