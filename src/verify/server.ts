/**
 * A PostgreSQL server (`--database-url`). verify never works in the database the URL names: it
 * creates a database of its own with a random name, applies the migrations there and drops it
 * at the end. The named database is only connected to, to run CREATE DATABASE and DROP DATABASE
 * (which act on the cluster, not on the database one is connected to) and to read pg_roles.
 * Ctrl-C (SIGINT, SIGTERM, SIGHUP) drops the scratch database before the process exits
 * (interrupt.ts); one left by a run killed outright is dropped by a later run on the same host
 * once it is provably stale (dropStaleScratch).
 */
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { VerifyRunError, quoteIdent, quoteLiteral, type Database } from './database.js';
import { interruption, onInterrupt } from './interrupt.js';

type PgClient = import('pg').Client;

export async function openServer(url: string, notice?: (text: string) => void): Promise<Database> {
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
  const major = await serverMajor(admin).catch(() => 0);
  // Leftovers of this host's interrupted runs that were killed before they could clean up.
  const dropped = await dropStaleScratch(admin).catch(() => []);
  for (const stale of dropped) notice?.(`dropped the scratch database ${stale} at ${where}, left by an earlier verify on this host that was killed`);
  const name = scratchName();
  const dropSql = `DROP DATABASE IF EXISTS ${quoteIdent(name)}${major >= 13 ? ' WITH (FORCE)' : ''}`;
  const drop = async (): Promise<void> => {
    // Before 13 DROP DATABASE has no FORCE: end the scratch database's sessions first.
    if (major < 13) await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${quoteLiteral(name)} and pid <> pg_backend_pid()`);
    await admin.query(dropSql);
  };
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: scratchUrl.toString() });
  // template0: an empty database, whatever the cluster's template1 holds.
  const creating = admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  // From here on Ctrl-C drops the scratch database (once its CREATE has ended) before exiting.
  const unregister = onInterrupt({
    run: async () => {
      await creating.catch(() => undefined);
      await drop();
      void client.end().catch(() => undefined);
      void admin.end().catch(() => undefined);
    },
    leftBehind: (reason) => `interrupted, and could not make sure the scratch database ${name} at ${where} was dropped (${reason}); if it is still there, drop it with DROP DATABASE ${quoteIdent(name)};`,
  });
  try {
    await creating;
  } catch (error) {
    await interruption();
    unregister();
    await admin.end().catch(() => undefined);
    throw new VerifyRunError(`cannot create the scratch database at ${where}: ${(error as Error).message}`);
  }
  try {
    await connect(client, where);
  } catch (error) {
    await interruption();
    await drop().finally(() => admin.end().catch(() => undefined));
    unregister();
    throw error;
  }
  // Notices (e.g. "there is already a transaction in progress") are the runner's business.
  client.on('notice', () => undefined);
  client.on('error', () => undefined);
  // Once interrupted, a statement the clean-up cut short is not a finding: the run waits for the exit.
  const query = <T extends Record<string, unknown>>(sql: string) => client.query<T>(sql).catch((error: unknown) => interruption() ?? Promise.reject(error));
  const version = (await query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '';
  return {
    description: `PostgreSQL ${version.split(' ')[0]} at ${where}`,
    majorVersion: Number.parseInt(version, 10),
    async exec(sql) {
      await query(sql);
    },
    async rows<T extends Record<string, unknown>>(sql: string) {
      return (await query<T>(sql)).rows;
    },
    async close() {
      const waiting = interruption();
      if (waiting) return waiting;
      await client.end().catch(() => undefined);
      try {
        await drop();
      } finally {
        unregister();
        await admin.end().catch(() => undefined);
      }
    },
  };
}

async function serverMajor(client: PgClient): Promise<number> {
  return Math.floor(Number((await client.query<{ v: string }>(`select current_setting('server_version_num') as v`)).rows[0]?.v ?? 0) / 10000);
}

/**
 * Scratch databases are named `migration_lint_verify_<host>_<pid>_<created>_<random>`: a hash
 * of this machine's host name, the process id, the creation time (seconds, base 36), so that a
 * later run can tell its own host's leftovers from databases in use.
 */
const SCRATCH = /^migration_lint_verify_([0-9a-f]{8})_([0-9]+)_([0-9a-z]+)_[0-9a-f]+$/;
/** A leftover younger than this is left alone (its run may be between CREATE DATABASE and connecting). */
const STALE_AFTER_SECONDS = 600;

export function hostId(): string {
  return createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
}

export function scratchName(pid = process.pid, seconds = Math.floor(Date.now() / 1000)): string {
  return `migration_lint_verify_${hostId()}_${pid}_${seconds.toString(36)}_${randomBytes(4).toString('hex')}`;
}

/**
 * Drops scratch databases a killed run of this host (SIGKILL, a crash) left behind, only when
 * they provably belong to no live run: made on this host, by a process that no longer runs here,
 * more than ten minutes ago, and with nobody connected — DROP DATABASE without FORCE refuses a
 * database that has sessions (55006), so a run in progress is never cut off. Databases of other
 * hosts, and names verify did not make, are never touched. Returns the names dropped.
 */
export async function dropStaleScratch(admin: PgClient): Promise<string[]> {
  const host = hostId();
  const now = Date.now() / 1000;
  const names = (await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'migration\\_lint\\_verify\\_%' order by datname`)).rows.map((r) => r.datname);
  const dropped: string[] = [];
  for (const name of names) {
    const match = SCRATCH.exec(name);
    if (!match || match[1] !== host) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || processRuns(pid) || now - Number.parseInt(match[3]!, 36) < STALE_AFTER_SECONDS) continue;
    try {
      await admin.query(`DROP DATABASE ${quoteIdent(name)}`);
      dropped.push(name);
    } catch {
      // In use, not ours to drop (privileges), or dropped meanwhile by another run: leave it.
    }
  }
  return dropped;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
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
