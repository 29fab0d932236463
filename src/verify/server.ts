/**
 * A PostgreSQL server (`--database-url`). verify never works in the database the URL names: it
 * creates a database of its own with a random name, applies the migrations there and drops it
 * at the end. The named database is only connected to, to run CREATE DATABASE and DROP DATABASE
 * (which act on the cluster, not on the database one is connected to) and to read pg_roles.
 */
import { randomBytes } from 'node:crypto';
import { VerifyRunError, quoteIdent, type Database } from './database.js';

type PgClient = import('pg').Client;

export async function openServer(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new VerifyRunError(`--database-url is not a URL (expected postgres://user:password@host:port/database).`);
  }
  if (!/^postgres(ql)?:$/.test(target.protocol)) {
    throw new VerifyRunError(`--database-url must start with postgres:// or postgresql:// (got ${target.protocol}//).`);
  }
  const where = `${target.hostname || 'localhost'}:${target.port || '5432'}`;
  const admin = new pg.Client({ connectionString: url });
  await connect(admin, where);
  try {
    const [role] = (await admin.query<{ name: string; allowed: boolean }>(`select current_user as name, rolcreatedb or rolsuper as allowed from pg_roles where rolname = current_user`)).rows;
    if (!role?.allowed) {
      throw new VerifyRunError(
        `the role "${role?.name ?? target.username}" at ${where} lacks the CREATEDB privilege, which verify needs to create a scratch database of its own (it never applies migrations to the database in the URL). Grant it (ALTER ROLE ${quoteIdent(role?.name ?? target.username)} CREATEDB) or use a role that has it.`,
      );
    }
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw error instanceof VerifyRunError ? error : new VerifyRunError(`cannot check the privileges of the role at ${where}: ${(error as Error).message}`);
  }
  const name = `migration_lint_verify_${randomBytes(6).toString('hex')}`;
  try {
    // template0: an empty database, whatever the cluster's template1 holds.
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw new VerifyRunError(`cannot create the scratch database at ${where}: ${(error as Error).message}`);
  }
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: scratchUrl.toString() });
  const drop = async (): Promise<void> => {
    const major = Number((await admin.query<{ v: string }>(`select current_setting('server_version_num') as v`)).rows[0]?.v ?? 0) / 10000;
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${major >= 13 ? ' WITH (FORCE)' : ''}`);
  };
  try {
    await connect(client, where);
  } catch (error) {
    await drop().finally(() => admin.end().catch(() => undefined));
    throw error;
  }
  // Notices (e.g. "there is already a transaction in progress") are the runner's business.
  client.on('notice', () => undefined);
  client.on('error', () => undefined);
  const version = (await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '';
  return {
    description: `PostgreSQL ${version.split(' ')[0]} at ${where}`,
    majorVersion: Number.parseInt(version, 10),
    async exec(sql) {
      await client.query(sql);
    },
    async rows<T extends Record<string, unknown>>(sql: string) {
      return (await client.query<T>(sql)).rows;
    },
    async close() {
      await client.end().catch(() => undefined);
      try {
        await drop();
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
  };
}

async function connect(client: PgClient, where: string): Promise<void> {
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reason = e.code && !e.message.includes(e.code) ? `${e.message} (${e.code})` : e.message || String(error);
    throw new VerifyRunError(`cannot connect to the PostgreSQL server at ${where}: ${reason}`);
  }
}
