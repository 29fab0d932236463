/**
 * The command line's options and their parsing. yargs is the parser (help, version, errors);
 * command lines made only of known options and paths, such as a hook's or CI's, are read with
 * Node's own util.parseArgs instead, because loading yargs costs more than a pre-commit run's
 * whole lint (test/cli/arguments.test.ts checks that both give the same result).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BUILTIN_FORMATS } from './reporters/index.js';
import { VERSION } from './package-info.js';

export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

export interface Args {
  patterns: string[];
  format: string;
  outputFile?: string;
  maxWarnings: number;
  quiet: boolean;
  rule: string | string[];
  config?: string;
  pgVersion?: number;
  stdin: boolean;
  stdinFilename?: string;
  printConfig?: string;
  listRules: boolean;
  explain?: string;
  color?: boolean;
  inlineConfig: boolean;
  reportUnusedDisableDirectives: boolean;
  errorOnUnmatchedPattern: boolean;
  fix: boolean;
  fixDryRun: boolean;
  since?: string;
  cache: boolean;
  cacheLocation?: string;
  /** `verify` only (docs/verify.md). */
  databaseUrl?: string;
  withRows: boolean;
  seed?: string;
  seedAfter?: string;
  setup?: string;
  locks: boolean;
  debug: boolean;
  cacheStrategy: string;
}

/** Every option, for yargs and for the defaults of the plain-paths fast path below. */
const OPTIONS = {
  format: { alias: 'f', type: 'string', default: 'text', describe: `Report format: ${BUILTIN_FORMATS.join(', ')}, or a path to a formatter module` },
  'output-file': { alias: 'o', type: 'string', describe: 'Write the report to this file (written even when the exit code is 1)' },
  'max-warnings': { type: 'number', default: -1, describe: 'Exit 1 when there are more warnings than this' },
  quiet: { type: 'boolean', default: false, describe: 'Report errors only' },
  // Not `array: true`, which would swallow the paths that follow; repeat --rule instead.
  rule: { type: 'string', default: [] as string[], describe: "Set a rule, e.g. --rule 'no-bare-drop-table: warn'" },
  config: { alias: 'c', type: 'string', describe: 'Use this config file instead of searching for one' },
  'pg-version': { type: 'number', describe: 'Target PostgreSQL major version (overrides postgresVersion)' },
  stdin: { type: 'boolean', default: false, describe: 'Lint SQL read from standard input' },
  'stdin-filename': { type: 'string', describe: 'The file name the --stdin text stands for (decides config and folder)' },
  'print-config': { type: 'string', describe: 'Print the configuration that applies to a file, and lint nothing' },
  'list-rules': { type: 'boolean', default: false, describe: 'List the available rules' },
  explain: { type: 'string', describe: "Print a rule's documentation" },
  color: { type: 'boolean', describe: 'Force colour on (--color) or off (--no-color)' },
  'inline-config': { type: 'boolean', default: true, describe: 'Honour migration-lint-* comments (--no-inline-config turns them off)' },
  'report-unused-disable-directives': { type: 'boolean', default: false, describe: 'Report directives that suppress nothing' },
  cache: { type: 'boolean', default: true, describe: 'Reuse the schema state of unchanged history between runs (--no-cache: replay it every time)' },
  'cache-location': { type: 'string', describe: 'Folder for the caches (default: your own folder in the OS temp folder); keep it between CI runs' },
  'cache-strategy': { type: 'string', default: 'metadata', describe: 'How the caches tell a file changed: metadata (size and modification time) or content (a hash of the file)' },
  since: { type: 'string', describe: 'Report only migrations added or changed since this git ref (history still builds the state)' },
  fix: { type: 'boolean', default: false, describe: 'Apply the fixes of fixable rules and write the files' },
  'fix-dry-run': { type: 'boolean', default: false, describe: 'Compute fixes without writing; the JSON report carries "output"' },
  'error-on-unmatched-pattern': { type: 'boolean', default: true, describe: 'Fail when a pattern matches no file' },
  'database-url': { type: 'string', describe: 'verify: apply to a scratch database on this server (postgres://…) instead of PGlite' },
  'with-rows': { type: 'boolean', default: false, describe: 'verify: give every empty table synthetic rows before each pending migration' },
  seed: { type: 'string', describe: 'verify: run this SQL file after the history (or after --seed-after)' },
  'seed-after': { type: 'string', describe: 'verify: the migration (version or name) after which --seed runs' },
  setup: { type: 'string', describe: 'verify: run this SQL file before the first migration (roles, schemas, extensions)' },
  locks: { type: 'boolean', default: false, describe: 'verify: report the locks each statement took and the tables it rewrote' },
  debug: { type: 'boolean', default: false, describe: 'Print the stack trace of a failure (so does DEBUG=migration-lint)' },
} as const;

