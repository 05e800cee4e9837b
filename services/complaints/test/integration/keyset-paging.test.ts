import { randomUUID } from 'node:crypto';
import { IncidentTrigger } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { richErrorDetails } from '@cs/grpc';
import { expectStableAcrossInsert } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ComplaintsHarness, complaintsHandler, listRequest, startComplaints } from './complaints-fixture.js';
import { type IncidentsClient, incidentsClient } from './incidents-fixture.js';

// Both lists page by keyset: a row that sorts ahead of the cursor, inserted between page 1 and page 2,
// neither repeats nor hides a row.
let h: ComplaintsHarness;
let incidents: IncidentsClient;
beforeAll(async () => {
  h = await startComplaints();
  incidents = incidentsClient(h, complaintsHandler);
});
afterAll(async () => {
  incidents?.close();
  await h?.close();
});

describe('keyset paging of complaints and incidents', () => {
  it('ListComplaints: a complaint opened between two pages (newest first)', async () => {
    const customer = { customerId: `buyer-${randomUUID().slice(0, 6)}`, displayName: '李四' };
    for (let i = 0; i < 3; i++) await h.open({ customer });
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.complaints.listComplaints(
          listRequest({ customerId: customer.customerId, page: { pageSize: 2, pageToken } }),
        );
        return { ids: r.complaints.map((c) => c.complaintId), next: r.page!.nextPageToken };
      },
      () => h.open({ customer }),
    );
  });

  it('ListIncidents: an incident opened between two pages (newest first)', async () => {
    const insert = (minutesAgo: number) =>
      h.sql(
        `insert into incident (incident_id, trigger, key, threshold, window_minutes, opened_at)
         values (?, ?, ?, 5, 60, ?)`,
        [
          randomUUID(),
          IncidentTrigger.INCIDENT_TRIGGER_SKU,
          `SKU-${randomUUID()}`,
          new Date(Date.now() - minutesAgo * 60_000),
        ],
      );
    for (const minutes of [30, 20, 10]) await insert(minutes);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await incidents.listIncidents({ openOnly: true, page: { pageSize: 2, pageToken } });
        return { ids: r.incidents.map((i) => i.incidentId), next: r.page!.nextPageToken };
      },
      () => insert(1),
    );
  });

  it('an old offset token is INVALID_ARGUMENT naming page.page_token', async () => {
    const pageToken = Buffer.from('o:2').toString('base64url');
    for (const call of [
      () => h.complaints.listComplaints(listRequest({ page: { pageSize: 2, pageToken } })),
      () => incidents.listIncidents({ openOnly: false, page: { pageSize: 2, pageToken } }),
    ]) {
      const error = await call().catch((e) => e);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['page.page_token']);
    }
  });
});
