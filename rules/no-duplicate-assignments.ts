import type { Node, RangeVar, ResTarget } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { tableKey } from '../src/analysis/names.js';

type MessageIds = 'multipleAssignments' | 'columnTwice';

export default defineRule<[], MessageIds>({
  id: 'no-duplicate-assignments',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow assigning the same column twice in one UPDATE, ON CONFLICT DO UPDATE or MERGE, and naming a column twice in an INSERT column list',
      recommended: true,
    },
    messages: {
      multipleAssignments:
        'Column "{{column}}" of "{{table}}" is assigned twice in one SET list: PostgreSQL rejects the statement ("multiple assignments to same column \\"{{column}}\\"") and the migration fails. Keep the one assignment you mean.',
      columnTwice:
        'Column "{{column}}" is named twice in the column list of the INSERT into "{{table}}": PostgreSQL rejects the statement ("column \\"{{column}}\\" specified more than once") and the migration fails. Name each column once, and check which value was meant for it.',
    },
    schema: [],
  },
  create(context) {
    /** The table of the statement whose lists are being checked. */
    let table = '?';
    const check = (targets: Node[] | undefined, messageId: MessageIds): void => {
      // A column assigned as a whole conflicts with any other assignment to it; assignments to
      // different fields or elements (`c.x`, `a[1]`) are merged by PostgreSQL.
      const seen = new Map<string, boolean>();
      for (const item of targets ?? []) {
        const target = (item as { ResTarget?: ResTarget }).ResTarget;
        if (!target?.name) continue;
        const whole = !target.indirection?.length;
        const earlierWhole = seen.get(target.name);
        if (earlierWhole !== undefined && (whole || earlierWhole)) {
          context.report({ node: target, messageId, data: { column: target.name, table } });
          continue;
        }
        seen.set(target.name, whole);
      }
    };
    const relation = (value: RangeVar | undefined): string => tableKey(value) ?? '?';
    return {
      UpdateStmt(node) {
        table = relation(node.relation);
        check(node.targetList, 'multipleAssignments');
      },
      InsertStmt(node) {
        table = relation(node.relation);
        check(node.cols, 'columnTwice');
        // A plain field of the InsertStmt, not a node of its own.
        check(node.onConflictClause?.targetList, 'multipleAssignments');
      },
      MergeStmt(node) {
        table = relation(node.relation);
      },
      MergeWhenClause(node) {
        check(node.targetList, node.commandType === 'CMD_INSERT' ? 'columnTwice' : 'multipleAssignments');
      },
    };
  },
});
