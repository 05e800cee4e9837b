import { randomUUID } from 'node:crypto';
import {
  AgreementChannel,
  ComplaintNature,
  ComplaintSource,
  ComplaintStage,
  RemedyKind,
  ResponsibleParty,
  Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';
import { richErrorDetails } from '@cs/grpc';
import type { TestCaller } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ComplaintsHarness,
  cny,
  complaintsHandler,
  managerCaller,
  openRequest,
  startComplaints,
} from './complaints-fixture.js';

let h: ComplaintsHarness;
let complaintId: string;
let version: number;
const badInputCustomer = { customerId: `bad-input-${randomUUID()}`, displayName: '' };
let rootCausesBefore: number;

beforeAll(async () => {
  h = await startComplaints();
  const opened = await h.open({ customer: badInputCustomer });
  complaintId = opened.complaintId;
  version = opened.version;
  rootCausesBefore = await countRootCauses();
});
afterAll(() => h?.close());

async function countRootCauses(): Promise<number> {
  const [row] = await h.sql<{ n: string }>('select count(*) as n from root_cause');
  return Number(row?.n);
}

/** The file the step requests aim at is as it was opened; no other file, cause or photo was written. */
async function nothingWritten(): Promise<void> {
  const { complaint } = await h.complaints.getComplaint({ complaintId });
  expect(complaint?.version).toBe(version);
  expect(complaint?.stage).toBe(ComplaintStage.COMPLAINT_STAGE_VERIFYING);
  expect(complaint?.steps.map((s) => s.action)).toEqual(['opened']);
  expect(complaint?.evidence).toEqual([]);
  const files = await h.sql('select 1 from complaint where customer_id = ?', [badInputCustomer.customerId]);
  expect(files).toHaveLength(1);
  const photos = await h.sql('select 1 from evidence_objects where key like ?', [`complaints/${complaintId}/%`]);
  expect(photos).toHaveLength(0);
  expect(await countRootCauses()).toBe(rootCausesBefore);
}

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

const key = () => randomUUID();
const inAMinute = () => ({ seconds: Math.floor(Date.now() / 1000) + 3600, nanos: 0 });
// Rows are built before the file exists: THE_FILE stands for its id until the row runs.
const THE_FILE = '$the-file';
const step = () => ({ complaintId: THE_FILE, expectedVersion: 0, idempotencyKey: key() });
const noStep = { complaintId: '', expectedVersion: 0, idempotencyKey: '' };
const stepFields = ['complaint_id', 'idempotency_key'];
const rootCause = { type: 'product', category: 'quality', subcategory: 'defect' };

type Service = 'complaints' | 'rootCauses';
interface Row {
  rpc: string;
  service?: Service;
  caller?: TestCaller;
  request: Record<string, unknown>;
  fields: string[];
}

