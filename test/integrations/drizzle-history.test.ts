/**
 * The drizzle history of issue 9: a drizzle-kit project whose migrations include changes that fail
 * or block production and safe ones. Each migration is linted as the newest one, the earlier ones
 * already applied (how each reached production), with the default (recommended) rules.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { loadBuiltinRules } from '../../src/rules-registry.js';

const FOLDER = path.join(ROOT, 'fixtures', 'drizzle-history', 'drizzle');

/** The rules of this branch, and exactly the files each reports. */
const EXPECTED: Record<string, string[]> = {
  '0000_init': [],
  '0001_add_customer_phone': [],
  '0002_add_order_currency': ['no-not-null-without-default'],
  '0003_order_reference_integer': [],
  '0004_order_total_bigint': [],
  '0005_orders_customer_index': [],
  '0006_orders_customer_fk': [],
  '0007_customers_email_unique': [],
  '0008_rename_customer_name': ['no-rename'],
  '0009_drop_customer_phone': ['no-drop-column'],
  '0010_orders_created_at_index': ['no-concurrently-in-transaction'],
  '0011_order_status_refunded': [],
  '0012_refunds': [],
  '0013_customer_marketing_opt_in': [],
};

/**
 * The hazards that the rules of the locks branch report (merged from main): each entry with a rule
 * id is asserted. A new rule for one of these hazards goes in here.
 */
const OTHER_BRANCHES: { file: string; hazard: string; rule: string | undefined }[] = [
  { file: '0003_order_reference_integer', hazard: 'text → integer has no assignment cast and no USING: `column "reference" cannot be cast automatically to type integer`', rule: 'no-uncastable-type-change' },
  { file: '0004_order_total_bigint', hazard: 'integer → bigint rewrites the table and its indexes under ACCESS EXCLUSIVE', rule: 'no-column-type-rewrite' },
  { file: '0005_orders_customer_index', hazard: 'CREATE INDEX without CONCURRENTLY: SHARE lock, writes blocked for the build', rule: 'require-concurrently' },
  { file: '0006_orders_customer_fk', hazard: 'ADD FOREIGN KEY without NOT VALID: SHARE ROW EXCLUSIVE on both tables and a scan; fails on orphans', rule: 'require-not-valid-constraint' },
  { file: '0007_customers_email_unique', hazard: 'ADD UNIQUE without USING INDEX: index build under ACCESS EXCLUSIVE; fails on duplicates', rule: 'require-unique-index-first' },
];

/** Files where no rule may report: the safe migrations. */
const SAFE = ['0000_init', '0001_add_customer_phone', '0011_order_status_refunded', '0012_refunds', '0013_customer_marketing_opt_in'];

async function rulesReporting(tag: string): Promise<string[]> {
  const { stdout, code } = await cli(['-f', 'json', '--no-cache', path.join(FOLDER, `${tag}.sql`)]);
  expect(code, stdout).toBeLessThan(2);
  const [result] = JSON.parse(stdout) as { messages: { ruleId: string }[] }[];
  return [...new Set(result!.messages.map((m) => m.ruleId))].sort();
}

describe('drizzle history (fixtures/drizzle-history)', async () => {
  const builtin = await loadBuiltinRules();
  const listedRules = new Set(Object.values(EXPECTED).flat());

  it.each(Object.entries(EXPECTED))('%s', async (tag, expected) => {
    const found = await rulesReporting(tag);
    expect(found.filter((id) => listedRules.has(id))).toEqual(expected);
    for (const entry of OTHER_BRANCHES.filter((e) => e.file === tag && e.rule)) {
      expect(builtin.has(entry.rule!), `rule ${entry.rule} exists`).toBe(true);
      expect(found).toContain(entry.rule);
    }
    if (SAFE.includes(tag)) expect(found).toEqual([]);
  });
});
