import { randomUUID } from 'node:crypto';
import { ComplaintSource, EscalationLevel, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ComplaintsHarness, startComplaints } from './complaints-fixture.js';

let h: ComplaintsHarness;

beforeAll(async () => {
  // The service's own sweep, polling fast so the test waits on it rather than calling it.
  h = await startComplaints({ COMPLAINTS_SWEEP_POLL_MS: '100' });
});
afterAll(() => h?.close());

const levelOf = async (complaintId: string) => (await h.complaints.getComplaint({ complaintId })).complaint;
const overdue = (complaintId: string) =>
  h.sql("update complaint set step_due_at = now() - interval '1 minute' where complaint_id = ?", [complaintId]);

describe('the running service escalates overdue files by itself and publishes it', () => {
  it('an overdue file goes from the agent to the supervisor: escalated step, ComplaintEscalated on the bus', async () => {
    const file = await h.open();
    expect(file.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_AGENT);
    expect(file.stepDueAt).toBeDefined();
    await overdue(file.complaintId);

    const escalated = await waitFor('the sweep to escalate the file', async () => {
      const now = await levelOf(file.complaintId);
      return now?.escalationLevel === EscalationLevel.ESCALATION_LEVEL_SUPERVISOR ? now : undefined;
    });

    expect(escalated.steps.at(-1)).toMatchObject({
      action: 'escalated',
      actor: { agentId: 'system:deadline-sweep' },
      note: 'verifying overdue',
    });
    // The supervisor has the step's time again: the new deadline is ahead.
    expect(escalated.stepDueAt!.seconds * 1000).toBeGreaterThan(Date.now());
    const event = await waitFor('ComplaintEscalated on the bus', () =>
      h.events.ofSubject('cs.complaints.complaint.escalated').find((e) => e.data.complaintId === file.complaintId),
    );
    expect(event.data).toMatchObject({
      fromLevel: 'ESCALATION_LEVEL_AGENT',
      toLevel: 'ESCALATION_LEVEL_SUPERVISOR',
      reason: 'verifying overdue',
      automatic: true,
    });
  });

  it('a 12315 file whose settlement deadline is near goes straight to the manager', async () => {
    // A deadline within the next day is always within two business days of now.
    const soon = new Date(Date.now() + 20 * 3_600_000);
    const file = await h.open({
      source: ComplaintSource.COMPLAINT_SOURCE_REGULATOR_12315,
      sourceReference: `12315-${randomUUID().slice(0, 8)}`,
      severity: Severity.SEVERITY_SERIOUS,
      externalDeadline: { seconds: Math.floor(soon.getTime() / 1000), nanos: 0 },
    });

    const escalated = await waitFor('the sweep to hand the file to the manager', async () => {
      const now = await levelOf(file.complaintId);
      return now?.escalationLevel === EscalationLevel.ESCALATION_LEVEL_MANAGER ? now : undefined;
    });

    expect(escalated.steps.filter((s) => s.action === 'escalated').map((s) => s.note)).toEqual([
      'external deadline near',
    ]);
  });
});
