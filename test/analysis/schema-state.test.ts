import { beforeAll, describe, expect, it } from 'vitest';
import { SchemaState } from '../../src/analysis/schema-state.js';
import { loadParser, parseSource } from '../../src/parser/index.js';

beforeAll(loadParser);

function apply(state: SchemaState, sql: string): void {
  for (const statement of parseSource(sql).statements) state.apply(statement.node, 1);
}

describe('SchemaState: schemas and views', () => {
  it('knows which schemas and views the batch created, and the replay cache keeps it', () => {
    const state = new SchemaState();
    state.useBatches((file) => ({ 'a.sql': 1, 'b.sql': 2, 'c.sql': 2 })[file]);
    state.beginMigration('a.sql');
    apply(state, 'CREATE SCHEMA billing; CREATE VIEW billing.open_invoices AS SELECT 1 AS id;');
    state.beginMigration('b.sql');
    apply(state, 'CREATE SCHEMA reports; CREATE MATERIALIZED VIEW reports.totals AS SELECT 1 AS total; CREATE OR REPLACE VIEW billing.open_invoices AS SELECT 2 AS id;');
    const restored = SchemaState.fromJSON(JSON.parse(JSON.stringify(state.toJSON())));
    restored.useBatches((file) => ({ 'a.sql': 1, 'b.sql': 2, 'c.sql': 2 })[file]);
    for (const copy of [state, state.clone(), restored]) {
      copy.beginMigration('c.sql');
      expect([copy.isNewSchema('billing'), copy.isNewSchema('reports')]).toEqual([false, true]);
      // CREATE OR REPLACE of an existing view keeps its age.
      expect([copy.isNewView('billing.open_invoices'), copy.isNewView('reports.totals')]).toEqual([false, true]);
    }
  });

  it('a renamed schema takes its tables, views, indexes and enum types along', () => {
    const state = new SchemaState();
    state.beginMigration();
    apply(
      state,
      `CREATE SCHEMA billing;
       CREATE TYPE billing.status AS ENUM ('open', 'paid');
       CREATE TABLE billing.invoices (id bigint PRIMARY KEY, status billing.status);
       CREATE INDEX invoices_status_idx ON billing.invoices (status);
       CREATE VIEW billing.open_invoices AS SELECT * FROM billing.invoices;
       ALTER SCHEMA billing RENAME TO payments;`,
    );
    expect(state.table('billing.invoices')).toBeUndefined();
    expect(state.table('payments.invoices')?.columns.get('status')?.type).toBe('payments.status');
    expect(state.enumType('payments.status')?.values).toEqual(['open', 'paid']);
    expect(state.indexTable('payments.invoices_status_idx')).toBe('payments.invoices');
    expect([state.isNewSchema('payments'), state.isNewView('payments.open_invoices'), state.isNewSchema('billing')]).toEqual([true, true, false]);
  });
});

describe('SchemaState: partitions', () => {
  it('knows the DEFAULT partition through CREATE, ATTACH, DETACH, RENAME and DROP, and the replay cache keeps it', () => {
    const state = new SchemaState();
    apply(
      state,
      `CREATE TABLE events (id int, kind int) PARTITION BY LIST (kind);
       CREATE TABLE events_1 PARTITION OF events FOR VALUES IN (1);
       CREATE TABLE events_rest PARTITION OF events DEFAULT;`,
    );
    const restored = SchemaState.fromJSON(JSON.parse(JSON.stringify(state.toJSON())));
    for (const copy of [state, state.clone(), restored]) expect(copy.defaultPartitionOf('events')).toBe('events_rest');
    expect(state.defaultPartitionOf('events_1')).toBeUndefined();

    apply(state, 'ALTER TABLE events DETACH PARTITION events_rest;');
    expect([state.defaultPartitionOf('events'), state.partitionsOf('events')]).toEqual([undefined, ['events_1']]);

    // A table the history never created becomes the default partition all the same.
    apply(state, 'ALTER TABLE events ATTACH PARTITION legacy_events DEFAULT; ALTER TABLE events RENAME TO happenings;');
    expect(state.defaultPartitionOf('happenings')).toBe('legacy_events');
    expect(state.partitionsOf('happenings')).toEqual(['events_1', 'legacy_events']);

    apply(state, 'ALTER TABLE happenings ATTACH PARTITION events_rest FOR VALUES IN (2); DROP TABLE legacy_events;');
    expect([state.defaultPartitionOf('happenings'), state.partitionsOf('happenings')]).toEqual([undefined, ['events_1', 'events_rest']]);

    // Dropping the partitioned table drops its partitions: a new table of the same name has none.
    apply(state, 'DROP TABLE happenings; CREATE TABLE happenings (id int);');
    expect([state.table('events_1'), state.partitionsOf('happenings')]).toEqual([undefined, []]);
  });

  it('finds partitions attached to tables from before the history, in a state that had none', () => {
    const state = new SchemaState();
    apply(state, 'DROP TABLE unrelated;');
    for (const copy of [state.clone(), SchemaState.fromJSON(JSON.parse(JSON.stringify(state.toJSON())))]) {
      apply(copy, 'ALTER TABLE measurements ATTACH PARTITION measurements_2025 DEFAULT;');
      expect([copy.partitionsOf('measurements'), copy.defaultPartitionOf('measurements')]).toEqual([['measurements_2025'], 'measurements_2025']);
      apply(copy, 'DROP TABLE measurements;');
      expect(copy.table('measurements_2025')).toBeUndefined();
    }
  });
});
