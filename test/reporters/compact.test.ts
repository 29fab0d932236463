/** `-f compact`: `path:line:col: severity: message [rule]` lines for editors' quickfix lists. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import compact from '../../src/reporters/compact.js';
import type { FormatterContext } from '../../src/reporters/types.js';
import { message, messageCount, REPORTER_FIXTURE, result } from '../helpers/results.js';
import { spawnCli } from '../helpers/cli.js';

const cwd = path.resolve('/project');
const context: FormatterContext = { cwd, rulesMeta: {}, color: false, version: '0.0.0' };


describe('the compact formatter', () => {
  it('writes one line per problem, path relative to the cwd', async () => {
    const out = await compact(
      [
        result(path.join(cwd, 'db', 'migrations', '0001_a.sql'), [
          message({}),
          message({ severity: 1, ruleId: 'no-numbering-gaps', message: 'Migration number jumps\nfrom 1 to 3.', line: 1, column: 1 }),
        ]),
        result(path.join(cwd, '0002_b.sql'), []),
        result('<text>', [message({ ruleId: 'parse-error', message: 'Parse error: syntax error at or near "TABL"', line: 2, column: 8 })]),
      ],
      context,
    );
    expect(out).toBe(
      [
        'db/migrations/0001_a.sql:3:5: error: DROP TABLE "users" has no IF EXISTS. [no-bare-drop-table]',
        'db/migrations/0001_a.sql:1:1: warning: Migration number jumps from 1 to 3. [no-numbering-gaps]',
        '<text>:2:8: error: Parse error: syntax error at or near "TABL" [parse-error]',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there are no problems', async () => {
    expect(await compact([result(path.join(cwd, 'a.sql'), [])], context)).toBe('');
  });

  it('is what the CLI prints for -f compact', () => {
    const { code, stdout } = spawnCli(['-f', 'compact', REPORTER_FIXTURE]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    // One line per reported message, as the JSON report has them.
    expect(lines).toHaveLength(messageCount(spawnCli(['-f', 'json', REPORTER_FIXTURE]).stdout));
    for (const line of lines) expect(line).toMatch(/^fixtures\/reporters\/sarif\/db\/schema changes\/[^:]+\.sql:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$/);
    // UTF-16 column after non-ASCII text on a CRLF line.
    expect(lines.some((l) => l.startsWith('fixtures/reporters/sarif/db/schema changes/0002_add_email.sql:3:12: error: DROP TABLE "légacy" deletes the table') && l.endsWith('[no-bare-drop-table]'))).toBe(true);
    expect(lines.some((l) => l.startsWith('fixtures/reporters/sarif/db/schema changes/0004_rename_mood.sql:1:1: error: ') && l.endsWith('[no-unsafe-enum-change]'))).toBe(true);
  });
});
