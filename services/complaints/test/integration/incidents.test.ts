import { randomUUID } from 'node:crypto';
import {
  type Complaint,
  ComplaintNature,
  ComplaintStage,
  ResponsibleParty,
  Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';
import { IncidentTrigger } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ComplaintsHarness,
  complaintsHandler,
  managerCaller,
  startComplaints,
  supervisorCaller,
} from './complaints-fixture.js';
import { bringToProposing, emergencyOptions, type IncidentsClient, incidentsClient } from './incidents-fixture.js';

let h: ComplaintsHarness;
let incidents: IncidentsClient;
let asSupervisor: IncidentsClient;

beforeAll(async () => {
  h = await startComplaints({ COMPLAINTS_INCIDENT_THRESHOLD: '3', COMPLAINTS_INCIDENT_WINDOW_MINUTES: '60' });
  incidents = incidentsClient(h, complaintsHandler);
  asSupervisor = incidentsClient(h, supervisorCaller);
});
afterAll(async () => {
  incidents?.close();
  asSupervisor?.close();
  await h?.close();
});

const rpc = (method: string) => `/cs.complaints.v1.IncidentsService/${method}`;
const openAbout = (sku: string) => h.open({ skus: [sku], claimedNature: ComplaintNature.COMPLAINT_NATURE_OTHER });
const incidentOf = async (complaintId: string) =>
  (await h.complaints.getComplaint({ complaintId })).complaint?.incidentId;

/** The event as published on the bus (proto3 JSON), once it arrives. */
async function published(subject: string, incidentId: string): Promise<Record<string, any>> {
  const event = await waitFor(`${subject} for ${incidentId}`, () =>
    h.events.ofSubject(subject).find((e) => e.data.incidentId === incidentId),
  );
  return event.data;
}

async function grpcCode(call: Promise<unknown>): Promise<number> {
  return call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (e: { code: number }) => e.code,
  );
}

describe('emergency mode: a spike of complaints about one SKU opens an incident', () => {
  it('the third complaint within the window opens it, groups the earlier two, tells the manager; a fourth joins', async () => {
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const first = await openAbout(sku);
    const second = await openAbout(sku);
    expect(await incidentOf(first.complaintId)).toBe('');
    const third = await openAbout(sku);

    const incidentId = third.incidentId;
    expect(incidentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await incidentOf(first.complaintId)).toBe(incidentId);
    expect(await incidentOf(second.complaintId)).toBe(incidentId);
    const opened = await published('cs.complaints.incident.opened', incidentId);
    expect(opened).toMatchObject({ trigger: 'sku', key: sku, threshold: 3, windowMinutes: 60 });
    expect([...opened.complaintIds].sort()).toEqual([first.complaintId, second.complaintId, third.complaintId].sort());

    const fourth = await openAbout(sku);
    expect(fourth.incidentId).toBe(incidentId);
    const { incident, complaintIds } = await incidents.getIncident({ incidentId });
    expect(incident).toMatchObject({ trigger: IncidentTrigger.INCIDENT_TRIGGER_SKU, key: sku, complaintCount: 4 });
    expect(complaintIds).toEqual([first, second, third, fourth].map((c) => c.complaintId));
    const listed = await incidents.listIncidents({ openOnly: true, page: undefined });
    expect(listed.incidents.map((i) => i.incidentId)).toContain(incidentId);
  });

  it('complaints about different SKUs do not add up', async () => {
    const opened: Complaint[] = [];
    for (let i = 0; i < 3; i++) opened.push(await openAbout(`SKU-${randomUUID().slice(0, 8)}`));
    expect(opened.every((c) => c.incidentId === '')).toBe(true);
  });
});

