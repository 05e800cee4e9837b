import { EscalationLevel } from '@cs/contracts/cs/complaints/v1/complaint';
import { migrate, openDatabase } from '@cs/persistence';
import { DueWorkScheduler } from '@cs/scheduler';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { deadlineWorks, SWEEP_ACTOR } from '../../src/application/deadline-sweep.js';
import { defaultStepDeadlinePolicy } from '../../src/domain/step-deadline.rule.js';
import { complaintsMigrations } from '../../src/migrations/index.js';
import { insertComplaints } from './support/complaint-rows.js';

let db: TestDatabase;
let orm: MikroORM;
const policy = defaultStepDeadlinePolicy('Asia/Shanghai');
const lead = 1_080;
const shanghai = (local: string) => new Date(`${local}+08:00`);
const now = shanghai('2026-12-03T15:00:00'); // a Thursday afternoon
const earlier = shanghai('2026-12-03T11:00:00');
const later = shanghai('2026-12-10T10:00:00');

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'complaints_sweep');
  orm = await openDatabase({ url: db.url, entities: [], migrations: complaintsMigrations });
  await migrate(orm);
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

beforeEach(async () => {
  await sql('truncate complaint, complaint_step, cs_outbox cascade');
});

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return orm.em.fork().execute<T[]>(query, params);
}

const replica = (batchSize = 5) =>
  new DueWorkScheduler(orm, deadlineWorks(policy, lead), { pollMs: 60_000, batchSize });
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function levelOf(id: string): Promise<string | undefined> {
  return (
    await sql<{ escalation_level: string }>('select escalation_level from complaint where complaint_id = ?', [id])
  )[0]?.escalation_level;
}

async function escalationEvents(id: string) {
  const rows = await sql<{ payload: Record<string, unknown> }>(
    "select payload from cs_outbox where subject = 'cs.complaints.complaint.escalated' and aggregate_id = ? order by created_at",
    [id],
  );
  return rows.map((r) => r.payload);
}

