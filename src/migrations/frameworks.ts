/**
 * What migration-lint knows about each migration runner: how its files are named and laid out,
 * the order it runs them in, how it wraps them in transactions (sources in
 * docs/frameworks-transactions.md), and which comments mark up/down sections or opt out of the
 * transaction.
 */

export const FRAMEWORK_IDS = [
  'drizzle',
  'prisma',
  'golang-migrate',
  'goose',
  'dbmate',
  'flyway',
  'diesel',
  'supabase',
  'popx',
  'plain',
] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/**
 * How the migration runner wraps statements in transactions. `implicit`: the runner sends the
 * whole file as one simple query and no BEGIN, so PostgreSQL runs a file of several statements as
 * one implicit transaction block and a file of one statement on its own (golang-migrate).
 */
export type TransactionMode = 'none' | 'per-file' | 'all' | 'implicit';

export type Section = 'up' | 'down';

export interface Framework {
  id: FrameworkId;
  /** `folders`: one folder per migration holding the SQL file (`<version>_<name>/migration.sql`). */
  layout: 'files' | 'folders';
  /** SQL file names inside a migration folder, for the `folders` layout. */
  folderFiles?: readonly string[];
  /** How a file runs when it says nothing else. */
  transaction: TransactionMode;
  /** Run order: by numeric version, or by the runner's plain string sort of names. */
  order: 'version' | 'name' | 'journal';
  /** Reads a section marker comment (`-- +goose Down`): which section starts there. */
  sectionMarker?: (comment: string) => Section | undefined;
  /** Reads a comment that opts the file out of its transaction (`-- +goose NO TRANSACTION`). */
  transactionOptOut?: (comment: string) => boolean;
  /** A file name that opts out of the transaction (popx's `.autocommit.`). */
  fileOptOut?: (fileName: string) => boolean;
  /**
   * The runner sends a file (or its up section) to PostgreSQL as one simple query: without the
   * runner's BEGIN it is one implicit transaction when it holds several statements, so an opt-out
   * gives `implicit`, not `none` (docs/frameworks-transactions.md).
   */
  sendsFileAsOneQuery?: boolean;
  /**
   * The runner applies all pending migrations of a run on one database connection, so a
   * session-level `SET` in one file holds in the files after it (docs/frameworks-transactions.md).
   * Runners that apply everything in one transaction (`all`) share a connection anyway.
   */
  oneSession?: boolean;
  /** How the runner tells migrations apart and what it does with numbering mistakes. */
  numbering: Numbering;
}

/**
 * A runner's own numbering rules, each traced to its code in docs/frameworks-transactions.md
 * ("Numbering and journals").
 */
export interface Numbering {
  /**
   * What makes two migrations the same version: the number (`0010` is `10`), the digits as
   * written (`0010` is not `10`), or nothing (Prisma: the whole folder name identifies one).
   */
  version: 'number' | 'text' | 'none';
  /** What happens to the second migration of a duplicate version. */
  duplicate: { outcome: 'refused' | 'skipped' | 'journal'; says: string } | undefined;
  /** What happens to a new migration numbered below one already applied. */
  belowApplied?: { outcome: 'refused' | 'skipped'; says: string };
  /** Versions are counted 1, 2, 3 by the tool that creates them, so a hole can mean lost work. */
  sequential: boolean;
  /** File names the runner takes for migrations; any other `.sql` file in the folder never runs. */
  recognises?: (fileName: string) => boolean;
}

