// The lean command path (CommandTransactions + EntityRows + guardedWrite) keeps what runIdempotent and
// the ORM unit of work guarantee: a retry replays the first outcome and writes nothing more, a stale
// version is retried on fresh rows (ABORTED when it keeps losing), the outbox row is written once
// with its change, and a refusal or a failed write leaves no row behind, the idempotency key included.
import { ConcurrentEdit, InvalidArgument, RuleViolation } from '@cs/errors';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import { EntitySchema, type MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { outboxRows } from '../../src/command-statements.js';
import { COMMAND_SESSION_OPTIONS, CommandTransactions, type LeanCommand } from '../../src/command-transaction.js';
import { EntityRows } from '../../src/entity-rows.js';
import { idempotencyKeysTableSql } from '../../src/idempotency.js';
import { migrate, openDatabase } from '../../src/orm.js';

class Widget {
  id!: string;
  colour!: string;
  tags!: string[];
  touchedAt!: Date;
  version!: number;

  repaint(colour: string, at: Date): void {
    if (colour === 'forbidden') throw new RuleViolation('widgets.colour', 'not that colour');
    this.colour = colour;
    this.tags = [...this.tags, colour];
    this.touchedAt = at;
  }
}

const WidgetSchema = new EntitySchema<Widget>({
  class: Widget,
  tableName: 'widgets',
  properties: {
    id: { type: 'string', primary: true },
    colour: { type: 'string' },
    tags: { type: 'json' },
    touchedAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});

let db: TestDatabase;
let orm: MikroORM;
let commands: CommandTransactions;
let widgets: EntityRows<Widget>;
let admin: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'command_tx');
  orm = await openDatabase({ url: db.url, entities: [WidgetSchema], migrations: [] });
  await migrate(orm);
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(idempotencyKeysTableSql);
  await admin.query(`create table widgets (id text primary key, colour text not null, tags jsonb not null,
    touched_at timestamptz not null, version integer not null default 1)`);
  commands = CommandTransactions.forOrm(orm);
  widgets = EntityRows.of(orm, Widget);
});

afterAll(async () => {
  await commands?.close();
  await admin?.end();
  await orm?.close();
  await db?.drop();
});

let seq = 0;
async function newWidget(): Promise<string> {
  const id = `w${++seq}`;
  await admin.query(`insert into widgets (id, colour, tags, touched_at) values ($1, 'grey', '["grey"]', now())`, [id]);
  return id;
}

/** Repaints a widget; `meanwhile` runs between its read and its write (a concurrent writer). */
function repaint(
  id: string,
  colour: string,
  meanwhile?: () => Promise<unknown>,
): LeanCommand<{ version: number; colour: string }> {
  return {
    reads: [widgets.selectById(id)],
    decide: async ([rows]) => {
      const widget = widgets.hydrate(rows![0]!);
      const before = widgets.snapshot(widget);
      const read = widget.version;
      widget.repaint(colour, new Date());
      widget.version = read + 1;
      await meanwhile?.();
      const event = { id: crypto.randomUUID(), subject: 'cs.test.widget.repainted', aggregateId: id };
      return {
        guard: widgets.versionedUpdate(widget, before, read),
        inserts: [outboxRows([{ ...event, aggregateVersion: widget.version, body: { colour } }])],
        outcome: { response: { version: widget.version, colour } },
      };
    },
  };
}

const state = async (id: string) => {
  const widget = (await admin.query('select colour, tags, version from widgets where id = $1', [id])).rows[0];
  const events = (
    await admin.query('select aggregate_version::int, payload from cs_outbox where aggregate_id = $1', [id])
  ).rows;
  const keys = Number((await admin.query('select count(*) from idempotency_keys')).rows[0].count);
  return { widget, events, keys };
};

