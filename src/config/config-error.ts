/** A configuration problem: names the file and each key that is wrong; exit code 2, before any file is linted. */


export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause: unknown },
  ) {
    super(`invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}
