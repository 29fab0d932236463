/**
 * The runner's bookkeeping table verify creates: its shape matches the table each runner's own
 * source creates (written out below from the cited files, as PostgreSQL describes it), and
 * migrations that write to it as the real table allows apply.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';
import { openPglite, type PgliteDatabase } from '../../src/verify/pglite.js';
import { RUNNER_TABLES, createRunnerTable } from '../../src/verify/runner-tables.js';

vi.setConfig({ testTimeout: 180_000 });
const CACHE = mkdtempSync(path.join(os.tmpdir(), 'migration-lint-verify-'));

/** Columns as `name type [not null] [identity] [default …]` (pg_attribute, pg_attrdef), indexes as pg_get_indexdef gives them. */
type Shape = { table: string; columns: string[]; indexes: string[]; rows: string[] };

// Written from each runner's source (the files named in src/verify/runner-tables.ts), not from the entries.
const EXPECTED: Record<string, Shape> = {
  // golang-migrate database/postgres/postgres.go ensureVersionTable: (version bigint not null primary key, dirty boolean not null)
  'golang-migrate': {
    table: 'public.schema_migrations',
    columns: ['version bigint not null', 'dirty boolean not null'],
    indexes: ['CREATE UNIQUE INDEX schema_migrations_pkey ON public.schema_migrations USING btree (version)'],
    rows: [],
  },
  // drizzle-orm pg-core/dialect.ts PgDialect.migrate: "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)
  drizzle: {
    table: 'drizzle.__drizzle_migrations',
    columns: ["id integer not null default nextval('drizzle.__drizzle_migrations_id_seq'::regclass)", 'hash text not null', 'created_at bigint'],
    indexes: ['CREATE UNIQUE INDEX __drizzle_migrations_pkey ON drizzle.__drizzle_migrations USING btree (id)'],
    rows: [],
  },
  // dbmate pkg/driver/postgres/postgres.go CreateMigrationsTable: (version varchar primary key)
  dbmate: {
    table: 'public.schema_migrations',
    columns: ['version character varying not null'],
    indexes: ['CREATE UNIQUE INDEX schema_migrations_pkey ON public.schema_migrations USING btree (version)'],
    rows: [],
  },
  // goose internal/dialects/postgres.go CreateTable, then InsertVersion(0, true) in the same transaction
  goose: {
    table: 'public.goose_db_version',
    columns: ['id integer not null identity by default', 'version_id bigint not null', 'is_applied boolean not null', 'tstamp timestamp without time zone not null default now()'],
    indexes: ['CREATE UNIQUE INDEX goose_db_version_pkey ON public.goose_db_version USING btree (id)'],
    rows: ['{"id": 1, "is_applied": true, "version_id": 0}'],
  },
  // Flyway PostgreSQLDatabase.getRawCreateScript: ten columns, "<table>_pk" on installed_rank, "<table>_s_idx" on success
  flyway: {
    table: 'public.flyway_schema_history',
    columns: [
      'installed_rank integer not null',
      'version character varying(50)',
      'description character varying(200) not null',
      'type character varying(20) not null',
      'script character varying(1000) not null',
      'checksum integer',
      'installed_by character varying(100) not null',
      'installed_on timestamp without time zone not null default now()',
      'execution_time integer not null',
      'success boolean not null',
    ],
    indexes: [
      'CREATE INDEX flyway_schema_history_s_idx ON public.flyway_schema_history USING btree (success)',
      'CREATE UNIQUE INDEX flyway_schema_history_pk ON public.flyway_schema_history USING btree (installed_rank)',
    ],
    rows: [],
  },
  // diesel/src/migration/setup_migration_table.sql
  diesel: {
    table: 'public.__diesel_schema_migrations',
    columns: ['version character varying(50) not null', 'run_on timestamp without time zone not null default CURRENT_TIMESTAMP'],
    indexes: ['CREATE UNIQUE INDEX __diesel_schema_migrations_pkey ON public.__diesel_schema_migrations USING btree (version)'],
    rows: [],
  },
  // supabase/cli pkg/migration/history.go CreateMigrationTable: version text primary key, then statements text[] and name text
  supabase: {
    table: 'supabase_migrations.schema_migrations',
    columns: ['version text not null', 'statements text[]', 'name text'],
    indexes: ['CREATE UNIQUE INDEX schema_migrations_pkey ON supabase_migrations.schema_migrations USING btree (version)'],
    rows: [],
  },
  // ory/x popx/migrator.go createTransactionalMigrationTable: no primary key, a unique index on version
  popx: {
    table: 'public.schema_migration',
    columns: ['version character varying(48) not null', 'version_self integer not null default 0'],
    indexes: [
      'CREATE INDEX schema_migration_version_self_idx ON public.schema_migration USING btree (version_self)',
      'CREATE UNIQUE INDEX schema_migration_version_idx ON public.schema_migration USING btree (version)',
    ],
    rows: [],
  },
  // prisma-engines sql-schema-connector flavour/postgres.rs create_migrations_table
  prisma: {
    table: 'public._prisma_migrations',
    columns: [
      'id character varying(36) not null',
      'checksum character varying(64) not null',
      'finished_at timestamp with time zone',
      'migration_name character varying(255) not null',
      'logs text',
      'rolled_back_at timestamp with time zone',
      'started_at timestamp with time zone not null default now()',
      'applied_steps_count integer not null default 0',
    ],
    indexes: ['CREATE UNIQUE INDEX _prisma_migrations_pkey ON public._prisma_migrations USING btree (id)'],
    rows: [],
  },
};

