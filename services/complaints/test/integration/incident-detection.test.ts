import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { IncidentDetection } from '../../src/application/incident-detection.js';
import { complaintsMigrations } from '../../src/migrations/index.js';
import { insertComplaints } from './support/complaint-rows.js';

let db: TestDatabase;
let orm: MikroORM;
const detection = new IncidentDetection({ complaintsIncidentThreshold: 3, complaintsIncidentWindowMinutes: 60 });
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const now = new Date('2026-12-03T10:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'complaints_incidents');
  orm = await openDatabase({ url: db.url, entities: [], migrations: complaintsMigrations });
  await migrate(orm);
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});
beforeEach(async () => {
  await orm.em.fork().execute('truncate complaint, incident, cs_outbox cascade');
});

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  orm.em.fork().execute<T[]>(query, params);

/** Opens one file about `sku` and runs the detection in its transaction, as the opening does. */
const openAbout = (id: number, sku: string, at = now) =>
  orm.em.fork().transactional(async (em) => {
    await insertComplaints(em, [{ id: uuid(id), skus: [sku], openedAt: at }]);
    return detection.check(em, { complaintId: uuid(id), skus: [sku], at });
  });

describe('IncidentDetection (spike threshold and window, in the database)', () => {
  it('files older than the window do not count', async () => {
    await openAbout(1, 'SKU-A', minutesAgo(61));
    await openAbout(2, 'SKU-A', minutesAgo(30));
    expect(await openAbout(3, 'SKU-A')).toBeUndefined();
    expect(await openAbout(4, 'SKU-A')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a file counted just after another transaction opened the incident and grouped the others joins it', async () => {
    await openAbout(1, 'SKU-C');
    await openAbout(2, 'SKU-C');
    let opened: string | undefined;
    const joined = await orm.em.fork().transactional(async (em) => {
      await insertComplaints(em, [{ id: uuid(4), skus: ['SKU-C'], openedAt: now }]);
      // File 3 opens and commits the incident between this check's look-up and its count.
      const racing = new Proxy(em, {
        get(target, property, receiver) {
          if (property !== 'execute') return Reflect.get(target, property, receiver);
          return async (query: string, params?: unknown[]) => {
            if (opened === undefined && query.includes('select complaint_id from complaint')) {
              opened = await openAbout(3, 'SKU-C');
            }
            return target.execute(query, params);
          };
        },
      });
      return detection.check(racing, { complaintId: uuid(4), skus: ['SKU-C'], at: now });
    });
    expect(opened).toMatch(/^[0-9a-f-]{36}$/);
    expect(joined).toBe(opened);
    expect(await sql('select incident_id from incident')).toHaveLength(1);
  });

  it('two openings crossing the threshold at the same moment end in one incident and one IncidentOpened', async () => {
    await openAbout(1, 'SKU-B');
    await openAbout(2, 'SKU-B');

    const [a, b] = await Promise.all([openAbout(3, 'SKU-B'), openAbout(4, 'SKU-B')]);

    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(await sql('select incident_id from incident')).toHaveLength(1);
    const events = await sql<{ payload: { complaintIds: string[] } }>(
      "select payload from cs_outbox where subject = 'cs.complaints.incident.opened'",
    );
    expect(events).toHaveLength(1);
    const grouped = await sql<{ complaint_id: string }>('select complaint_id from complaint where incident_id = ?', [
      a,
    ]);
    // The earlier two are grouped by the detection; the caller sets the incident on its own file.
    expect(grouped.map((r) => r.complaint_id).sort()).toEqual([uuid(1), uuid(2)]);
  });
});
