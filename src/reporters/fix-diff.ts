/**
 * The fixes of a `--fix-dry-run` as a unified diff (3 lines of context, `--- a/` and `+++ b/`
 * headers as git prints them), so the text report shows what `--fix` would write, as squawk's
 * terminal report does. jsdiff (the `diff` package) computes and formats it; the output is
 * deterministic.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** A unified diff of one file, or '' when nothing changed. */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}