describe('CommandTransactions.runIdempotent', () => {
  it('writes the change, its outbox row and its outcome once; a retry replays the outcome and writes nothing', async () => {
    const id = await newWidget();
    const keysBefore = (await state(id)).keys;
    const request = { id, colour: 'red', idempotencyKey: `k-${id}` };
    const first = await commands.runIdempotent('Repaint', request, () => repaint(id, 'red'));
    const replay = await commands.runIdempotent('Repaint', request, () => repaint(id, 'red'));
    expect(first).toEqual({ version: 2, colour: 'red' });
    expect(replay).toEqual(first);
    const after = await state(id);
    expect(after.widget).toEqual({ colour: 'red', tags: ['grey', 'red'], version: 2 });
    expect(after.events).toEqual([{ aggregate_version: 2, payload: { colour: 'red' } }]);
    expect(after.keys).toBe(keysBefore + 1);
  });

  it('refuses the same key for a different request', async () => {
    const id = await newWidget();
    await commands.runIdempotent('Repaint', { id, colour: 'red', idempotencyKey: `k-${id}` }, () => repaint(id, 'red'));
    await expect(
      commands.runIdempotent('Repaint', { id, colour: 'blue', idempotencyKey: `k-${id}` }, () => repaint(id, 'blue')),
    ).rejects.toBeInstanceOf(InvalidArgument);
  });

  it('two concurrent attempts under one key: one runs, the other gets its outcome', async () => {
    const id = await newWidget();
    const request = { id, colour: 'green', idempotencyKey: `k-${id}` };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => commands.runIdempotent('Repaint', request, () => repaint(id, 'green'))),
    );
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    const after = await state(id);
    expect(after.widget.version).toBe(2);
    expect(after.events).toHaveLength(1);
  });

  it('a stale version writes nothing and runs again on fresh rows', async () => {
    const id = await newWidget();
    const attempts: number[] = [];
    const bump = () => admin.query('update widgets set version = version + 1 where id = $1', [id]);
    const result = await commands.runIdempotent('Repaint', { id, colour: 'blue', idempotencyKey: `k-${id}` }, (n) => {
      attempts.push(n);
      return repaint(id, 'blue', n === 1 ? bump : undefined);
    });
    expect(attempts).toEqual([1, 2]);
    expect(result).toEqual({ version: 3, colour: 'blue' });
    const after = await state(id);
    expect(after.widget).toEqual({ colour: 'blue', tags: ['grey', 'blue'], version: 3 });
    expect(after.events).toEqual([{ aggregate_version: 3, payload: { colour: 'blue' } }]);
  });

  it('a version that keeps moving ends as ConcurrentEdit (ABORTED) with nothing written', async () => {
    const id = await newWidget();
    const keysBefore = (await state(id)).keys;
    const bump = () => admin.query('update widgets set version = version + 1 where id = $1', [id]);
    await expect(
      commands.runIdempotent('Repaint', { id, colour: 'blue', idempotencyKey: `k-${id}` }, () =>
        repaint(id, 'blue', bump),
      ),
    ).rejects.toBeInstanceOf(ConcurrentEdit);
    const after = await state(id);
    expect(after.widget).toEqual({ colour: 'grey', tags: ['grey'], version: 5 });
    expect(after.events).toEqual([]);
    expect(after.keys).toBe(keysBefore);
  });

  it('a refusal or a failed write rolls back everything, the key too, and the pool stays usable', async () => {
    const id = await newWidget();
    const keysBefore = (await state(id)).keys;
    const request = { id, colour: 'forbidden', idempotencyKey: `k-${id}` };
    await expect(commands.runIdempotent('Repaint', request, () => repaint(id, 'forbidden'))).rejects.toBeInstanceOf(
      RuleViolation,
    );
    const broken: LeanCommand<unknown> = {
      reads: [],
      // cs_outbox.subject is NOT NULL: the one write statement fails, its COMMIT becomes a ROLLBACK.
      decide: () => ({
        guard: widgets.versionedUpdate(Object.assign(new Widget(), { id, colour: 'x' }), new Map(), 1),
        inserts: [{ table: 'cs_outbox', rows: [{ id: crypto.randomUUID(), aggregate_id: id }] }],
        outcome: { response: 1 },
      }),
    };
    await expect(commands.runIdempotent('Break', { idempotencyKey: `b-${id}` }, () => broken)).rejects.toMatchObject({
      code: '23502',
    });
    const after = await state(id);
    expect(after.widget).toEqual({ colour: 'grey', tags: ['grey'], version: 1 });
    expect(after.events).toEqual([]);
    expect(after.keys).toBe(keysBefore);
    // Neither failure left a connection inside a transaction: the same key now runs normally.
    const ok = await commands.runIdempotent('Repaint', { ...request, colour: 'red' }, () => repaint(id, 'red'));
    expect(ok).toEqual({ version: 2, colour: 'red' });
    expect(commands.pool.totalCount).toBe(commands.pool.idleCount);
  });

  it('a connection terminated mid-command costs that command only: the pool drops it and the next one runs', async () => {
    const id = await newWidget();
    const terminateOwnBackend = async () => {
      const { rows } = await admin.query(
        "select pid from pg_stat_activity where datname = current_database() and application_name = 'cs-command' and state = 'idle in transaction'",
      );
      for (const { pid } of rows) await admin.query('select pg_terminate_backend($1)', [pid]);
    };
    const error = await commands
      .runIdempotent('Repaint', { id, colour: 'red', idempotencyKey: `cut-${id}` }, () =>
        repaint(id, 'red', terminateOwnBackend),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((await state(id)).widget).toEqual({ colour: 'grey', tags: ['grey'], version: 1 });
    const ok = await commands.runIdempotent('Repaint', { id, colour: 'red', idempotencyKey: `cut-${id}` }, () =>
      repaint(id, 'red'),
    );
    expect(ok).toEqual({ version: 2, colour: 'red' });
    expect(commands.pool.totalCount).toBe(commands.pool.idleCount);
  });
});

