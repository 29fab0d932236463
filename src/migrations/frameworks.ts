/**
 * What migration-lint knows about each migration runner: how its files are named and laid out,
 * the order it runs them in, how it wraps them in transactions (sources in
 * docs/frameworks-transactions.md), and which comments mark up/down sections or opt out of the
 * transaction.
 */
import type { TransactionMode } from '../engine/types.js';

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
}

export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  drizzle: { id: 'drizzle', layout: 'files', transaction: 'all', order: 'journal' },
  prisma: { id: 'prisma', layout: 'folders', folderFiles: ['migration.sql'], transaction: 'implicit', order: 'name', sendsFileAsOneQuery: true },
  'golang-migrate': { id: 'golang-migrate', layout: 'files', transaction: 'implicit', order: 'version', sendsFileAsOneQuery: true },
  goose: {
    id: 'goose',
    layout: 'files',
    transaction: 'per-file',
    order: 'version',
    sectionMarker: (c) => (/^--\s*\+goose\s+up\b/i.test(c) ? 'up' : /^--\s*\+goose\s+down\b/i.test(c) ? 'down' : undefined),
    transactionOptOut: (c) => /^--\s*\+goose\s+no\s+transaction\b/i.test(c),
  },
  dbmate: {
    id: 'dbmate',
    layout: 'files',
    transaction: 'per-file',
    order: 'version',
    sectionMarker: (c) => (/^--\s*migrate:up\b/i.test(c) ? 'up' : /^--\s*migrate:down\b/i.test(c) ? 'down' : undefined),
    transactionOptOut: (c) => /^--\s*migrate:up\b.*\btransaction:false\b/i.test(c),
    sendsFileAsOneQuery: true,
  },
  flyway: { id: 'flyway', layout: 'files', transaction: 'per-file', order: 'version' },
  diesel: { id: 'diesel', layout: 'folders', folderFiles: ['up.sql', 'down.sql'], transaction: 'per-file', order: 'name', sendsFileAsOneQuery: true },
  supabase: { id: 'supabase', layout: 'files', transaction: 'per-file', order: 'version' },
  popx: { id: 'popx', layout: 'files', transaction: 'per-file', order: 'version', fileOptOut: (name) => /\.autocommit\./i.test(name) },
  plain: { id: 'plain', layout: 'files', transaction: 'none', order: 'version' },
};

/** Whether a migration file (or its folder's file) is a "down" migration. */
export function isDownFile(framework: FrameworkId, relativeFile: string): boolean {
  const name = relativeFile.split('/').pop()!;
  if (framework === 'diesel') return name === 'down.sql';
  if (framework === 'flyway') return /^U\d/.test(name);
  return /\.down\.sql$/i.test(name);
}