const grpcRows: Row[] = [
  {
    rpc: 'OpenComplaint',
    request: {
      ...openRequest({ customer: undefined, description: '', idempotencyKey: '' }),
      source: ComplaintSource.COMPLAINT_SOURCE_UNSPECIFIED,
    },
    fields: ['source', 'source_reference', 'customer.customer_id', 'description', 'idempotency_key'],
  },
  {
    rpc: 'OpenComplaint',
    request: openRequest({
      customer: badInputCustomer,
      source: ComplaintSource.COMPLAINT_SOURCE_CONVERSATION,
      sourceReference: 'conv-1',
    }),
    fields: ['source'],
  },
  {
    rpc: 'OpenComplaint',
    request: openRequest({
      customer: badInputCustomer,
      source: ComplaintSource.COMPLAINT_SOURCE_REGULATOR_12315,
      sourceReference: '12315-1',
    }),
    fields: ['external_deadline'],
  },
  {
    rpc: 'OpenComplaint',
    request: openRequest({
      customer: badInputCustomer,
      source: ComplaintSource.COMPLAINT_SOURCE_PLATFORM,
      sourceReference: 'PT-1',
      externalDeadline: { seconds: 1000, nanos: 0 },
    }),
    fields: ['external_deadline'],
  },
  {
    rpc: 'OpenComplaint',
    request: openRequest({
      customer: badInputCustomer,
      orderIds: [''],
      skus: Array.from({ length: 21 }, (_, i) => `S${i}`),
      description: 'x'.repeat(2001),
    }),
    fields: ['order_ids[0]', 'skus', 'description'],
  },
  { rpc: 'GetComplaint', request: { complaintId: '' }, fields: ['complaint_id'] },
  {
    rpc: 'ListComplaints',
    request: {
      stage: ComplaintStage.COMPLAINT_STAGE_UNSPECIFIED,
      handlerAgentId: '',
      customerId: '',
      severity: Severity.SEVERITY_UNSPECIFIED,
      incidentId: 'not-a-uuid',
      overdueOnly: false,
      page: { pageSize: 201, pageToken: '' },
    },
    fields: ['incident_id', 'page.page_size'],
  },
  { rpc: 'AssignComplaint', request: { ...noStep, handler: undefined }, fields: stepFields },
  {
    rpc: 'AssignComplaint',
    request: { ...step(), expectedVersion: -1, handler: { agentId: '', name: '钱' } },
    fields: ['expected_version', 'handler.agent_id'],
  },
  {
    rpc: 'RecordFacts',
    request: { ...noStep, facts: undefined, claimedNature: ComplaintNature.COMPLAINT_NATURE_UNSPECIFIED },
    fields: [...stepFields, 'facts'],
  },
  {
    rpc: 'RecordFacts',
    request: {
      ...step(),
      facts: {
        orderIds: ['TB1'],
        purchasedAt: inAMinute(),
        productModel: 'm'.repeat(101),
        skus: [],
        whatHappened: '',
        waybillNo: '',
      },
      claimedNature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
    },
    fields: ['facts.purchased_at', 'facts.product_model'],
  },
  {
    rpc: 'AttachEvidence',
    request: { complaintId: '', photos: [], idempotencyKey: '' },
    fields: ['complaint_id', 'idempotency_key', 'photos'],
  },
  {
    rpc: 'AttachEvidence',
    request: {
      complaintId: THE_FILE,
      photos: [{ contentType: 'application/pdf', content: new Uint8Array(), description: '' }],
      idempotencyKey: key(),
    },
    fields: ['photos[0].content', 'photos[0].content_type'],
  },
  { rpc: 'GetEvidence', request: { complaintId: '', evidenceId: '' }, fields: ['complaint_id', 'evidence_id'] },
  { rpc: 'CompleteVerification', request: { ...noStep, note: '' }, fields: stepFields },
  { rpc: 'CompleteVerification', request: { ...step(), note: 'n'.repeat(1001) }, fields: ['note'] },
  {
    rpc: 'RecordAnalysis',
    request: {
      ...noStep,
      nature: ComplaintNature.COMPLAINT_NATURE_UNSPECIFIED,
      severity: Severity.SEVERITY_UNSPECIFIED,
      responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_UNSPECIFIED,
      responsibleAgent: undefined,
      rootCause: undefined,
      note: '',
    },
    fields: [...stepFields, 'nature', 'severity', 'responsible_party', 'root_cause'],
  },
  {
    rpc: 'RecordAnalysis',
    request: {
      ...step(),
      nature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
      severity: Severity.SEVERITY_ORDINARY,
      responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_AGENT,
      responsibleAgent: undefined,
      rootCause: { type: '', category: 'c'.repeat(65), subcategory: '' },
      note: '',
    },
    fields: ['responsible_agent.agent_id', 'root_cause.type', 'root_cause.category', 'root_cause.subcategory'],
  },
  { rpc: 'ProposeRemedies', request: { ...noStep, options: [] }, fields: [...stepFields, 'options'] },
  {
    rpc: 'ProposeRemedies',
    request: {
      ...step(),
      options: [
        { kind: RemedyKind.REMEDY_KIND_REISSUE, days: 0, amount: undefined, description: '' },
        { kind: RemedyKind.REMEDY_KIND_COMPENSATION, days: 0, amount: undefined, description: '' },
        { kind: RemedyKind.REMEDY_KIND_APOLOGY_ONLY, days: 3, amount: cny(100), description: '' },
        { kind: RemedyKind.REMEDY_KIND_UNSPECIFIED, days: 0, amount: undefined, description: '' },
      ],
    },
    fields: ['options[0].days', 'options[1].amount', 'options[2].days', 'options[2].amount', 'options[3].kind'],
  },
  {
    rpc: 'RecordCustomerChoice',
    request: {
      ...noStep,
      optionId: '',
      refusedAll: false,
      answeredVia: AgreementChannel.AGREEMENT_CHANNEL_UNSPECIFIED,
      answeredAt: undefined,
      customerWords: '',
    },
    fields: [...stepFields, 'option_id', 'answered_via', 'answered_at'],
  },
  {
    rpc: 'RecordCustomerChoice',
    request: {
      ...step(),
      optionId: 'r1-o1',
      refusedAll: true,
      answeredVia: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
      answeredAt: inAMinute(),
      customerWords: '',
    },
    fields: ['option_id', 'answered_at'],
  },
  {
    rpc: 'RecordCompensation',
    request: { ...noStep, amount: undefined, reference: '' },
    fields: [...stepFields, 'amount', 'reference'],
  },
  {
    rpc: 'RecordCompensation',
    request: { ...step(), amount: { amountMinor: -5, currency: 'cny' }, reference: 'C-1' },
    fields: ['amount.amount_minor', 'amount.currency'],
  },
  {
    rpc: 'ConfirmResult',
    request: { ...noStep, confirmedVia: AgreementChannel.AGREEMENT_CHANNEL_UNSPECIFIED, customerWords: '' },
    fields: [...stepFields, 'confirmed_via'],
  },
  {
    rpc: 'RecordEvaluation',
    request: { complaintId: '', score: 0, comment: '', idempotencyKey: '' },
    fields: ['complaint_id', 'idempotency_key', 'score'],
  },
  {
    rpc: 'RecordEvaluation',
    request: { complaintId: THE_FILE, score: 6, comment: 'c'.repeat(1001), idempotencyKey: key() },
    fields: ['score', 'comment'],
  },
  { rpc: 'EscalateComplaint', request: { ...noStep, reason: '' }, fields: [...stepFields, 'reason'] },
  {
    rpc: 'DefineRootCause',
    service: 'rootCauses',
    caller: managerCaller,
    request: { cause: undefined, description: '', idempotencyKey: '' },
    fields: ['cause', 'idempotency_key'],
  },
  {
    rpc: 'DefineRootCause',
    service: 'rootCauses',
    caller: managerCaller,
    request: {
      cause: { type: 't'.repeat(65), category: '', subcategory: 'x' },
      description: 'd'.repeat(501),
      idempotencyKey: key(),
    },
    fields: ['cause.type', 'cause.category', 'description'],
  },
  {
    rpc: 'RetireRootCause',
    service: 'rootCauses',
    caller: managerCaller,
    request: { cause: { type: '', category: '', subcategory: '' }, idempotencyKey: '' },
    fields: ['cause.type', 'cause.category', 'cause.subcategory', 'idempotency_key'],
  },
];