describe('ProposeRemediesToIncident: one round for every file of the incident waiting for a proposal', () => {
  it('offers the options to the files in proposing, skips the rest naming the rule; a retry returns the first outcome', async () => {
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const files = [await openAbout(sku), await openAbout(sku), await openAbout(sku)];
    const incidentId = (await h.complaints.getComplaint({ complaintId: files[0]!.complaintId })).complaint!.incidentId;
    expect(incidentId).not.toBe('');
    await bringToProposing(h, files[0]!.complaintId, [sku]);
    await bringToProposing(h, files[1]!.complaintId, [sku]);
    const request = { incidentId, options: emergencyOptions, idempotencyKey: randomUUID() };

    const answer = await incidents.proposeRemediesToIncident(request);

    expect([...answer.proposedComplaintIds].sort()).toEqual([files[0]!.complaintId, files[1]!.complaintId].sort());
    expect(answer.skipped).toEqual([
      { complaintId: files[2]!.complaintId, reason: 'complaints.proposal.after-analysis' },
    ]);
    for (const file of files.slice(0, 2)) {
      const { complaint } = await h.complaints.getComplaint({ complaintId: file.complaintId });
      expect(complaint?.stage).toBe(ComplaintStage.COMPLAINT_STAGE_PROPOSING);
      expect(complaint?.rounds).toHaveLength(1);
      expect(complaint?.rounds[0]?.options.map((o) => o.kind)).toEqual(emergencyOptions.map((o) => o.kind));
    }

    expect(await incidents.proposeRemediesToIncident(request)).toEqual(answer);
    const rounds = (await h.complaints.getComplaint({ complaintId: files[0]!.complaintId })).complaint?.rounds;
    expect(rounds).toHaveLength(1);
    // A second, different proposal finds the round still open: every file is skipped.
    const again = await incidents.proposeRemediesToIncident({ ...request, idempotencyKey: randomUUID() });
    expect(again.proposedComplaintIds).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual([
      'complaints.proposal.one-open-round',
      'complaints.proposal.one-open-round',
      'complaints.proposal.after-analysis',
    ]);
  });

  it('through the HTTP mirror too', async () => {
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i++) await openAbout(sku);
    const { incidents: open } = await incidents.listIncidents({
      openOnly: true,
      page: { pageSize: 200, pageToken: '' },
    });
    const incidentId = open.find((i) => i.key === sku)!.incidentId;

    const reply = await h.http(rpc('ProposeRemediesToIncident'), {
      incidentId,
      options: [{ kind: 'REMEDY_KIND_APOLOGY_ONLY', days: 0, description: '致歉' }],
      idempotencyKey: randomUUID(),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.skipped).toHaveLength(3);
    const got = await h.http(rpc('GetIncident'), { incidentId });
    expect(got.status).toBe(200);
    expect(got.body.complaintIds).toHaveLength(3);
    const listed = await h.http(rpc('ListIncidents'), { openOnly: true });
    expect(listed.status).toBe(200);
    expect(listed.body.incidents.length).toBeGreaterThan(0);
  });
});

