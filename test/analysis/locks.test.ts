/**
 * PostgreSQL is the judge of the lock model: every entry below runs on PGlite (PostgreSQL 18), and
 * each claim locksOf() makes about it — lock mode per relation, rewrite, full scan, refusal in a
 * transaction block — must match what the backend did. A strong lock (SHARE or stronger) on a
 * fixture table that the model does not mention fails too. Claims for older versions are gated
 * in versions.ts, with the release notes that changed them, and tested at the end without a server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSource } from '../../src/parser/index.js';
import { SchemaState } from '../../src/analysis/schema-state.js';
import { describeLock, LOCK_MODES, locksOf, pgLocksMode, type LockEffect } from '../../src/analysis/locks.js';
import { typeChangeOf } from '../../src/analysis/type-changes.js';
import type { AlterTableCmd, AlterTableStmt, ColumnDef } from '@pgsql/types';
import { LockLab, type Observation } from '../helpers/pglite-locks.js';

const FIXTURE = `
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE parent (id int PRIMARY KEY, name text);
INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 50) g;
CREATE TABLE child (
  id int PRIMARY KEY, parent_id int, a int, big bigint, v varchar(20), n numeric(10,2), t text,
  ts timestamp, c char(5), b varbit(8), m mood, code text, addr cidr, flag boolean, j json, owner int
);
INSERT INTO child SELECT g, g, g, g, 'v' || g, g, g::text, now(), 'x', B'1', 'ok', g::text, '10.0.0.0/8', true, '{}' FROM generate_series(1, 50) g;
CREATE INDEX child_a_idx ON child (a);
ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
ALTER TABLE child ADD CONSTRAINT child_a_positive CHECK (a > 0) NOT VALID;
CREATE UNIQUE INDEX child_code_key ON child (code);
CREATE TABLE probed (id int PRIMARY KEY, a int);
INSERT INTO probed SELECT g, g FROM generate_series(1, 20) g;
CREATE INDEX probed_probe_idx ON probed (lock_probe(a));
CREATE MATERIALIZED VIEW totals AS SELECT parent_id AS id, count(*) AS n FROM child GROUP BY parent_id;
CREATE UNIQUE INDEX totals_id ON totals (id);
CREATE TABLE events (id int, kind int) PARTITION BY LIST (kind);
CREATE TABLE events_1 PARTITION OF events FOR VALUES IN (1);
CREATE TABLE events_2 (id int, kind int);
INSERT INTO events VALUES (1, 1);
INSERT INTO events_2 VALUES (2, 2);
CREATE UNIQUE INDEX events_2_id_key ON events_2 (id);
CREATE TABLE keyed (id int NOT NULL, name text NOT NULL);
INSERT INTO keyed VALUES (1, 'a');
CREATE UNIQUE INDEX keyed_id_name_key ON keyed (id, name);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TABLE scored (id int, score positive);
INSERT INTO scored VALUES (1, 1);
CREATE TABLE regions (id int, region text) PARTITION BY LIST (region);
CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('eu');
CREATE TABLE regions_other PARTITION OF regions DEFAULT;
INSERT INTO regions VALUES (1, 'eu'), (2, 'us');
CREATE TABLE regions_asia (id int, region text);
INSERT INTO regions_asia VALUES (3, 'asia');
CREATE TABLE tiers (id int, kind int) PARTITION BY LIST (kind);
CREATE TABLE tiers_1 PARTITION OF tiers FOR VALUES IN (1);
CREATE TABLE tiers_rest PARTITION OF tiers DEFAULT PARTITION BY LIST (id);
CREATE TABLE tiers_rest_1 PARTITION OF tiers_rest FOR VALUES IN (1);
CREATE TABLE tiers_rest_other PARTITION OF tiers_rest DEFAULT;
INSERT INTO tiers VALUES (1, 1), (1, 7), (2, 7);
`;

/** Tables whose strong locks the model must not miss. */
const WATCHED = [
  'parent',
  'child',
  'probed',
  'totals',
  'events',
  'events_1',
  'events_2',
  'keyed',
  'scored',
  'regions',
  'regions_eu',
  'regions_other',
  'regions_asia',
  'tiers',
  'tiers_1',
  'tiers_rest',
  'tiers_rest_1',
  'tiers_rest_other',
];

