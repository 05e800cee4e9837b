import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Statement, TableRows } from './command-statements.js';

type Constructor<E> = abstract new (...args: never[]) => E;

/**
 * An entity's table as the lean command path reads and writes it, from the same EntitySchema the
 * ORM maps it with (so column names and the version column are declared once), without the unit of
 * work: rows become entities, and entities rows, by a plain copy of their scalar properties.
 */
export class EntityRows<E extends object> {
  readonly table: string;
  private readonly props: { name: keyof E & string; column: string }[];
  private readonly idColumn: string;
  private readonly versionColumn?: string;
  private readonly selectList: string;

  private constructor(
    meta: EntityMetadata<E>,
    private readonly type: Constructor<E>,
  ) {
    this.table = meta.tableName;
    this.props = (Object.values(meta.properties) as EntityProperty<E>[])
      .filter((p) => p.kind === 'scalar' && p.persist !== false)
      .map((p) => ({ name: p.name as keyof E & string, column: p.fieldNames[0]! }));
    const primary = this.props.find((p) => meta.primaryKeys.includes(p.name as never));
    if (!primary) throw new Error(`${this.table}: no primary key`);
    this.idColumn = primary.column;
    this.versionColumn = meta.versionProperty ? this.columnOf(meta.versionProperty as string) : undefined;
    this.selectList = this.props.map((p) => `"${p.column}"`).join(', ');
  }

  static of<E extends object>(orm: MikroORM, type: Constructor<E>): EntityRows<E> {
    return new EntityRows(orm.getMetadata().get<E>(type as never), type);
  }

  /** The row with this primary key, every mapped column; FOR UPDATE when the command must hold it. */
  selectById(id: unknown, { forUpdate = false } = {}): Statement {
    return {
      text: `select ${this.selectList} from "${this.table}" where "${this.idColumn}" = $1${forUpdate ? ' for update' : ''}`,
      values: [id],
    };
  }

  /** An entity from a row its select returned (pg has already parsed jsonb and timestamptz). */
  hydrate(row: Record<string, unknown>): E {
    const entity = Object.create(this.type.prototype) as E;
    for (const p of this.props) (entity as Record<string, unknown>)[p.name] = row[p.column];
    return entity;
  }

  /** What each property holds now, to tell afterwards which ones the domain changed. */
  snapshot(entity: E): Map<string, string> {
    return new Map(this.props.map((p) => [p.name, JSON.stringify(entity[p.name]) ?? 'undefined']));
  }

  /** New entities as rows to insert; the version column starts at 1, as the ORM starts it. */
  insert(entities: readonly E[]): TableRows {
    return {
      table: this.table,
      rows: entities.map((entity) => {
        const row = this.row(entity);
        if (this.versionColumn) row[this.versionColumn] ??= 1;
        return row;
      }),
    };
  }

  /**
   * The update of what changed since `before`, guarded by the version the command read: it matches
   * no row when another writer committed first (the caller retries on fresh state), and bumps the
   * version otherwise. Returns the new version.
   */
  versionedUpdate(entity: E, before: Map<string, string>, readVersion: number): Statement {
    if (!this.versionColumn) throw new Error(`${this.table}: no version column`);
    // Each property serialised once: the text that tells it changed is the text the update sends.
    const changed: { column: string; json: string }[] = [];
    for (const p of this.props) {
      if (p.column === this.versionColumn) continue;
      const json = JSON.stringify(entity[p.name]) ?? 'undefined';
      if (json !== before.get(p.name)) changed.push({ column: p.column, json: json === 'undefined' ? 'null' : json });
    }
    const set = changed.length
      ? `(${changed.map((c) => `"${c.column}"`).join(', ')}) = (select ${changed.map((c) => `r."${c.column}"`).join(', ')} from jsonb_populate_record(null::"${this.table}", $3::jsonb) r), `
      : '';
    const values = `{${changed.map((c) => `${JSON.stringify(c.column)}:${c.json}`).join(',')}}`;
    return {
      text: `update "${this.table}" set ${set}"${this.versionColumn}" = "${this.versionColumn}" + 1
        where "${this.idColumn}" = $1 and "${this.versionColumn}" = $2 returning "${this.versionColumn}"`,
      values: [(entity as Record<string, unknown>)[this.propOf(this.idColumn)], readVersion, values],
    };
  }

  private row(entity: E): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const p of this.props) {
      const value = entity[p.name];
      if (value !== undefined) row[p.column] = value;
    }
    return row;
  }

  private columnOf(name: string): string {
    const prop = this.props.find((p) => p.name === name);
    if (!prop) throw new Error(`${this.table}: no property ${name}`);
    return prop.column;
  }

  private propOf(column: string): string {
    return this.props.find((p) => p.column === column)!.name;
  }
}
