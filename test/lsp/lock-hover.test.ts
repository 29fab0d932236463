import { beforeAll, describe, expect, it } from 'vitest';
import { MarkupKind } from 'vscode-languageserver/node';
import { loadParser } from '../../src/parser/index.js';
import { lockHoverText, withLocks } from '../../src/lsp/lock-hover.js';

beforeAll(loadParser);

const SQL = 'CREATE TABLE refunds (id bigint);\nCREATE INDEX refunds_id_idx ON refunds (id);\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n-- é\nVACUUM FULL orders;\n';

describe('lock hover', () => {
  it("names each relation's lock, what it blocks and the work done under it", () => {
    expect(lockHoverText(SQL, { line: 2, character: 20 }, 16)).toBe(
      [
        '**Locks** (lock model, PostgreSQL 16):',
        '- `orders` (table): **SHARE ROW EXCLUSIVE** — blocks writes (INSERT, UPDATE, DELETE); reads go on; reads every row while holding it',
        '- `users` (referenced table): **SHARE ROW EXCLUSIVE** — blocks writes (INSERT, UPDATE, DELETE); reads go on',
      ].join('\n'),
    );
  });

  it('says when a table was created earlier in the buffer, and when a statement refuses a transaction', () => {
    expect(lockHoverText(SQL, { line: 1, character: 0 }, 16)).toContain('created in this file, so nobody waits yet');
    expect(lockHoverText(SQL, { line: 4, character: 3 }, 16)).toBe(
      '**Locks** (lock model, PostgreSQL 16):\n- `orders` (table): **ACCESS EXCLUSIVE** — blocks reads and writes (every query on the table, even SELECT); rewrites it; cannot run inside a transaction block',
    );
  });

  it('has nothing to say between statements or on a statement that locks no existing relation', () => {
    expect(lockHoverText(SQL, { line: 3, character: 2 }, 16)).toBeUndefined();
    expect(lockHoverText(SQL, { line: 0, character: 5 }, 16)).toBeUndefined();
  });

  it('follows a finding hover, or stands alone', () => {
    expect(withLocks(null, 'locks')).toEqual({ contents: { kind: MarkupKind.Markdown, value: 'locks' } });
    const findings = { contents: { kind: MarkupKind.Markdown, value: 'finding' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    expect(withLocks(findings, 'locks')).toEqual({ ...findings, contents: { kind: MarkupKind.Markdown, value: 'finding\n\n---\n\nlocks' } });
    expect(withLocks(findings, undefined)).toBe(findings);
  });
});

describe('lock hover and the session time zone', () => {
  // Agrees with no-column-type-rewrite: a TimeZone of UTC set before makes timestamp → timestamptz catalog-only (12+).
  const table = 'CREATE TABLE events (id bigint, at timestamp);\n';
  const change = 'ALTER TABLE events ALTER COLUMN at TYPE timestamptz;';
  const hover = (sql: string, mode?: 'none' | 'per-file'): string | undefined => lockHoverText(sql, { line: sql.split('\n').length - 1, character: 3 }, 16, mode);
  it('a rewrite unless the buffer set TimeZone to UTC', () => {
    expect(hover(table + change)).toContain('rewrites it');
    expect(hover(`${table}SET TIME ZONE 'UTC';\n${change}`)).toContain('catalog only');
    expect(hover(`${table}SET TIME ZONE 'Europe/Berlin';\n${change}`)).toContain('rewrites it');
  });

  it('SET LOCAL counts only inside a transaction: the runner\'s, or the buffer\'s own BEGIN', () => {
    const local = `${table}SET LOCAL TimeZone = 'UTC';\n${change}`;
    expect(hover(local, 'none')).toContain('rewrites it');
    expect(hover(local, 'per-file')).toContain('catalog only');
    expect(hover(`BEGIN;\n${local}`, 'none')).toContain('catalog only');
  });
});