export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  drizzle: {
    id: 'drizzle',
    layout: 'files',
    transaction: 'all',
    order: 'journal',
    // The migrator runs what meta/_journal.json lists; file numbers are drizzle-kit's count of entries.
    numbering: { version: 'number', duplicate: { outcome: 'journal', says: 'only the one listed in meta/_journal.json ever runs' }, sequential: true },
  },
  prisma: {
    id: 'prisma',
    layout: 'folders',
    folderFiles: ['migration.sql'],
    transaction: 'implicit',
    sendsFileAsOneQuery: true,
    order: 'name',
    // Folders run in name order and are recorded by their whole name: no version, no time check.
    numbering: { version: 'none', duplicate: undefined, sequential: false },
  },
  'golang-migrate': {
    id: 'golang-migrate',
    layout: 'files',
    transaction: 'implicit',
    sendsFileAsOneQuery: true,
    oneSession: true,
    order: 'version',
    numbering: {
      version: 'number',
      duplicate: { outcome: 'refused', says: 'golang-migrate refuses to start ("duplicate migration file")' },
      belowApplied: { outcome: 'skipped', says: 'golang-migrate never applies it on a database already past that version: `up` starts after the one version it records' },
      sequential: true,
      recognises: (name) => /^\d+_.*\.(up|down)\.[^.]+$/.test(name),
    },
  },
  goose: {
    id: 'goose',
    layout: 'files',
    transaction: 'per-file',
    order: 'version',
    sectionMarker: (c) => (/^--\s*\+goose\s+up\b/i.test(c) ? 'up' : /^--\s*\+goose\s+down\b/i.test(c) ? 'down' : undefined),
    transactionOptOut: (c) => /^--\s*\+goose\s+no\s+transaction\b/i.test(c),
    numbering: {
      version: 'number',
      duplicate: { outcome: 'refused', says: 'goose refuses to run ("found duplicate migration version")' },
      belowApplied: { outcome: 'refused', says: 'goose refuses to migrate a database already past it ("found 1 missing migrations before current version") unless run with --allow-missing' },
      sequential: true,
      recognises: (name) => /^\d+_/.test(name),
    },
  },
  dbmate: {
    id: 'dbmate',
    layout: 'files',
    transaction: 'per-file',
    order: 'version',
    sectionMarker: (c) => (/^--\s*migrate:up\b/i.test(c) ? 'up' : /^--\s*migrate:down\b/i.test(c) ? 'down' : undefined),
    transactionOptOut: (c) => /^--\s*migrate:up\b.*\btransaction:false\b/i.test(c),
    sendsFileAsOneQuery: true,
    numbering: {
      version: 'text',
      duplicate: { outcome: 'skipped', says: 'dbmate records versions, so a database that applied one of them skips the other' },
      sequential: true,
      recognises: (name) => /^\d+.*\.sql$/.test(name),
    },
  },
  flyway: {
    id: 'flyway',
    layout: 'files',
    transaction: 'per-file',
    order: 'version',
    numbering: {
      version: 'number',
      duplicate: { outcome: 'refused', says: 'Flyway refuses to migrate ("Found more than one migration with version")' },
      belowApplied: {
        outcome: 'refused',
        says: 'Flyway refuses to migrate a database already past it ("Detected resolved migration not applied to database") unless outOfOrder is on',
      },
      sequential: true,
      recognises: (name) => /^([VU]\d+(?:[._]\d+)*|R)__/.test(name),
    },
  },
  diesel: {
    id: 'diesel',
    layout: 'folders',
    folderFiles: ['up.sql', 'down.sql'],
    transaction: 'per-file',
    sendsFileAsOneQuery: true,
    oneSession: true,
    order: 'name',
    numbering: { version: 'text', duplicate: { outcome: 'skipped', says: 'Diesel keys pending migrations by version, so only one of them ever runs' }, sequential: false },
  },
  supabase: { id: 'supabase', layout: 'files', transaction: 'per-file', order: 'version', numbering: { version: 'text', duplicate: undefined, sequential: false } },
  popx: {
    id: 'popx',
    layout: 'files',
    transaction: 'per-file',
    order: 'version',
    fileOptOut: (name) => /\.autocommit\./i.test(name),
    numbering: {
      version: 'text',
      duplicate: { outcome: 'skipped', says: 'popx records versions, so once one of them ran the other is skipped as "already applied"' },
      sequential: false,
    },
  },
  plain: {
    id: 'plain',
    layout: 'files',
    transaction: 'none',
    order: 'version',
    numbering: { version: 'number', duplicate: { outcome: 'skipped', says: 'the two run in an order nobody chose, or one is taken for the other' }, sequential: true },
  },
};

/** Whether a migration file (or its folder's file) is a "down" migration. */
export function isDownFile(framework: FrameworkId, relativeFile: string): boolean {
  const name = relativeFile.split('/').pop()!;
  if (framework === 'diesel') return name === 'down.sql';
  if (framework === 'flyway') return /^U\d/.test(name);
  return /\.down\.sql$/i.test(name);
}