interface Entry {
  sql: string;
  /** What locksOf says, as `relation MODE [rewrite] [scan] [no-transaction]` lines: guards the model's own output. */
  model: string[];
  setup?: string;
  teardown?: string;
}

const ENTRIES: Entry[] = [
  // ALTER TABLE … ADD COLUMN
  { sql: 'ALTER TABLE child ADD COLUMN note text', model: ['child ACCESS EXCLUSIVE'] },
  { sql: "ALTER TABLE child ADD COLUMN kind text NOT NULL DEFAULT 'a'", model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD COLUMN seen timestamptz DEFAULT now()', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD COLUMN token float8 DEFAULT random()', model: ['child ACCESS EXCLUSIVE rewrite scan'] },
  { sql: 'ALTER TABLE child ADD COLUMN seq bigserial', model: ['child ACCESS EXCLUSIVE rewrite scan'] },
  { sql: 'ALTER TABLE child ADD COLUMN double int GENERATED ALWAYS AS (a * 2) STORED', model: ['child ACCESS EXCLUSIVE rewrite scan'] },
  { sql: 'ALTER TABLE child ADD COLUMN triple int GENERATED ALWAYS AS (a * 3) VIRTUAL', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD COLUMN ident bigint GENERATED ALWAYS AS IDENTITY', model: ['child ACCESS EXCLUSIVE rewrite scan'] },
  { sql: 'ALTER TABLE child ADD COLUMN owner_id int REFERENCES parent (id)', model: ['child ACCESS EXCLUSIVE', 'parent SHARE ROW EXCLUSIVE'] },
  // IF NOT EXISTS on a column the table has: a NOTICE, the lock, and nothing else.
  { sql: 'ALTER TABLE child ADD COLUMN IF NOT EXISTS a bigint GENERATED ALWAYS AS IDENTITY', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD COLUMN IF NOT EXISTS parent_id int REFERENCES parent (id)', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD COLUMN IF NOT EXISTS ident bigint GENERATED ALWAYS AS IDENTITY', model: ['child ACCESS EXCLUSIVE rewrite scan'] },
  // ALTER COLUMN
  { sql: 'ALTER TABLE child ALTER COLUMN a TYPE bigint', model: ['child ACCESS EXCLUSIVE rewrite scan'] },
  { sql: 'ALTER TABLE child ALTER COLUMN v TYPE varchar(40)', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ALTER COLUMN v TYPE text', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ALTER COLUMN code TYPE int USING code::int', model: ['child ACCESS EXCLUSIVE rewrite scan'] },
  { sql: 'ALTER TABLE child ALTER COLUMN a SET NOT NULL', model: ['child ACCESS EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE child ALTER COLUMN a DROP NOT NULL', model: ['child ACCESS EXCLUSIVE'], setup: 'ALTER TABLE child ALTER COLUMN a SET NOT NULL' },
  { sql: 'ALTER TABLE child ALTER COLUMN a SET DEFAULT 0', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ALTER COLUMN a DROP DEFAULT', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child DROP COLUMN t', model: ['child ACCESS EXCLUSIVE'] },
  // ADD CONSTRAINT
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_parent_fk2 FOREIGN KEY (parent_id) REFERENCES parent (id)', model: ['child SHARE ROW EXCLUSIVE scan', 'parent SHARE ROW EXCLUSIVE'] },
  {
    // require-not-valid-constraint's foreignKeyOnNewColumn: NULL everywhere, but PostgreSQL still scans.
    sql: 'ALTER TABLE child ADD CONSTRAINT child_owner_fk FOREIGN KEY (owner) REFERENCES parent (id)',
    model: ['child SHARE ROW EXCLUSIVE scan', 'parent SHARE ROW EXCLUSIVE'],
  },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_parent_fk2 FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID', model: ['child SHARE ROW EXCLUSIVE', 'parent SHARE ROW EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_a_check CHECK (a < 1000)', model: ['child ACCESS EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_a_check CHECK (a < 1000) NOT VALID', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_a_nn NOT NULL a NOT VALID', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_a_key UNIQUE (a)', model: ['child ACCESS EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE parent ADD CONSTRAINT parent_name_key UNIQUE (name)', model: ['parent ACCESS EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_code_uq UNIQUE USING INDEX child_code_key', model: ['child ACCESS EXCLUSIVE'] },
  {
    sql: 'ALTER TABLE events_2 ADD CONSTRAINT events_2_pkey PRIMARY KEY (id)',
    model: ['events_2 ACCESS EXCLUSIVE scan'],
  },
  // PRIMARY KEY USING INDEX sets its columns NOT NULL: a scan unless they already are.
  { sql: 'ALTER TABLE events_2 ADD CONSTRAINT events_2_pkey PRIMARY KEY USING INDEX events_2_id_key', model: ['events_2 ACCESS EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE keyed ADD CONSTRAINT keyed_pkey PRIMARY KEY USING INDEX keyed_id_name_key', model: ['keyed ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child ADD CONSTRAINT child_no_overlap EXCLUDE USING btree (a WITH =)', model: ['child ACCESS EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE child VALIDATE CONSTRAINT child_a_positive', model: ['child SHARE UPDATE EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE child VALIDATE CONSTRAINT child_parent_fk', model: ['child SHARE UPDATE EXCLUSIVE scan', 'parent ROW SHARE'] },
  { sql: 'ALTER TABLE child DROP CONSTRAINT child_a_positive', model: ['child ACCESS EXCLUSIVE'] },
  // RENAME
  { sql: 'ALTER TABLE child RENAME COLUMN t TO body', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE child RENAME TO kid', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'ALTER INDEX child_a_idx RENAME TO child_a_index', model: ['child_a_idx SHARE UPDATE EXCLUSIVE'] },
  // Partitions
  { sql: 'ALTER TABLE events ATTACH PARTITION events_2 FOR VALUES IN (2)', model: ['events SHARE UPDATE EXCLUSIVE', 'events_2 ACCESS EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE events DETACH PARTITION events_1', model: ['events ACCESS EXCLUSIVE', 'events_1 ACCESS EXCLUSIVE'] },
  {
    sql: 'ALTER TABLE events DETACH PARTITION events_1 CONCURRENTLY',
    model: ['events SHARE UPDATE EXCLUSIVE no-transaction', 'events_1 ACCESS EXCLUSIVE no-transaction'],
    teardown: 'ALTER TABLE events ATTACH PARTITION events_1 FOR VALUES IN (1)',
  },
  // A DEFAULT partition gives up the new bound's rows: locked and scanned; on DETACH only locked.
  {
    sql: "ALTER TABLE regions ATTACH PARTITION regions_asia FOR VALUES IN ('asia')",
    model: ['regions SHARE UPDATE EXCLUSIVE', 'regions_asia ACCESS EXCLUSIVE scan', 'regions_other ACCESS EXCLUSIVE scan'],
  },
  { sql: "CREATE TABLE regions_jp PARTITION OF regions FOR VALUES IN ('jp')", model: ['regions ACCESS EXCLUSIVE', 'regions_other ACCESS EXCLUSIVE scan'] },
  { sql: 'ALTER TABLE regions DETACH PARTITION regions_eu', model: ['regions ACCESS EXCLUSIVE', 'regions_eu ACCESS EXCLUSIVE', 'regions_other ACCESS EXCLUSIVE'] },
  { sql: 'ALTER TABLE regions DETACH PARTITION regions_other', model: ['regions ACCESS EXCLUSIVE', 'regions_other ACCESS EXCLUSIVE'] },
  // Attaching the DEFAULT partition itself checks only its own rows.
  { sql: 'ALTER TABLE events ATTACH PARTITION events_2 DEFAULT', model: ['events SHARE UPDATE EXCLUSIVE', 'events_2 ACCESS EXCLUSIVE scan'] },
  // A partitioned DEFAULT partition: locked with its partitions, whose rows are read.
  {
    sql: 'CREATE TABLE tiers_3 PARTITION OF tiers FOR VALUES IN (3)',
    model: ['tiers ACCESS EXCLUSIVE', 'tiers_rest ACCESS EXCLUSIVE', 'tiers_rest_1 ACCESS EXCLUSIVE scan', 'tiers_rest_other ACCESS EXCLUSIVE scan'],
  },
  // …and when the partition that leaves is under it, the DEFAULT partition alone is locked.
  { sql: 'ALTER TABLE tiers DETACH PARTITION tiers_1', model: ['tiers ACCESS EXCLUSIVE', 'tiers_1 ACCESS EXCLUSIVE', 'tiers_rest ACCESS EXCLUSIVE'] },
  // DROP TABLE of a partition changes its parent's bounds, and so its DEFAULT partition's.
  { sql: 'DROP TABLE regions_eu', model: ['regions_eu ACCESS EXCLUSIVE', 'regions ACCESS EXCLUSIVE', 'regions_other ACCESS EXCLUSIVE'] },
  { sql: 'DROP TABLE events_1', model: ['events_1 ACCESS EXCLUSIVE', 'events ACCESS EXCLUSIVE'] },
  { sql: 'DROP TABLE tiers_rest_1', model: ['tiers_rest_1 ACCESS EXCLUSIVE', 'tiers_rest ACCESS EXCLUSIVE', 'tiers_rest_other ACCESS EXCLUSIVE'] },
  // A partitioned table goes with its partitions.
  {
    sql: 'DROP TABLE tiers',
    model: ['tiers ACCESS EXCLUSIVE', 'tiers_1 ACCESS EXCLUSIVE', 'tiers_rest ACCESS EXCLUSIVE', 'tiers_rest_1 ACCESS EXCLUSIVE', 'tiers_rest_other ACCESS EXCLUSIVE'],
  },
  { sql: 'DROP TABLE regions_other, regions_eu', model: ['regions_other ACCESS EXCLUSIVE', 'regions_eu ACCESS EXCLUSIVE', 'regions ACCESS EXCLUSIVE'] },
  { sql: 'CREATE INDEX regions_id_idx ON regions (id)', model: ['regions SHARE', 'regions_eu SHARE scan', 'regions_other SHARE scan'] },
  // Indexes
  { sql: 'CREATE INDEX child_n_idx ON child (n)', model: ['child SHARE scan'] },
  { sql: 'CREATE UNIQUE INDEX child_id_n_idx ON child (id, n)', model: ['child SHARE scan'] },
  { sql: 'CREATE INDEX events_id_idx ON events (id)', model: ['events SHARE', 'events_1 SHARE scan'] },
  { sql: 'CREATE INDEX events_id_idx ON ONLY events (id)', model: ['events SHARE'] },
  {
    sql: 'CREATE INDEX CONCURRENTLY probed_probe2_idx ON probed (lock_probe(id))',
    model: ['probed SHARE UPDATE EXCLUSIVE scan no-transaction'],
    teardown: 'DROP INDEX probed_probe2_idx',
  },
  { sql: 'DROP INDEX child_a_idx', model: ['child ACCESS EXCLUSIVE', 'child_a_idx ACCESS EXCLUSIVE'] },
  {
    sql: 'DROP INDEX CONCURRENTLY child_a_idx',
    model: ['child SHARE UPDATE EXCLUSIVE no-transaction', 'child_a_idx ACCESS EXCLUSIVE no-transaction'],
    teardown: 'CREATE INDEX child_a_idx ON child (a)',
  },
  { sql: 'REINDEX INDEX child_a_idx', model: ['child SHARE scan', 'child_a_idx ACCESS EXCLUSIVE rewrite'] },
  { sql: 'REINDEX TABLE child', model: ['child SHARE scan'] },
  { sql: 'REINDEX TABLE CONCURRENTLY probed', model: ['probed SHARE UPDATE EXCLUSIVE scan no-transaction'] },
  { sql: 'REINDEX INDEX CONCURRENTLY probed_probe_idx', model: ['probed SHARE UPDATE EXCLUSIVE scan no-transaction', 'probed_probe_idx SHARE UPDATE EXCLUSIVE rewrite no-transaction'] },
  // Materialized views
  { sql: 'REFRESH MATERIALIZED VIEW totals', model: ['totals ACCESS EXCLUSIVE rewrite scan'] },
  { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY totals', model: ['totals EXCLUSIVE scan'] },
  // Maintenance
  { sql: 'VACUUM FULL probed', model: ['probed ACCESS EXCLUSIVE rewrite scan no-transaction'] },
  // Plain VACUUM evaluates no index expression, so the probe watches its ANALYZE step instead.
  { sql: 'VACUUM (ANALYZE) probed', model: ['probed SHARE UPDATE EXCLUSIVE scan no-transaction'] },
  { sql: 'CLUSTER child USING child_pkey', model: ['child ACCESS EXCLUSIVE rewrite scan'] },
  { sql: 'LOCK TABLE child', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'LOCK TABLE child IN SHARE MODE', model: ['child SHARE'] },
  { sql: 'LOCK TABLE child, parent IN ROW EXCLUSIVE MODE', model: ['child ROW EXCLUSIVE', 'parent ROW EXCLUSIVE'] },
  // Data and DROP
  { sql: 'TRUNCATE child', model: ['child ACCESS EXCLUSIVE empties'] },
  { sql: 'DROP TABLE events_2', model: ['events_2 ACCESS EXCLUSIVE'] },
  { sql: 'UPDATE child SET a = a + 1', model: ['child ROW EXCLUSIVE scan'] },
  { sql: 'DELETE FROM child', model: ['child ROW EXCLUSIVE scan'] },
  { sql: "INSERT INTO parent (id, name) VALUES (1000, 'x')", model: ['parent ROW EXCLUSIVE'] },
  { sql: 'CREATE TRIGGER child_touch BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION touch()', model: ['child SHARE ROW EXCLUSIVE'] },
  { sql: 'CREATE TABLE orders (id int PRIMARY KEY, parent_id int REFERENCES parent (id))', model: ['parent SHARE ROW EXCLUSIVE'] },
  { sql: 'CREATE TABLE events_3 PARTITION OF events FOR VALUES IN (3)', model: ['events ACCESS EXCLUSIVE'] },
  { sql: 'CREATE TABLE child_more (extra int) INHERITS (child)', model: ['child SHARE UPDATE EXCLUSIVE'] },
  { sql: "ALTER TYPE mood ADD VALUE 'happy'", model: [] },
  // CASCADE drops the columns of the type: ACCESS EXCLUSIVE on their tables, no rewrite.
  { sql: 'DROP TYPE mood CASCADE', model: ['child ACCESS EXCLUSIVE'] },
  { sql: 'DROP DOMAIN positive CASCADE', model: ['scored ACCESS EXCLUSIVE'] },
  // The last step of adding an identity column without a rewrite (no-rewriting-add-column's advice).
  { sql: 'ALTER TABLE child ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY', model: ['child ACCESS EXCLUSIVE'] },
];

function modelLines(effects: LockEffect[]): string[] {
  return effects.map((e) =>
    [e.relation, e.mode, e.rewrites ? 'rewrite' : '', e.empties ? 'empties' : '', e.scans ? 'scan' : '', e.noTransactionBlock ? 'no-transaction' : ''].filter(Boolean).join(' '),
  );
}

let lab: LockLab;
const schema = new SchemaState();

beforeAll(async () => {
  await loadParser();
  for (const statement of parseSource(FIXTURE).statements) schema.apply(statement.node, 1);
  schema.beginMigration();
  lab = await LockLab.start(FIXTURE);
}, 180_000);

afterAll(async () => {
  await lab?.close();
});

function effectsOf(sql: string, postgresVersion = 18): LockEffect[] {
  const parsed = parseSource(sql);
  expect(parsed.failures).toEqual([]);
  return locksOf(parsed.statements[0]!.node, { postgresVersion, schema });
}

describe('lock model on PostgreSQL 18 (PGlite)', () => {
  for (const entry of ENTRIES) {
    it(entry.sql, async () => {
      const effects = effectsOf(entry.sql);
      expect(modelLines(effects)).toEqual(entry.model);
      const outside = effects.some((e) => e.noTransactionBlock);
      let seen: Observation;
      if (outside) {
        const refusal = await lab.inTransaction(entry.sql);
        expect(refusal.error, 'PostgreSQL refuses it in a transaction block').toMatch(/cannot (run|be executed) inside a transaction block/);
        seen = await lab.outsideTransaction(entry.sql, entry.setup, entry.teardown);
      } else {
        seen = await lab.inTransaction(entry.sql, entry.setup);
      }
      expect(seen.error, 'the statement runs').toBeUndefined();
      for (const e of effects) {
        expect(`${e.relation}: ${seen.locks.get(e.relation) ?? 'no lock'}`).toBe(`${e.relation}: ${pgLocksMode(e.mode)}`);
        expect(`${e.relation} rewritten: ${seen.rewritten.has(e.relation)}`).toBe(`${e.relation} rewritten: ${!!(e.rewrites || e.empties)}`);
        // Sequential scans are counted only inside a transaction (pg_stat_xact_user_tables). TRUNCATE
        // rebuilds the indexes of the new, empty file, which counts as a scan of nothing.
        // A referenced table is read by a join whose plan decides whether it is scanned: no claim.
        if (!outside && e.kind !== 'index' && e.kind !== 'referenced table' && !e.empties) expect(`${e.relation} scanned: ${seen.scanned.has(e.relation)}`).toBe(`${e.relation} scanned: ${e.scans}`);
      }
      // No strong lock on a fixture table goes unmentioned.
      for (const table of WATCHED) {
        const held = seen.locks.get(table);
        if (held && LOCK_MODES.indexOf(LOCK_MODES.find((m) => pgLocksMode(m) === held)!) >= LOCK_MODES.indexOf('SHARE')) {
          expect(effects.map((e) => e.relation), `${held} on ${table}`).toContain(table);
        }
      }
    });
  }
});

describe('the session time zone, on PostgreSQL 18 (PGlite)', () => {
  // timestamp → timestamptz keeps the file only when the session's TimeZone is UTC; the model
  // claims that only when told (a file's own SET TIME ZONE), and the rewrite otherwise.
  const sql = 'ALTER TABLE child ALTER COLUMN ts TYPE timestamptz';
  for (const [timeZoneUtc, zone, model] of [
    [true, 'UTC', ['child ACCESS EXCLUSIVE']],
    [false, 'Europe/Berlin', ['child ACCESS EXCLUSIVE rewrite scan']],
    [undefined, 'Europe/Berlin', ['child ACCESS EXCLUSIVE rewrite scan']],
  ] as const) {
    it(`${sql} with timeZoneUtc ${timeZoneUtc} (TimeZone ${zone})`, async () => {
      const effects = locksOf(parseSource(sql).statements[0]!.node, { postgresVersion: 18, schema, timeZoneUtc });
      expect(modelLines(effects)).toEqual(model);
      const seen = await lab.inTransaction(sql, `SET LOCAL TimeZone = '${zone}'`);
      expect(seen.error).toBeUndefined();
      expect(seen.rewritten.has('child')).toBe(effects[0]!.rewrites);
      expect(seen.scanned.has('child')).toBe(effects[0]!.scans);
    });
  }

  it('before 12 the zone does not matter (release notes 12)', () => {
    const effects = locksOf(parseSource(sql).statements[0]!.node, { postgresVersion: 11, schema, timeZoneUtc: true });
    expect(modelLines(effects)).toEqual(['child ACCESS EXCLUSIVE rewrite scan']);
  });
});

describe('describeLock', () => {
  it('says what each mode blocks, from the conflict table', () => {
    expect(describeLock('ACCESS EXCLUSIVE').blocks).toBe('reads and writes');
    expect(describeLock('SHARE').blocks).toBe('writes');
    expect(describeLock('SHARE ROW EXCLUSIVE').blocks).toBe('writes');
    expect(describeLock('SHARE UPDATE EXCLUSIVE').blocks).toBe('DDL');
    // A mode blocks writes exactly when it conflicts with ROW EXCLUSIVE (what INSERT/UPDATE/DELETE take),
    // and reads when it conflicts with ACCESS SHARE (what SELECT takes).
    for (const mode of LOCK_MODES) {
      const d = describeLock(mode);
      const blocksWrites = d.conflictsWith.includes('ROW EXCLUSIVE');
      const blocksReads = d.conflictsWith.includes('ACCESS SHARE');
      expect(d.blocks, mode).toBe(blocksReads ? 'reads and writes' : blocksWrites ? 'writes' : 'DDL');
    }
  });

  it('keeps the conflict table symmetric (a typo in one row breaks it)', () => {
    for (const a of LOCK_MODES) for (const b of LOCK_MODES) expect(describeLock(a).conflictsWith.includes(b), `${a}/${b}`).toBe(describeLock(b).conflictsWith.includes(a));
  });
});

describe('version gates (release notes; no PostgreSQL before 18 in-process)', () => {
  it('before 11 every ADD COLUMN DEFAULT rewrites (release notes 11: "fast ALTER TABLE ADD COLUMN with a non-NULL default")', () => {
    expect(modelLines(effectsOf("ALTER TABLE child ADD COLUMN kind text DEFAULT 'a'", 10))).toEqual(['child ACCESS EXCLUSIVE rewrite scan']);
    expect(modelLines(effectsOf("ALTER TABLE child ADD COLUMN kind text DEFAULT 'a'", 11))).toEqual(['child ACCESS EXCLUSIVE']);
  });

  it('before 12 ATTACH PARTITION takes ACCESS EXCLUSIVE on the parent', () => {
    expect(modelLines(effectsOf('ALTER TABLE events ATTACH PARTITION events_2 FOR VALUES IN (2)', 11))[0]).toBe('events ACCESS EXCLUSIVE');
  });

  it('from 12 a validated CHECK (c IS NOT NULL) spares SET NOT NULL its scan', () => {
    const proven = new SchemaState();
    for (const statement of parseSource('CREATE TABLE users (email text, CONSTRAINT nn CHECK (email IS NOT NULL));').statements) proven.apply(statement.node, 1);
    proven.beginMigration();
    const node = parseSource('ALTER TABLE users ALTER COLUMN email SET NOT NULL').statements[0]!.node;
    expect(modelLines(locksOf(node, { postgresVersion: 12, schema: proven }))).toEqual(['users ACCESS EXCLUSIVE']);
    expect(modelLines(locksOf(node, { postgresVersion: 11, schema: proven }))).toEqual(['users ACCESS EXCLUSIVE scan']);
  });
});

interface TypeCase {
  column: string;
  /** The new type, optionally followed by USING …. */
  to: string;
  verdict: 'no-cast' | 'binary-coercible' | 'rewrite';
  /** The session time zone (default Europe/Berlin). */
  timeZone?: string;
}

const TYPE_CASES: TypeCase[] = [
  { column: 'code', to: 'integer', verdict: 'no-cast' },
  { column: 't', to: 'timestamptz', verdict: 'no-cast' },
  { column: 'm', to: 'integer', verdict: 'no-cast' },
  { column: 't', to: 'mood', verdict: 'no-cast' },
  { column: 'flag', to: 'integer', verdict: 'no-cast' },
  { column: 'j', to: 'jsonb', verdict: 'rewrite' },
  { column: 'a', to: 'bigint', verdict: 'rewrite' },
  { column: 'big', to: 'integer', verdict: 'rewrite' },
  { column: 'big', to: 'text', verdict: 'rewrite' },
  { column: 'a', to: 'numeric', verdict: 'rewrite' },
  { column: 'm', to: 'text', verdict: 'rewrite' },
  { column: 'v', to: 'varchar(40)', verdict: 'binary-coercible' },
  { column: 'v', to: 'varchar', verdict: 'binary-coercible' },
  { column: 'v', to: 'text', verdict: 'binary-coercible' },
  { column: 'v', to: 'varchar(10)', verdict: 'rewrite' },
  { column: 't', to: 'varchar', verdict: 'binary-coercible' },
  { column: 't', to: 'varchar(100)', verdict: 'rewrite' },
  { column: 'n', to: 'numeric(12,2)', verdict: 'binary-coercible' },
  { column: 'n', to: 'numeric', verdict: 'binary-coercible' },
  { column: 'n', to: 'numeric(12,3)', verdict: 'rewrite' },
  { column: 'b', to: 'varbit(16)', verdict: 'binary-coercible' },
  { column: 'c', to: 'char(10)', verdict: 'rewrite' },
  { column: 'ts', to: 'timestamp(3)', verdict: 'rewrite' },
  { column: 'ts', to: 'timestamptz', verdict: 'rewrite' },
  // What the rewriteUnlessUtc advice promises: with TimeZone UTC the same change keeps the file.
  { column: 'ts', to: 'timestamptz', verdict: 'rewrite', timeZone: 'UTC' },
  { column: 'addr', to: 'inet', verdict: 'binary-coercible' },
  { column: 'v', to: 'varchar(40) USING v::varchar(40)', verdict: 'binary-coercible' },
  { column: 'v', to: 'text USING v', verdict: 'binary-coercible' },
  { column: 'v', to: 'text USING lower(v)', verdict: 'rewrite' },
  { column: 'code', to: 'integer USING code::integer', verdict: 'rewrite' },
];

describe('ALTER COLUMN … TYPE verdicts on PostgreSQL 18 (PGlite)', () => {
  for (const c of TYPE_CASES) {
    it(`${c.column} → ${c.to}: ${c.verdict}${c.timeZone ? ` (TimeZone ${c.timeZone})` : ''}`, async () => {
      const sql = `ALTER TABLE child ALTER COLUMN ${c.column} TYPE ${c.to}`;
      const stmt = parseSource(sql).statements[0]!.node as { AlterTableStmt: AlterTableStmt };
      const cmd = (stmt.AlterTableStmt.cmds![0] as { AlterTableCmd: AlterTableCmd }).AlterTableCmd;
      const change = typeChangeOf(schema.table('child')!.columns.get(c.column), (cmd.def as { ColumnDef: ColumnDef }).ColumnDef, (type) => !!schema.enumType(type));
      expect(change.verdict).toBe(c.verdict);
      // The session time zone decides whether timestamp → timestamptz rewrites; production's is not UTC here.
      const seen = await lab.inTransaction(sql, `SET LOCAL TimeZone = '${c.timeZone ?? 'Europe/Berlin'}'`);
      if (c.verdict === 'no-cast') {
        expect(seen.error).toMatch(/cannot be cast automatically/);
      } else {
        expect(seen.error).toBeUndefined();
        expect(seen.rewritten.has('child')).toBe(c.verdict === 'rewrite' && !(c.timeZone === 'UTC' && change.rewriteUnlessUtc));
      }
    });
  }
});

describe('failures the rules quote, on PostgreSQL 18 (PGlite)', () => {
  const cases = [
    {
      setup: 'UPDATE child SET big = 999 WHERE id = 1',
      sql: 'ALTER TABLE child ADD CONSTRAINT child_orphan_fk FOREIGN KEY (big) REFERENCES parent (id)',
      error: /violates foreign key constraint "child_orphan_fk"/,
    },
    { setup: 'UPDATE child SET big = -1 WHERE id = 1', sql: 'ALTER TABLE child ADD CONSTRAINT child_big_pos CHECK (big > 0)', error: /is violated by some row/ },
    { setup: "UPDATE child SET t = 'same'", sql: 'ALTER TABLE child ADD CONSTRAINT child_t_key UNIQUE (t)', error: /could not create unique index "child_t_key"/ },
    { sql: 'ALTER TABLE child ADD CONSTRAINT child_t_key UNIQUE (t) NOT VALID', error: /UNIQUE constraints cannot be marked NOT VALID/ },
    { sql: 'ALTER TABLE events_2 ADD CONSTRAINT events_2_pkey PRIMARY KEY (id) NOT VALID', error: /PRIMARY KEY constraints cannot be marked NOT VALID/ },
    { sql: 'ALTER TABLE child ADD CONSTRAINT child_ex EXCLUDE (a WITH =) NOT VALID', error: /EXCLUDE constraints cannot be marked NOT VALID/ },
    { sql: 'LOCK TABLE child', outside: true, error: /LOCK TABLE can only be used in transaction blocks/ },
    // What the default partition's scan guards against: a row that belongs to the new bound.
    { sql: "ALTER TABLE regions ATTACH PARTITION regions_asia FOR VALUES IN ('asia', 'us')", error: /updated partition constraint for default partition "regions_other" would be violated by some row/ },
    { sql: "CREATE TABLE regions_us PARTITION OF regions FOR VALUES IN ('us')", error: /updated partition constraint for default partition "regions_other" would be violated by some row/ },
    // DETACH … CONCURRENTLY is not an option while the table has a DEFAULT partition.
    { sql: 'ALTER TABLE regions DETACH PARTITION regions_eu CONCURRENTLY', outside: true, error: /cannot detach partitions concurrently when a default partition exists/ },
    // The PostgreSQL 18 side of the notValidForeignKeyOnPartitioned gate: accepted.
    { sql: 'ALTER TABLE events ADD CONSTRAINT events_parent_fk FOREIGN KEY (id) REFERENCES parent (id) NOT VALID', error: undefined },
  ];
  for (const c of cases) {
    it(c.sql, async () => {
      const seen = c.outside ? await lab.outsideTransaction(c.sql) : await lab.inTransaction(c.sql, c.setup);
      if (c.error) expect(seen.error).toMatch(c.error);
      else expect(seen.error).toBeUndefined();
    });
  }
});
