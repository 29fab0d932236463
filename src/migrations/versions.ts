/**
 * Reads the version out of a migration file name. Versions are compared as numbers
 * (`10` after `9`, `0010` equals `10`), never as strings.
 */

export type VersionKind = 'sequence' | 'timestamp' | 'dotted';

export interface MigrationVersion {
  kind: VersionKind;
  /** The version as written (`0007`, `20240101120000`, `1.10`). */
  text: string;
  /** Numeric parts: one for sequences and timestamps, several for dotted versions. */
  parts: bigint[];
  /** `up`/`down` for golang-migrate style pairs and Flyway undo files. */
  direction?: 'up' | 'down';
  /** The name without version and direction: an up/down pair shares it. */
  stem: string;
}

/** Flyway: `V1__x.sql`, `V1.2__x.sql`, `U3__x.sql`; repeatable `R__x.sql` has no version. */
const FLYWAY = /^([VU])(\d+(?:[._]\d+)*)__(.*)$/;
/**
 * Diesel: `2023-01-31-120000_name`, and since Diesel 2 `2023-01-31-120000-0000_name` (a
 * sub-second counter diesel_cli adds so versions stay unique).
 */
const DIESEL = /^(\d{4}-\d{2}-\d{2}-\d{6}(?:-\d+)?)(?=_|$)(.*)$/;
const LEADING_NUMBER = /^(\d+)(?=[_.\-]|$)(.*)$/;
const DIRECTION = /\.(up|down)$/i;

export function parseMigrationVersion(fileName: string): MigrationVersion | undefined {
  const base = fileName.replace(/\.sql$/i, '');
  const flyway = FLYWAY.exec(base);
  if (flyway) {
    const parts = flyway[2]!.split(/[._]/).map((p) => BigInt(p));
    return {
      kind: parts.length > 1 ? 'dotted' : 'sequence',
      text: flyway[2]!,
      parts,
      direction: flyway[1] === 'U' ? 'down' : 'up',
      stem: flyway[3]!,
    };
  }
  const diesel = DIESEL.exec(base);
  if (diesel) {
    const digits = diesel[1]!.replace(/-/g, '');
    return { kind: 'timestamp', text: digits, parts: [BigInt(digits)], stem: diesel[2]!.replace(/^_/, '') };
  }
  const numbered = LEADING_NUMBER.exec(base);
  if (!numbered) return undefined;
  const digits = numbered[1]!;
  let rest = numbered[2]!;
  const direction = DIRECTION.exec(rest);
  if (direction) rest = rest.slice(0, direction.index);
  return {
    // Long numbers without leading zeros are dates/times (20240101, 20240101120000).
    kind: digits.length >= 8 && !digits.startsWith('0') ? 'timestamp' : 'sequence',
    text: digits,
    parts: [BigInt(digits)],
    ...(direction ? { direction: direction[1]!.toLowerCase() as 'up' | 'down' } : {}),
    // popx: `x.postgres.up.sql` is the PostgreSQL variant of `x.up.sql`, not another migration.
    stem: rest.replace(/^[_.\-]/, '').replace(/(\.(postgres|cockroach|mysql|sqlite3?))?(\.autocommit)?$/i, ''),
  };
}

/**
 * Diesel's version of a migration folder: the name up to its first `_`, without dashes, compared
 * as text (migrations_internals `version_from_string`). `00000000000000_diesel_initial_setup` is
 * version `00000000000000`, Diesel's own first migration.
 */
export function dieselVersion(folder: string): MigrationVersion {
  const underscore = folder.indexOf('_');
  const text = (underscore < 0 ? folder : folder.slice(0, underscore)).replace(/-/g, '');
  const stem = underscore < 0 ? '' : folder.slice(underscore + 1);
  return { kind: 'timestamp', text, parts: /^\d+$/.test(text) ? [BigInt(text)] : [], stem };
}

export function isRepeatableFlyway(fileName: string): boolean {
  return /^R__/.test(fileName);
}

export function compareVersions(a: MigrationVersion, b: MigrationVersion): number {
  const length = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < length; i++) {
    const x = a.parts[i] ?? 0n;
    const y = b.parts[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