async function yargsParser(argv: string[]) {
  // Loaded on demand: the plain-paths fast path (a pre-commit hook) never needs it.
  const { default: yargs } = await import('yargs');
  return yargs(argv)
    .scriptName('migration-lint')
    .usage('$0 [paths or globs…]\n$0 verify [paths…]  apply the migrations to PostgreSQL (PGlite, or --database-url) and report what fails\n$0 lsp --stdio    start the language server for editors\n\nLint PostgreSQL migration files. Folders are searched for .sql files.')
    .command('$0 [patterns..]', false, (y) => y.positional('patterns', { type: 'string', array: true, default: [] }))
    .options(OPTIONS as unknown as Record<string, import('yargs').Options>)
    .strictOptions()
    .version(VERSION)
    .help()
    .alias('help', 'h')
    .wrap(100);
}

/** Parses with yargs; `--help` and `--version` give their text as `output`. */
export async function parseWithYargs(argv: string[]): Promise<Args | { output: string }> {
  const instance = await yargsParser(argv);
  const parsed = await new Promise<{ args?: Args; output: string; error?: Error }>((resolve) => {
    instance
      .exitProcess(false)
      .fail((message: string | undefined, error: Error | undefined) => {
        throw error ?? new ArgumentError(unknownArgumentsOnce(message ?? 'invalid arguments', argv));
      })
      .parse(argv, {}, (error: Error | undefined, result: unknown, output: string) => {
        resolve({ args: result as Args, output, ...(error ? { error } : {}) });
      });
  });
  if (parsed.error) throw parsed.error;
  if (parsed.output) return { output: parsed.output };
  // Paths after `--` are paths even when they look like options; yargs keeps them in `_`.
  const rest = ((parsed.args as unknown as { _?: unknown[] })._ ?? []).map(String);
  if (rest.length > 0) parsed.args!.patterns = [...(parsed.args!.patterns ?? []), ...rest];
  // yargs turns `--max-warnings many` into NaN; say so instead of running with no limit.
  for (const [name, option] of Object.entries(OPTIONS)) {
    const value = (parsed.args as unknown as Record<string, unknown>)[camelCase(name)];
    if (option.type === 'number' && typeof value === 'number' && Number.isNaN(value)) throw new ArgumentError(`--${name} expects a number.`);
  }
  return parsed.args!;
}

/**
 * yargs names an unknown `--bogus-flag` twice, as typed and in the camelCase it adds to its
 * result (`Unknown arguments: bogus-flag, bogusFlag`): name each once, as the user typed it.
 */
export function unknownArgumentsOnce(message: string, argv: readonly string[] = []): string {
  const match = /^Unknown arguments?: (.*)$/s.exec(message);
  if (!match) return message;
  const names = match[1]!.split(', ');
  const typed = names.filter((name) => !names.some((other) => other !== name && other.includes('-') && camelCase(other) === name));
  // As written on the command line (`--no-bogus`, which yargs reports as `bogus`), where it is there.
  const asWritten = (name: string): string => {
    const dashed = name.length === 1 ? `-${name}` : `--${name}`;
    const token = argv.find((arg) => [dashed, `--no-${name}`].some((form) => arg === form || arg.startsWith(`${form}=`)));
    return token?.split('=')[0] ?? dashed;
  };
  const shown = [...new Set(typed.map(asWritten))];
  return `Unknown ${shown.length === 1 ? 'argument' : 'arguments'}: ${shown.join(', ')}`;
}

type OptionName = keyof typeof OPTIONS;
const camelCase = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** util.parseArgs's view of OPTIONS: numbers read as strings, `--no-x` spelled out for booleans. */
const QUICK_OPTIONS: ParseArgsConfig['options'] = Object.fromEntries(
  (Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]).flatMap(([name, option]) => {
    const short = 'alias' in option && option.alias.length === 1 ? { short: option.alias } : {};
    const base = [[name, { type: option.type === 'boolean' ? 'boolean' : 'string', ...short, ...(name === 'rule' ? { multiple: true } : {}) }]] as const;
    return option.type === 'boolean' ? [...base, [`no-${name}`, { type: 'boolean' }] as const] : base;
  }),
);

/**
 * The same Args as yargs gives, for command lines of known options and paths only; undefined
 * for anything else (help, version, unknown or malformed options), which yargs then handles.
 */
export function quickParse(argv: string[]): Args | undefined {
  if (argv.includes('--')) return undefined;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: QUICK_OPTIONS, allowPositionals: true, strict: true });
  } catch {
    return undefined;
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const args: Record<string, unknown> = { patterns: parsed.positionals };
  for (const [name, option] of Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]) {
    let value: unknown = values[name];
    if (option.type === 'boolean') {
      const negated = values[`no-${name}`];
      if (negated !== undefined && value !== undefined) return undefined; // both spellings: leave it to yargs
      if (negated !== undefined) value = !negated;
    }
    if (option.type === 'number' && value !== undefined) {
      if (!/^-?\d+(\.\d+)?$/.test(value as string)) return undefined;
      value = Number(value);
    }
    // yargs gives a repeated --rule as an array and a single one as a string.
    if (name === 'rule' && Array.isArray(value)) value = value.length === 1 ? value[0] : value;
    if (value === undefined && 'default' in option) value = option.default;
    if (value !== undefined) args[camelCase(name)] = value;
  }
  return args as unknown as Args;
}

/** Quick when it can be, yargs otherwise. */
export async function parseArguments(argv: string[]): Promise<Args | { output: string }> {
  return quickParse(argv) ?? (await parseWithYargs(argv));
}
