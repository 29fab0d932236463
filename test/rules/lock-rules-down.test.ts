/**
 * Down migrations undo a deploy: the lock rules are relaxed there (BUILTIN_DOWN_RULES), while a
 * change that cannot run at all (no-uncastable-type-change) is still reported.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { project } from '../helpers/tmp.js';

const UP = [
  'CREATE INDEX orders_user_idx ON orders (user_id);',
  'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
  'ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);',
  'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
  'ALTER TABLE orders ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;',
  'VACUUM FULL orders;',
  'ALTER TABLE orders ALTER COLUMN reference TYPE integer;',
].join('\n');

describe('lock rules in down migrations', () => {
  it('report in the up file, stay quiet in the down file except for a change that fails', async () => {
    const dir = project({
      'db/1_init.up.sql': 'CREATE TABLE orders (id int, user_id int, code text, total int, reference text);\n',
      'db/1_init.down.sql': 'DROP TABLE IF EXISTS orders;\n',
      'db/2_locks.up.sql': UP,
      // The column's type is declared in the down file itself: down files see no later state.
      'db/2_locks.down.sql': UP.replace('ALTER TABLE orders ALTER COLUMN reference TYPE integer;', 'ALTER TABLE orders ADD COLUMN legacy text;\nALTER TABLE orders ALTER COLUMN legacy TYPE integer;'),
    });
    const { stdout } = await cli(['-f', 'json', '--no-cache', '--rule', 'no-numbering-gaps: off', 'db'], { cwd: dir });
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const rules = (name: string) => results.find((r) => r.filePath.endsWith(name))!.messages.map((m) => m.ruleId);
    expect(rules('2_locks.up.sql')).toEqual([
      'require-concurrently',
      'require-not-valid-constraint',
      'require-unique-index-first',
      'no-column-type-rewrite',
      'no-rewriting-add-column',
      'no-blocking-table-commands',
      // golang-migrate sends the file as one query: VACUUM fails in its implicit transaction block.
      'no-concurrently-in-transaction',
      'no-uncastable-type-change',
    ]);
    expect(rules('2_locks.down.sql')).toEqual(['no-concurrently-in-transaction', 'no-uncastable-type-change']);
  });
});
