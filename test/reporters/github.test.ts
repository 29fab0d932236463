/** `-f github`: GitHub Actions workflow commands, one annotation per problem, escaped as GitHub requires. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import github, { escapeData, escapeProperty } from '../../src/reporters/github.js';
import type { FormatterContext } from '../../src/reporters/types.js';
import { message, messageCount, REPORTER_FIXTURE, result } from '../helpers/results.js';
import { spawnCli } from '../helpers/cli.js';

const cwd = path.resolve('/project');
const context: FormatterContext = { cwd, rulesMeta: {}, color: false, version: '0.0.0' };


describe('the github formatter', () => {
  it('writes one ::error or ::warning command per message, with a cwd-relative POSIX path', async () => {
    const out = await github(
      [
        result(path.join(cwd, 'db', 'migrations', '0001_a.sql'), [message({}), message({ severity: 1, ruleId: 'no-numbering-gaps', message: 'gap', line: 1, column: 1, endLine: 1, endColumn: 9 })]),
        result(path.join(cwd, 'db', 'migrations', '0002_b.sql'), []),
      ],
      context,
    );
    expect(out).toBe(
      [
        '::error file=db/migrations/0001_a.sql,line=3,col=5,endLine=3,endColumn=21,title=no-bare-drop-table::DROP TABLE "users" has no IF EXISTS.',
        '::warning file=db/migrations/0001_a.sql,line=1,col=1,endLine=1,endColumn=9,title=no-numbering-gaps::gap',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there are no problems', async () => {
    expect(await github([result(path.join(cwd, 'a.sql'), [])], context)).toBe('');
  });

  it('escapes %, CR and LF in the message, and also : and , in properties', async () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('dir:x,y%z\n')).toBe('dir%3Ax%2Cy%25z%0A');
    const out = await github([result(path.join(cwd, 'odd:name,v1%.sql'), [message({ message: 'line one\nline two: 50%, really' })])], context);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(out).toContain('file=odd%3Aname%2Cv1%25.sql,');
    expect(out).toMatch(/::line one%0Aline two: 50%25, really\n$/);
  });

  it('is what the CLI prints for -f github', () => {
    const { code, stdout } = spawnCli(['-f', 'github', REPORTER_FIXTURE]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    // One line per reported message, as the JSON report has them.
    expect(lines).toHaveLength(messageCount(spawnCli(['-f', 'json', REPORTER_FIXTURE]).stdout));
    for (const line of lines) expect(line).toMatch(/^::(error|warning) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::\S/);
    expect(lines).toContain('::error file=fixtures/reporters/sarif/db/schema changes/0005_broken.sql,line=2,col=8,endLine=2,endColumn=8,title=parse-error::Parse error: syntax error at or near "TABL"');
  });
});
