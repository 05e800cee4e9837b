import { randomUUID } from 'node:crypto';
import { ComplaintNature, RemedyKind } from '@cs/contracts/cs/complaints/v1/complaint';
import type { ProposedRemedy } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ComplaintsHarness, startComplaints, supervisorCaller } from './complaints-fixture.js';
import { bringToProposing, cny, emergencyOptions, type IncidentsClient, incidentsClient } from './incidents-fixture.js';

let h: ComplaintsHarness;
let incidents: IncidentsClient;
let asSupervisor: IncidentsClient;
let incidentId: string;

beforeAll(async () => {
  h = await startComplaints({ COMPLAINTS_INCIDENT_THRESHOLD: '3' });
  incidents = incidentsClient(h, { roles: ['complaints-handler'], agentId: 'handler-1', name: '赵投诉' });
  asSupervisor = incidentsClient(h, supervisorCaller);
  // A real, open incident with a file waiting for a proposal: a bad request must not touch it.
  const sku = `SKU-${randomUUID().slice(0, 8)}`;
  const files = [];
  for (let i = 0; i < 3; i++)
    files.push(await h.open({ skus: [sku], claimedNature: ComplaintNature.COMPLAINT_NATURE_OTHER }));
  incidentId = files[2]!.incidentId;
  await bringToProposing(h, files[0]!.complaintId, [sku]);
});
afterAll(async () => {
  incidents?.close();
  asSupervisor?.close();
  await h?.close();
});

const rpc = (method: string) => `/cs.complaints.v1.IncidentsService/${method}`;

async function rejectedFields(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => {
      throw new Error('expected INVALID_ARGUMENT, the call succeeded');
    },
    (e) => e,
  );
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
}

async function httpFields(path: string, body: unknown, caller = supervisorCaller): Promise<string[]> {
  const reply = await h.http(path, body, caller);
  expect(reply.status).toBe(400);
  expect(reply.body.code).toBe('invalid_argument');
  return reply.body.fieldViolations.map((v: { field: string }) => v.field);
}

/** What a command could have written: steps, rounds, the incident, stored outcomes, events. */
async function written(): Promise<string> {
  const [counts] = await h.sql<Record<string, number>>(
    `select (select count(*)::int from complaint_step) as steps,
            (select count(*)::int from idempotency_keys) as outcomes,
            (select count(*)::int from cs_outbox) as events,
            (select max(version)::int from incident) as incident_version,
            (select count(*)::int from incident where closed_at is not null) as closed`,
  );
  return JSON.stringify(counts);
}

const option = (over: Partial<ProposedRemedy>): ProposedRemedy => ({
  kind: RemedyKind.REMEDY_KIND_APOLOGY_ONLY,
  days: 0,
  amount: undefined,
  description: '致歉',
  ...over,
});

describe('GetIncident rejects a missing or malformed incident id', () => {
  it.each([
    ['empty', '', ['incident_id']],
    ['not a uuid', 'INC-1', ['incident_id']],
  ])('%s: gRPC and HTTP', async (_label, id, fields) => {
    expect(await rejectedFields(incidents.getIncident({ incidentId: id }))).toEqual(fields);
    expect(await httpFields(rpc('GetIncident'), { incidentId: id })).toEqual(fields);
  });
});

describe('ListIncidents rejects a bad page', () => {
  it.each([
    ['page size above 200', { pageSize: 500, pageToken: '' }, ['page.page_size']],
    ['negative page size', { pageSize: -1, pageToken: '' }, ['page.page_size']],
    [
      'a token no page gave',
      { pageSize: 10, pageToken: Buffer.from('not-a-number').toString('base64url') },
      ['page.page_token'],
    ],
  ])('%s: gRPC and HTTP', async (_label, page, fields) => {
    expect(await rejectedFields(incidents.listIncidents({ openOnly: false, page }))).toEqual(fields);
    expect(await httpFields(rpc('ListIncidents'), { page })).toEqual(fields);
  });
});

describe('ProposeRemediesToIncident rejects malformed requests naming each field, and writes nothing', () => {
  const cases: [string, () => Record<string, unknown>, string[]][] = [
    ['no incident id', () => ({ incidentId: '' }), ['incident_id']],
    ['an incident id that is no uuid', () => ({ incidentId: 'INC-1' }), ['incident_id']],
    ['no options', () => ({ options: [] }), ['options']],
    ['six options', () => ({ options: Array.from({ length: 6 }, () => option({})) }), ['options']],
    [
      'an option without a kind',
      () => ({ options: [option({ kind: RemedyKind.REMEDY_KIND_UNSPECIFIED })] }),
      ['options[0].kind'],
    ],
    [
      'a reissue in 0 days',
      () => ({ options: [option({ kind: RemedyKind.REMEDY_KIND_REISSUE, days: 0 })] }),
      ['options[0].days'],
    ],
    [
      'a compensation without an amount',
      () => ({ options: [emergencyOptions[0]!, option({ kind: RemedyKind.REMEDY_KIND_COMPENSATION })] }),
      ['options[1].amount'],
    ],
    [
      'a compensation in a currency code that is not one',
      () => ({
        options: [option({ kind: RemedyKind.REMEDY_KIND_COMPENSATION, amount: { ...cny(100), currency: 'yuan' } })],
      }),
      ['options[0].amount.currency'],
    ],
    ['no idempotency key', () => ({ idempotencyKey: '' }), ['idempotency_key']],
  ];

  it.each(cases)('%s: gRPC and HTTP', async (_label, change, fields) => {
    const before = await written();
    const request = { incidentId, options: emergencyOptions, idempotencyKey: randomUUID(), ...change() };
    expect(await rejectedFields(incidents.proposeRemediesToIncident(request as never))).toEqual(fields);
    expect(await httpFields(rpc('ProposeRemediesToIncident'), request)).toEqual(fields);
    expect(await written()).toBe(before);
  });
});

describe('CloseIncident rejects malformed requests naming each field, and closes nothing', () => {
  it.each([
    ['no incident id', { incidentId: '' }, ['incident_id']],
    ['an incident id that is no uuid', { incidentId: 'INC-1' }, ['incident_id']],
    ['a note over 1000 characters', { note: '很'.repeat(1001) }, ['note']],
    ['no idempotency key', { idempotencyKey: '' }, ['idempotency_key']],
  ])('%s: gRPC and HTTP', async (_label, change, fields) => {
    const before = await written();
    const request = { incidentId, note: '', idempotencyKey: randomUUID(), ...change };
    expect(await rejectedFields(asSupervisor.closeIncident(request))).toEqual(fields);
    expect(await httpFields(rpc('CloseIncident'), request)).toEqual(fields);
    expect(await written()).toBe(before);
  });
});
