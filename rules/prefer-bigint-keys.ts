import type { ColumnDef, Constraint, CreateStmt, Node } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { strings, tableKey, typeKey } from '../src/analysis/names.js';
import { definedColumn } from '../src/analysis/column-definitions.js';

type MessageIds = 'smallKey' | 'smallForeignKey';

const SMALL: Record<string, { label: string; max: string }> = {
  int2: { label: 'smallint', max: '32,767' },
  int4: { label: 'integer', max: '2,147,483,647' },
};
const BIG = new Set(['int8', 'bigserial', 'serial8']);

const constraintsOf = (list: Node[] | undefined): Constraint[] =>
  (list ?? []).flatMap((item) => {
    const constraint = (item as { Constraint?: Constraint }).Constraint;
    return constraint ? [constraint] : [];
  });

export default defineRule<[], MessageIds>({
  id: 'prefer-bigint-keys',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Prefer bigint over integer and smallint for primary key, identity and foreign key columns',
      recommended: 'style',
    },
    messages: {
      smallKey:
        'Key column "{{column}}" of "{{owner}}" is {{type}}: inserts fail once the ids pass {{max}}, and widening a key later rewrites the table and its indexes under ACCESS EXCLUSIVE, and every foreign key column that references it needs the same change. Use bigint now (8 bytes instead of {{bytes}}).',
      smallForeignKey:
        'Column "{{column}}" of "{{owner}}" is {{type}} but references "{{target}}"."{{targetColumn}}", which is bigint: rows whose id passes {{max}} cannot be referenced. Make "{{column}}" bigint.',
    },
    schema: [],
  },
  create(context) {
    /** The type key of a referenced column, from the schema state or (self-references) the same CREATE TABLE. */
    const referencedType = (target: string, column: string | undefined, create: CreateStmt | undefined): string | undefined => {
      if (!column) return undefined;
      if (create && tableKey(create.relation) === target) {
        for (const element of create.tableElts ?? []) {
          const sibling = (element as { ColumnDef?: ColumnDef }).ColumnDef;
          if (sibling?.colname === column) return typeKey(sibling.typeName);
        }
      }
      return context.schema.table(target)?.columns.get(column)?.type;
    };

    return {
      ColumnDef(def: ColumnDef) {
        const type = typeKey(def.typeName);
        const small = type === undefined ? undefined : SMALL[type];
        if (!small || !def.colname || def.typeName?.arrayBounds?.length) return;
        const defined = definedColumn(def, context.ancestors());
        if (!defined || (defined.kind !== 'create' && defined.kind !== 'add')) return;
        const parent = context.ancestors().at(-1);
        const create = parent?.type === 'CreateStmt' ? (parent.node as CreateStmt) : undefined;
        const own = constraintsOf(def.constraints);
        const tableLevel = constraintsOf(create?.tableElts);
        const data = { owner: defined.owner, column: def.colname, type: small.label, max: small.max, bytes: type === 'int2' ? 2 : 4 };

        const isKey =
          own.some((c) => c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_IDENTITY') ||
          // A column of a composite key (`(run_id, sequence_number)`) counts within its parent, not across the table.
          tableLevel.some((c) => c.contype === 'CONSTR_PRIMARY' && strings(c.keys).join() === def.colname);
        if (isKey) {
          context.report({ node: def, messageId: 'smallKey', data });
          return;
        }
        // A foreign key matches the key it references: flag it only when that key is known to be bigint.
        const references = [
          ...own.filter((c) => c.contype === 'CONSTR_FOREIGN').map((c) => ({ c, at: 0 })),
          ...tableLevel
            .filter((c) => c.contype === 'CONSTR_FOREIGN')
            .map((c) => ({ c, at: strings(c.fk_attrs).indexOf(def.colname!) }))
            .filter(({ at }) => at >= 0),
        ];
        for (const { c, at } of references) {
          const target = tableKey(c.pktable);
          const targetColumn = strings(c.pk_attrs)[at];
          if (!target || !targetColumn) continue;
          if (BIG.has(referencedType(target, targetColumn, create) ?? '')) {
            context.report({ node: def, messageId: 'smallForeignKey', data: { ...data, target, targetColumn } });
            return;
          }
        }
      },
    };
  },
});
