import { describe, expect, it } from 'vitest';
import { parseWithYargs, quickParse } from '../../src/cli-arguments.js';

/** Only the fields the CLI reads (yargs adds aliases and `$0`). */
function fields(args: object): Record<string, unknown> {
  const { patterns, format, outputFile, maxWarnings, quiet, rule, config, pgVersion, stdin, stdinFilename, printConfig, listRules, explain, color, inlineConfig, reportUnusedDisableDirectives, errorOnUnmatchedPattern, fix, fixDryRun, since, cache, cacheLocation, cacheStrategy, debug } =
    args as Record<string, unknown>;
  return { patterns, format, outputFile, maxWarnings, quiet, rule, config, pgVersion, stdin, stdinFilename, printConfig, listRules, explain, color, inlineConfig, reportUnusedDisableDirectives, errorOnUnmatchedPattern, fix, fixDryRun, since, cache, cacheLocation, cacheStrategy, debug };
}

describe('command-line arguments: the quick parser reads exactly what yargs reads', () => {
  const commandLines = [
    ['db/migrations/0001_a.sql', 'db/migrations/0002_b.sql'],
    ['-f', 'json', '-o', 'out/report.json', 'migrations'],
    ['--format=sarif', '--output-file', 'r.sarif', '.'],
    ['--max-warnings', '0', '--quiet', 'a.sql'],
    ['--rule', 'no-bare-drop-table: warn', '--rule', 'no-numbering-gaps: off', 'a.sql'],
    ['--rule', 'no-bare-drop-table: ["error"]', 'a.sql'],
    ['--no-color', '--no-inline-config', '--no-cache', '--no-error-on-unmatched-pattern', 'x/*.sql'],
    ['--color', '--report-unused-disable-directives', '--fix', 'a.sql'],
    ['--since', 'origin/main', '--pg-version', '15', '-c', 'cfg.json', 'db'],
    ['--stdin', '--stdin-filename', 'db/migrations/0003_c.sql', '-f', 'json', '--fix-dry-run'],
    ['--print-config', 'db/migrations/0001_a.sql'],
    ['--cache-location', '.cache/migration-lint', 'db/migrations/0042_new.sql'],
    ['--cache-strategy', 'content', '--debug', 'db'],
    ['--list-rules'],
    ['--explain', 'no-bare-drop-table'],
  ];
  for (const argv of commandLines) {
    it(argv.join(' '), async () => {
      const quick = quickParse(argv);
      expect(quick).toBeDefined();
      const slow = await parseWithYargs(argv);
      expect(fields(quick!)).toEqual(fields(slow));
    });
  }

  it('leaves help, version, unknown options and malformed numbers to yargs', async () => {
    for (const argv of [['--help'], ['-h'], ['--version'], ['--frobnicate', 'a.sql'], ['--max-warnings', 'many'], ['--color', '--no-color'], ['--', '-odd-name.sql']]) {
      expect(quickParse(argv), argv.join(' ')).toBeUndefined();
    }
    await expect(parseWithYargs(['--frobnicate', 'a.sql'])).rejects.toThrow(/frobnicate/);
    await expect(parseWithYargs(['--max-warnings', 'many', 'a.sql'])).rejects.toThrow('--max-warnings expects a number.');
    expect(await parseWithYargs(['--version'])).toEqual({ output: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});

describe('unknown options', () => {
  it('names each unknown option once, as typed (not also in the camelCase yargs adds)', async () => {
    await expect(parseWithYargs(['--bogus-flag', 'a.sql'])).rejects.toThrow(/^Unknown argument: --bogus-flag$/);
    await expect(parseWithYargs(['--bogus-flag', '--other-thing', '-z', 'a.sql'])).rejects.toThrow(/^Unknown arguments: --bogus-flag, --other-thing, -z$/);
    await expect(parseWithYargs(['--frobnicate', 'a.sql'])).rejects.toThrow(/^Unknown argument: --frobnicate$/);
    await expect(parseWithYargs(['--no-bogus', '--bogus-flag=3', 'a.sql'])).rejects.toThrow(/^Unknown arguments: --no-bogus, --bogus-flag$/);
  });
});