describe('deadline sweep: overdue steps escalate agent → supervisor → manager, recorded and published', () => {
  it('escalates an overdue file one level, records the step and publishes ComplaintEscalated', async () => {
    await insertComplaints(orm.em.fork(), [{ id: uuid(1), stepDueAt: earlier }]);

    const ticks = await replica().tick(now);

    expect(await levelOf(uuid(1))).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
    const steps = await sql(
      'select action, stage_from, stage_to, actor_id, note, at from complaint_step where complaint_id = ?',
      [uuid(1)],
    );
    expect(steps.map((s) => ({ ...s, at: new Date(String(s.at)) }))).toEqual([
      {
        action: 'escalated',
        stage_from: 'COMPLAINT_STAGE_VERIFYING',
        stage_to: 'COMPLAINT_STAGE_VERIFYING',
        actor_id: SWEEP_ACTOR.agentId,
        note: 'verifying overdue',
        at: now,
      },
    ]);
    expect(await escalationEvents(uuid(1))).toEqual([
      expect.objectContaining({
        complaintId: uuid(1),
        fromLevel: 'ESCALATION_LEVEL_AGENT',
        toLevel: 'ESCALATION_LEVEL_SUPERVISOR',
        reason: 'verifying overdue',
        automatic: true,
        complaintVersion: 2,
      }),
    ]);
    expect(ticks.find((t) => t.name === 'complaint-step-overdue')).toMatchObject({ claimed: 1, handled: 1 });
  });

  it('the supervisor gets the step’s time again; still overdue after it, the file goes to the manager, then stops', async () => {
    await insertComplaints(orm.em.fork(), [{ id: uuid(2), stepDueAt: earlier }]);
    const sweeper = replica();

    await sweeper.tick(now);
    await sweeper.tick(new Date(now.getTime() + 60_000));
    expect(await levelOf(uuid(2))).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);

    await sweeper.tick(later);
    expect(await levelOf(uuid(2))).toBe(EscalationLevel.ESCALATION_LEVEL_MANAGER);

    const afterManager = await sweeper.tick(new Date(later.getTime() + 30 * 86_400_000));
    expect(afterManager.every((t) => t.claimed === 0)).toBe(true);
    expect((await escalationEvents(uuid(2))).map((e) => e.toLevel)).toEqual([
      'ESCALATION_LEVEL_SUPERVISOR',
      'ESCALATION_LEVEL_MANAGER',
    ]);
  });

  it('a critical file starting at supervisor goes straight to the manager when overdue', async () => {
    await insertComplaints(orm.em.fork(), [
      {
        id: uuid(3),
        severity: 'SEVERITY_CRITICAL',
        escalationLevel: 'ESCALATION_LEVEL_SUPERVISOR',
        stepDueAt: earlier,
      },
    ]);

    await replica().tick(now);

    expect(await levelOf(uuid(3))).toBe(EscalationLevel.ESCALATION_LEVEL_MANAGER);
  });

  it('leaves alone files not yet due, archived files and files with the manager; reads none of them', async () => {
    await insertComplaints(orm.em.fork(), [
      { id: uuid(4), stepDueAt: shanghai('2026-12-03T15:00:01') },
      { id: uuid(5), stage: 'COMPLAINT_STAGE_ARCHIVED', stepDueAt: null, archivedAt: earlier },
      { id: uuid(6), escalationLevel: 'ESCALATION_LEVEL_MANAGER', stepDueAt: earlier },
    ]);

    const ticks = await replica().tick(now);

    expect(ticks.map((t) => t.claimed)).toEqual([0, 0]);
    expect(await sql('select 1 from complaint_step')).toEqual([]);
  });

  it('a platform / 12315 file goes to the manager ahead of its external deadline, once', async () => {
    await insertComplaints(orm.em.fork(), [
      // Monday 10:00 is within two business days of Thursday 15:00; its step is not overdue.
      { id: uuid(7), stepDueAt: shanghai('2026-12-04T12:00:00'), externalDeadline: shanghai('2026-12-07T10:00:00') },
      // Wednesday is beyond the lead.
      { id: uuid(8), stepDueAt: shanghai('2026-12-04T12:00:00'), externalDeadline: shanghai('2026-12-09T10:00:00') },
    ]);
    const sweeper = replica();

    await sweeper.tick(now);
    await sweeper.tick(new Date(now.getTime() + 60_000));

    expect(await levelOf(uuid(7))).toBe(EscalationLevel.ESCALATION_LEVEL_MANAGER);
    expect(await escalationEvents(uuid(7))).toEqual([
      expect.objectContaining({
        toLevel: 'ESCALATION_LEVEL_MANAGER',
        reason: 'external deadline near',
        automatic: true,
      }),
    ]);
    expect(await levelOf(uuid(8))).toBe(EscalationLevel.ESCALATION_LEVEL_AGENT);
    // The step keeps its own deadline.
    const due = await sql<{ step_due_at: string }>('select step_due_at from complaint where complaint_id = ?', [
      uuid(7),
    ]);
    expect(new Date(String(due[0]?.step_due_at))).toEqual(shanghai('2026-12-04T12:00:00'));
  });

  it('two replicas sweeping at once escalate each overdue file exactly once', async () => {
    const overdue = Array.from({ length: 60 }, (_, i) => ({
      id: uuid(100 + i),
      stepDueAt: new Date(earlier.getTime() - i * 1000),
    }));
    await insertComplaints(orm.em.fork(), overdue);

    const [a, b] = await Promise.all([replica(7).tick(now), replica(7).tick(now)]);

    const perFile = await sql<{ complaint_id: string; steps: number; events: number; version: string }>(
      `select c.complaint_id,
              (select count(*)::int from complaint_step s where s.complaint_id = c.complaint_id) as steps,
              (select count(*)::int from cs_outbox o where o.aggregate_id = c.complaint_id::text) as events,
              c.version
       from complaint c`,
    );
    expect(perFile).toHaveLength(60);
    expect(perFile.every((f) => f.steps === 1 && f.events === 1 && Number(f.version) === 2)).toBe(true);
    const handled = [...a, ...b].reduce((sum, t) => sum + t.handled, 0);
    expect(handled).toBe(60);
  });
});