describe('CommandTransactions: each round trip leaves in one socket write', () => {
  // Socket writes, not statements, are what a round trip costs on a machine where a system call is
  // dear: pg writes each query by itself unless the stream is corked around the pipeline.
  let counted: CommandTransactions;
  let writes = 0;

  beforeAll(() => {
    counted = CommandTransactions.forOrm(orm);
    counted.pool.on('connect', (client) => {
      const stream = (
        client as unknown as { connection: { stream: Record<'_write' | '_writev', (...args: unknown[]) => unknown> } }
      ).connection.stream;
      for (const method of ['_write', '_writev'] as const) {
        const original = stream[method];
        stream[method] = function (this: unknown, ...args: unknown[]) {
          writes += 1;
          return original.apply(this, args);
        };
      }
    });
  });
  afterAll(() => counted?.close());

  const written = async <T>(run: () => Promise<T>) => {
    await counted.run(() => ({ reads: [], decide: () => ({ inserts: [], outcome: {} }) })); // a connection is open
    writes = 0;
    const result = await run();
    return { result, writes };
  };

  it('a command with reads: two writes (BEGIN, the key, its outcome and the reads; then the write and COMMIT)', async () => {
    const id = await newWidget();
    const { result, writes } = await written(() =>
      counted.runIdempotent('Repaint', { id, colour: 'red', idempotencyKey: `w-${id}` }, () => repaint(id, 'red')),
    );
    expect(result).toEqual({ version: 2, colour: 'red' });
    expect(writes).toBe(2);
  });

  it('a command with nothing to read: BEGIN travels with the write and COMMIT, one write in all', async () => {
    const id = `append-${++seq}`;
    const event = { id: crypto.randomUUID(), subject: 'cs.test.widget.noted', aggregateId: id, aggregateVersion: 1 };
    const { result, writes } = await written(() =>
      counted.run(() => ({
        reads: [],
        decide: () => ({ inserts: [outboxRows([{ ...event, body: { note: 'n' } }])], outcome: { response: 'noted' } }),
      })),
    );
    expect(result).toBe('noted');
    expect(writes).toBe(1);
    expect((await state(id)).events).toEqual([{ aggregate_version: 1, payload: { note: 'n' } }]);
  });

  it('a refusal decided while that BEGIN is in flight rolls it back and the connection goes back clean', async () => {
    const id = `refused-${++seq}`;
    await expect(
      counted.run(() => ({
        reads: [],
        decide: () => {
          throw new RuleViolation('widgets.note', 'not noted');
        },
      })),
    ).rejects.toBeInstanceOf(RuleViolation);
    expect((await state(id)).events).toEqual([]);
    const { rows } = await admin.query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'cs-command' and state <> 'idle'",
    );
    expect(rows[0].n).toBe(0);
    expect(counted.pool.totalCount).toBe(counted.pool.idleCount);
  });
});

describe('CommandTransactions: prepared statements', () => {
  it('the key lock, its look-up and the write are prepared once per connection, and still run after a migration adds a column', async () => {
    const single = new CommandTransactions(
      new pg.Pool({
        connectionString: db.url,
        max: 1,
        pipeline: true,
        options: COMMAND_SESSION_OPTIONS,
      }),
    );
    try {
      const id = await newWidget();
      const repaintTo = (colour: string) =>
        single.runIdempotent('Repaint', { id, colour, idempotencyKey: `p-${id}-${colour}` }, () => repaint(id, colour));
      await repaintTo('red');
      const prepared = async () =>
        (
          await single.pool.query<{ statement: string }>(
            "select statement from pg_prepared_statements where name like 'cs_command_%'",
          )
        ).rows.map((r) => r.statement);
      const afterFirst = await prepared();
      expect(afterFirst.some((s) => s.includes('pg_advisory_xact_lock'))).toBe(true);
      expect(afterFirst.some((s) => s.includes('insert into "cs_outbox"'))).toBe(true);
      await admin.query('alter table widgets add column shelf text');
      await admin.query('alter table cs_outbox add column note text');
      try {
        expect(await repaintTo('blue')).toEqual({ version: 3, colour: 'blue' });
        expect(await prepared()).toEqual(afterFirst); // the same statements, not parsed again
        expect((await state(id)).widget).toEqual({ colour: 'blue', tags: ['grey', 'red', 'blue'], version: 3 });
      } finally {
        await admin.query('alter table widgets drop column shelf');
        await admin.query('alter table cs_outbox drop column note');
      }
    } finally {
      await single.close();
    }
  });
});