const methodOf = (rpc: string) => rpc.charAt(0).toLowerCase() + rpc.slice(1);

describe('every RPC rejects malformed requests over gRPC, naming each field, and writes nothing', () => {
  it.each(grpcRows.map((row, i) => [`${row.rpc} #${i}`, row] as const))('%s', async (_name, row) => {
    const clients = h.as(row.caller ?? complaintsHandler);
    const client = clients[row.service ?? 'complaints'] as unknown as Record<string, (r: unknown) => Promise<unknown>>;
    const request = row.request.complaintId === THE_FILE ? { ...row.request, complaintId } : row.request;
    expect(await rejectedFields(client[methodOf(row.rpc)]!(request))).toEqual(row.fields);
    await nothingWritten();
  });

  it('a step on an unknown file is NOT_FOUND', async () => {
    const error = await h.complaints
      .escalateComplaint({ complaintId: randomUUID(), reason: 'x', expectedVersion: 0, idempotencyKey: key() })
      .catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });
});

/** The same rows as the HTTP mirror takes them: proto3 JSON bodies, proto field names. */
type Body = Record<string, unknown>;
const httpRows: { rpc: string; service?: string; caller?: TestCaller; body: Body | (() => Body); fields: string[] }[] =
  [
    {
      rpc: 'OpenComplaint',
      body: { source: 'COMPLAINT_SOURCE_DIRECT', customer: { customer_id: '' }, description: '' },
      fields: ['customer.customer_id', 'description', 'idempotency_key'],
    },
    { rpc: 'GetComplaint', body: {}, fields: ['complaint_id'] },
    { rpc: 'ListComplaints', body: { page: { page_size: 500 } }, fields: ['page.page_size'] },
    { rpc: 'AssignComplaint', body: { complaint_id: '' }, fields: stepFields },
    { rpc: 'RecordFacts', body: () => ({ complaint_id: complaintId, idempotency_key: key() }), fields: ['facts'] },
    {
      rpc: 'AttachEvidence',
      body: () => ({ complaint_id: complaintId, idempotency_key: key(), photos: [] }),
      fields: ['photos'],
    },
    { rpc: 'GetEvidence', body: () => ({ complaint_id: complaintId }), fields: ['evidence_id'] },
    { rpc: 'CompleteVerification', body: { note: 'x' }, fields: stepFields },
    {
      rpc: 'RecordAnalysis',
      body: () => ({
        complaint_id: complaintId,
        idempotency_key: key(),
        nature: 'COMPLAINT_NATURE_LOGISTICS',
        severity: 'SEVERITY_SERIOUS',
        responsible_party: 'RESPONSIBLE_PARTY_COURIER',
      }),
      fields: ['root_cause'],
    },
    {
      rpc: 'ProposeRemedies',
      body: () => ({
        complaint_id: complaintId,
        idempotency_key: key(),
        options: [{ kind: 'REMEDY_KIND_RETURN_AND_REFUND', days: 16 }],
      }),
      fields: ['options[0].days'],
    },
    {
      rpc: 'RecordCustomerChoice',
      body: () => ({
        complaint_id: complaintId,
        idempotency_key: key(),
        option_id: 'r1-o1',
        answered_via: 'AGREEMENT_CHANNEL_CHAT',
      }),
      fields: ['answered_at'],
    },
    {
      rpc: 'RecordCompensation',
      body: () => ({ complaint_id: complaintId, idempotency_key: key(), reference: 'C' }),
      fields: ['amount'],
    },
    {
      rpc: 'ConfirmResult',
      body: () => ({ complaint_id: complaintId, idempotency_key: key() }),
      fields: ['confirmed_via'],
    },
    {
      rpc: 'RecordEvaluation',
      body: () => ({ complaint_id: complaintId, idempotency_key: key(), score: 9 }),
      fields: ['score'],
    },
    {
      rpc: 'EscalateComplaint',
      body: () => ({ complaint_id: complaintId, idempotency_key: key() }),
      fields: ['reason'],
    },
    {
      rpc: 'DefineRootCause',
      service: 'RootCausesService',
      caller: managerCaller,
      body: { cause: rootCause },
      fields: ['idempotency_key'],
    },
    {
      rpc: 'RetireRootCause',
      service: 'RootCausesService',
      caller: managerCaller,
      body: { idempotency_key: 'k' },
      fields: ['cause'],
    },
  ];

describe('the HTTP mirror answers 400 invalid_argument naming the fields, and writes nothing', () => {
  it.each(httpRows.map((row) => [row.rpc, row] as const))('%s', async (_name, row) => {
    const body = typeof row.body === 'function' ? row.body() : row.body;
    const reply = await h.http(
      `/cs.complaints.v1.${row.service ?? 'ComplaintsService'}/${row.rpc}`,
      body,
      row.caller ?? complaintsHandler,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(row.fields);
    await nothingWritten();
  });

  it('an unknown enum value and a body that is not JSON', async () => {
    const unknownEnum = await h.http('/cs.complaints.v1.ComplaintsService/ListComplaints', {
      stage: 'COMPLAINT_STAGE_LOST',
    });
    expect(unknownEnum.status).toBe(400);
    const notJson = await h.http('/cs.complaints.v1.ComplaintsService/OpenComplaint', '{"source": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('invalid_argument');
    await nothingWritten();
  });
});
