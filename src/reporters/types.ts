import type { LintResult, RuleMeta } from '../engine/types.js';

export interface FormatterContext {
  cwd: string;
  /** Metadata of every rule that could have reported, by id. */
  rulesMeta: Record<string, RuleMeta<string> & { docs: { url?: string } }>;
  color: boolean;
  maxWarningsExceeded?: { maxWarnings: number; foundWarnings: number };
  /** The tool's version, for reports that name it. */
  version: string;
}

/** A reporter maps results to text; it does no I/O. */
export type Formatter = (results: LintResult[], context: FormatterContext) => string | Promise<string>;
