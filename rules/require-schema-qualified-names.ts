import type { Node, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { strings } from '../src/analysis/names.js';

type MessageIds = 'unqualified';

export default defineRule<[], MessageIds>({
  id: 'require-schema-qualified-names',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require schema-qualified names for the tables, indexes and types a migration creates, changes or drops',
      recommended: false,
    },
    messages: {
      unqualified:
        '{{what}} "{{name}}" has no schema: it resolves through the search_path of whatever connection runs the migration. Write the schema ("public"."{{name}}" or your own) so the migration changes the same object everywhere.',
    },
    schema: [],
  },
  create(context) {
    const check = (relation: RangeVar | undefined, what: string): void => {
      // Temporary tables live in the session's own schema: there is nothing to qualify.
      if (!relation?.relname || relation.schemaname || relation.relpersistence === 't') return;
      context.report({ node: relation, messageId: 'unqualified', data: { what, name: relation.relname } });
    };
    const checkName = (parts: string[], what: string): void => {
      if (parts.length === 1) context.report({ messageId: 'unqualified', data: { what, name: parts[0]! } });
    };
    return {
      CreateStmt(node) {
        check(node.relation, 'Table');
      },
      AlterTableStmt(node) {
        check(node.relation, node.objtype === 'OBJECT_INDEX' ? 'Index' : 'Table');
      },
      IndexStmt(node) {
        check(node.relation, 'Table');
      },
      RenameStmt(node) {
        check(node.relation, 'Table');
      },
      DropStmt(node) {
        const what = ({ OBJECT_TABLE: 'Table', OBJECT_INDEX: 'Index', OBJECT_VIEW: 'View', OBJECT_TYPE: 'Type' } as Record<string, string>)[node.removeType ?? ''];
        if (!what) return;
        for (const object of node.objects ?? []) {
          const list = (object as { List?: { items?: Node[] } }).List?.items;
          const typeName = (object as { TypeName?: { names?: Node[] } }).TypeName?.names;
          checkName(strings(list ?? typeName), what);
        }
      },
      CreateEnumStmt(node) {
        checkName(strings(node.typeName), 'Type');
      },
    };
  },
});