describe('CloseIncident', () => {
  it('a supervisor closes it once (IncidentClosed); proposing to it or closing it again is FAILED_PRECONDITION', async () => {
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const files = [await openAbout(sku), await openAbout(sku), await openAbout(sku)];
    const incidentId = files[2]!.incidentId;

    const { incident } = await asSupervisor.closeIncident({
      incidentId,
      note: '批次已召回',
      idempotencyKey: randomUUID(),
    });

    expect(incident).toMatchObject({
      incidentId,
      complaintCount: 3,
      closedBy: { agentId: supervisorCaller.agentId, name: supervisorCaller.name },
      version: 2,
    });
    expect(incident?.closedAt).toBeDefined();
    const closed = await published('cs.complaints.incident.closed', incidentId);
    expect(closed).toMatchObject({ complaintCount: 3, closedBy: { agentId: supervisorCaller.agentId } });
    expect(await grpcCode(asSupervisor.closeIncident({ incidentId, note: '', idempotencyKey: randomUUID() }))).toBe(
      status.FAILED_PRECONDITION,
    );
    expect(
      await grpcCode(
        incidents.proposeRemediesToIncident({ incidentId, options: emergencyOptions, idempotencyKey: randomUUID() }),
      ),
    ).toBe(status.FAILED_PRECONDITION);
    // The files keep their incident; the next spike of the SKU opens a new one.
    expect(await incidentOf(files[0]!.complaintId)).toBe(incidentId);
    const next = [await openAbout(sku), await openAbout(sku), await openAbout(sku)];
    expect(next[2]!.incidentId).not.toBe('');
    expect(next[2]!.incidentId).not.toBe(incidentId);
  });

  it('a complaints handler may not close an incident; an unknown incident is NOT_FOUND', async () => {
    const unknown = randomUUID();
    expect(
      await grpcCode(incidents.closeIncident({ incidentId: unknown, note: '', idempotencyKey: randomUUID() })),
    ).toBe(status.PERMISSION_DENIED);
    const manager = incidentsClient(h, managerCaller);
    try {
      expect(
        await grpcCode(manager.closeIncident({ incidentId: unknown, note: '', idempotencyKey: randomUUID() })),
      ).toBe(status.NOT_FOUND);
      expect(await grpcCode(manager.getIncident({ incidentId: unknown }))).toBe(status.NOT_FOUND);
    } finally {
      manager.close();
    }
  });
});

describe('root-cause spikes', () => {
  const lost = { type: 'logistics', category: 'delivery', subcategory: 'lost' };

  /** Facts, verification and an analysis naming `cause`, as a handler takes the file through them. */
  async function analyse(complaintId: string, cause: typeof lost): Promise<void> {
    await h.complaints.recordFacts({
      complaintId,
      facts: {
        orderIds: ['TB1'],
        purchasedAt: undefined,
        productModel: '',
        skus: [],
        whatHappened: '包裹丢失',
        waybillNo: '',
      },
      claimedNature: ComplaintNature.COMPLAINT_NATURE_OTHER,
      expectedVersion: 0,
      idempotencyKey: randomUUID(),
    });
    await h.complaints.completeVerification({
      complaintId,
      note: '',
      expectedVersion: 0,
      idempotencyKey: randomUUID(),
    });
    await h.complaints.recordAnalysis({
      complaintId,
      nature: ComplaintNature.COMPLAINT_NATURE_LOGISTICS,
      severity: Severity.SEVERITY_ORDINARY,
      responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_COURIER,
      responsibleAgent: undefined,
      rootCause: cause,
      note: '',
      expectedVersion: 0,
      idempotencyKey: randomUUID(),
    });
  }

  it('files analysed with the same root cause within the window form an incident by cause', async () => {
    const files: Complaint[] = [];
    for (let i = 0; i < 3; i++) files.push(await openAbout(`SKU-${randomUUID().slice(0, 8)}`));
    for (const file of files) await analyse(file.complaintId, lost);

    const incidentId = await waitFor(
      'the third analysis to group the files',
      async () => (await incidentOf(files[2]!.complaintId)) || undefined,
    );
    for (const file of files) expect(await incidentOf(file.complaintId)).toBe(incidentId);
    const { incident } = await incidents.getIncident({ incidentId });
    expect(incident).toMatchObject({
      trigger: IncidentTrigger.INCIDENT_TRIGGER_ROOT_CAUSE,
      key: 'logistics/delivery/lost',
    });

    // A file already under an SKU incident keeps it when its analysis names that cause.
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const skuFiles = [await openAbout(sku), await openAbout(sku), await openAbout(sku)];
    const skuIncident = skuFiles[2]!.incidentId;
    expect(skuIncident).not.toBe('');
    await analyse(skuFiles[0]!.complaintId, lost);
    expect(await incidentOf(skuFiles[0]!.complaintId)).toBe(skuIncident);
  });
});
