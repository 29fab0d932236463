/**
 * What verify adds to a report: the metadata of its two finding ids (for SARIF's rule list), a
 * summary line, and with --locks the locks and rewrites of every statement, per file.
 */
import path from 'node:path';
import type { RuleMeta } from '../engine/types.js';
import type { VerifyProperties, VerifyRun } from './run.js';

const DOCS = 'https://github.com/migration-lint/migration-lint/blob/main/docs/verify.md';

export const VERIFY_RULES_META: Record<string, RuleMeta<string> & { docs: { url?: string } }> = {
  'apply-error': {
    type: 'problem',
    docs: { description: 'PostgreSQL rejected a statement when verify applied the migrations', recommended: true, url: `${DOCS}#troubleshooting` },
    messages: {},
    schema: [],
  },
  'not-applied': {
    type: 'problem',
    docs: { description: "A migration file the runner never applies (drizzle: not in the journal)", recommended: true, url: `${DOCS}#what-verify-does` },
    messages: {},
    schema: [],
  },
  'verify-rows': {
    type: 'suggestion',
    docs: { description: 'verify --with-rows could not give a table a synthetic row', recommended: true, url: `${DOCS}#rows-and-seeds` },
    messages: {},
    schema: [],
  },
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function verifyText(run: VerifyRun, cwd: string, locks: boolean): string {
  let text = '';
  if (locks) {
    for (const result of run.results) {
      const verify = result.properties?.verify as VerifyProperties | undefined;
      if (!verify?.statements?.length) continue;
      text += `${path.relative(cwd, result.filePath).split(path.sep).join('/') || result.filePath}  (locks and rewrites)\n`;
      const rows = verify.statements.map((s) => {
        const locked = s.locks.map((l) => `${l.mode} on ${l.relation}${l.created ? ' (new)' : ''}`).join(', ');
        const facts = [
          locked || (s.observed ? 'no lock beyond those its transaction already holds' : 'not observed (PostgreSQL runs it only outside a transaction block)'),
          ...(s.rewrites.length ? [`rewrites ${s.rewrites.join(', ')}`] : []),
          ...(s.rebuiltIndexes.length ? [`rebuilds ${s.rebuiltIndexes.join(', ')}`] : []),
        ];
        return [`${s.line}:${s.column}`, s.type ?? '', facts.join('; ')];
      });
      const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const [at, type, facts] of rows) text += `  ${at!.padEnd(widths[0]!)}  ${type!.padEnd(widths[1]!)}  ${facts}\n`;
      text += '\n';
    }
  }
  const s = run.summary;
  const parts = [`${plural(s.applied, 'migration')} applied`];
  if (s.failed) parts.push(`${s.failed} failed`);
  if (s.rolledBack) parts.push(`${s.rolledBack} rolled back with it`);
  if (s.skipped) parts.push(`${s.skipped} not applied after a failure`);
  const cached = s.cachedHistory ? `, ${plural(s.cachedHistory, 'history migration')} restored from the cache` : '';
  text += `verify: ${parts.join(', ')} (${plural(s.sets, 'set')}, ${s.engine || 'no engine started'}${cached}) in ${(s.milliseconds / 1000).toFixed(1)} s\n`;
  return text;
}
