import { EntitySchema } from '@mikro-orm/postgresql';

/** A versioned row for the persistence tests: one number that commands and transactions change. */
export class Counter {
  id!: string;
  value!: number;
  version!: number;
}

export const CounterSchema = new EntitySchema<Counter>({
  class: Counter,
  tableName: 'counters',
  properties: {
    id: { type: 'string', primary: true },
    value: { type: 'integer' },
    version: { type: 'integer', version: true },
  },
});

export const COUNTERS_TABLE_SQL =
  'create table counters (id text primary key, value int not null, version int not null default 1)';
