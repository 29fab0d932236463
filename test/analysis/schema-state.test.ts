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