describe("the runner's table verify creates", () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await openPglite([]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('covers the same runners as the expected shapes', () => {
    expect(Object.keys(RUNNER_TABLES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [framework, expected] of Object.entries(EXPECTED)) {
    it(`${framework}: ${expected.table} has the runner's columns, indexes and first rows`, async () => {
      await db.exec('BEGIN');
      try {
        await createRunnerTable(db, framework as keyof typeof RUNNER_TABLES);
        const [schema, table] = expected.table.split('.') as [string, string];
        const relation = `(select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '${schema}' and c.relname = '${table}')`;
        const columns = await db.rows<{ d: string }>(
          `select a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                  || case when a.attnotnull then ' not null' else '' end
                  || case a.attidentity when 'd' then ' identity by default' when 'a' then ' identity always' else '' end
                  || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') as d
             from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
            where a.attrelid = ${relation} and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        );
        expect(columns.map((c) => c.d)).toEqual(expected.columns);
        const indexes = await db.rows<{ d: string }>(`select pg_get_indexdef(indexrelid) as d from pg_index where indrelid = ${relation} order by 1`);
        expect(indexes.map((i) => i.d)).toEqual(expected.indexes);
        const rows = await db.rows<{ r: string }>(`select (to_jsonb(t) - 'tstamp')::text as r from ${expected.table} t order by 1`);
        expect(rows.map((r) => r.r)).toEqual(expected.rows);
        // Created once: a table already there (from --setup) is kept, as the runners keep it.
        await createRunnerTable(db, framework as keyof typeof RUNNER_TABLES);
        expect(await db.rows(`select 1 from ${expected.table}`)).toHaveLength(expected.rows.length);
      } finally {
        await db.exec('ROLLBACK');
      }
    });
  }
});

describe("migrations that use the runner's table apply as they do under the runner", () => {
  const verify = async (files: Record<string, string>, folder: string) => {
    const { code, stdout } = await cli(['verify', '--cache-location', CACHE, '-f', 'compact', folder], { cwd: project(files) });
    return { code, stdout };
  };

  it('dbmate: a version longer than 128 characters fits (varchar without a length since dbmate 2.27)', async () => {
    const long = `2024${'0'.repeat(150)}`;
    const { code, stdout } = await verify(
      {
        'db/migrations/20240101000000_a.sql': `-- migrate:up\nCREATE TABLE a (id int);\nINSERT INTO schema_migrations (version) VALUES ('${long}');\n-- migrate:down\nDROP TABLE a;\n`,
      },
      'db/migrations',
    );
    expect(stdout).toMatch(/^verify: 1 migration applied/);
    expect(code).toBe(0);
  });

  it('goose: the version-0 row goose writes with its table is there', async () => {
    const { code, stdout } = await verify(
      {
        'migrations/00001_check.sql':
          "-- +goose Up\n-- +goose StatementBegin\nDO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM goose_db_version WHERE version_id = 0 AND is_applied) THEN RAISE EXCEPTION 'no version 0'; END IF; END $$;\n-- +goose StatementEnd\n",
      },
      'migrations',
    );
    expect(stdout).toMatch(/^verify: 1 migration applied/);
    expect(code).toBe(0);
  });

  it("Flyway, Diesel, Supabase and popx: a row inserted as the runner writes one fits the runner's table", async () => {
    const dir = project({
      'flyway/V1__history.sql':
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES (100, '0', 'legacy', 'SQL', 'V0__legacy.sql', NULL, current_user, 0, true);\n",
      'diesel/2024-01-01-000000_init/up.sql': "INSERT INTO __diesel_schema_migrations (version) VALUES ('00000000000000');\n",
      'diesel/2024-01-01-000000_init/down.sql': 'SELECT 1;\n',
      'supabase/migrations/20240101000000_init.sql': "INSERT INTO supabase_migrations.schema_migrations (version, name, statements) VALUES ('19700101000000', 'legacy', ARRAY['select 1']);\n",
      'popx/20240101000000000000_init.up.sql': "INSERT INTO schema_migration (version) VALUES ('20000101000000000000');\n",
    });
    const { code, stdout } = await cli(['verify', '--cache-location', CACHE, '-f', 'compact', 'flyway', 'diesel', 'supabase/migrations', 'popx'], { cwd: dir });
    expect(stdout).toMatch(/^verify: 4 migrations applied \(4 sets/);
    expect(code).toBe(0);
  });

  it("drizzle and Prisma: inserting a row as the runner does fills the id and defaults", async () => {
    const drizzle = await verify(
      {
        'drizzle/0000_init.sql': `INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ('abc', 1);\n`,
        'drizzle/meta/_journal.json': JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1, tag: '0000_init', breakpoints: true }] }),
      },
      'drizzle',
    );
    expect(drizzle.stdout).toMatch(/^verify: 1 migration applied/);
    expect(drizzle.code).toBe(0);
    const prisma = await verify(
      {
        'prisma/migrations/20240101000000_init/migration.sql': `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('00000000-0000-0000-0000-000000000000', 'abc', '0_init');\nUPDATE "_prisma_migrations" SET applied_steps_count = applied_steps_count + 1 WHERE started_at <= now();\n`,
      },
      'prisma/migrations',
    );
    expect(prisma.stdout).toMatch(/^verify: 1 migration applied/);
    expect(prisma.code).toBe(0);
  });
});
