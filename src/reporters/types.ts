import type { LintResult, RuleMeta } from '../engine/types.js';

export interface FormatterContext {
  cwd: string;
  /** Metadata of every rule that could have reported, by id. */
  rulesMeta: Record<string, RuleMeta<string> & { docs: { url?: string } }>;
  color: boolean;
  maxWarningsExceeded?: { maxWarnings: number; foundWarnings: number };
  /** The tool's version, for reports that name it. */
  version: string;
  /** A rule's docs page (markdown), or undefined when it has none; the CLI reads the files. */
  ruleDocs?: (id: string) => string | undefined;
  /** Rules switched on for at least one linted file, with their highest configured severity. */
  enabledRules?: Record<string, 1 | 2>;
  /**
   * `--fix-dry-run`: the text a result's `output` was fixed from, so that reports can show the
   * fixes as a diff. Absent when fixes are not being previewed.
   */
  textBeforeFixes?: (filePath: string) => string | undefined;
  /** The git top level above the cwd, when there is one (SARIF paths are relative to it). */
  repositoryRoot?: string;
}

/** A reporter maps results to text; it does no I/O. */
export type Formatter = (results: LintResult[], context: FormatterContext) => string | Promise<string>;
