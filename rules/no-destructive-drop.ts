import type { RangeVar, TypeName } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { strings, tableKey, typeKey } from '../src/analysis/names.js';

type MessageIds = 'truncateCascade' | 'dropSchemaCascade' | 'dropSchemaNotEmpty' | 'dropTypeCascade' | 'dropExtensionCascade' | 'dropDatabase';

export default defineRule<[], MessageIds>({
  id: 'no-destructive-drop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow statements that delete more than they name: TRUNCATE … CASCADE, DROP SCHEMA, DROP TYPE/DOMAIN/EXTENSION … CASCADE, DROP DATABASE',
      recommended: true,
    },
    messages: {
      truncateCascade:
        'TRUNCATE {{tables}} CASCADE also empties every table that references {{them}} through a foreign key, and the tables that reference those, none of them named here; the rows are gone for good. Name every table to empty in the TRUNCATE, without CASCADE, so that a forgotten reference fails instead.',
      dropSchemaCascade:
        'DROP SCHEMA {{schemas}} CASCADE drops every table, view, function, type and sequence in it, with all their data, and whatever outside the schema depends on them, none of them named here. Drop the objects explicitly first (so review sees them), then the empty schema without CASCADE.',
      dropSchemaNotEmpty:
        'DROP SCHEMA {{schemas}} fails while the schema still holds {{tables}} ("cannot drop schema … because other objects depend on it"). Drop or move those objects first, in this or an earlier migration.',
      dropTypeCascade:
        'DROP {{kind}} {{types}} CASCADE also drops every column of that type, with its data, and every function, view and default that uses it, none of them named here. Move the columns to another type (ALTER COLUMN … TYPE … USING …) and drop the dependent objects explicitly, then drop the type without CASCADE.',
      dropExtensionCascade:
        'DROP EXTENSION {{extensions}} CASCADE also drops every column, index, view and function that uses the extension\'s types or functions (a geometry column, a citext column), with their data, none of them named here. Drop or convert those objects explicitly, then the extension without CASCADE.',
      dropDatabase:
        'DROP DATABASE "{{database}}" deletes the whole database, every schema and row in it, and cannot run inside a transaction block. Keep database creation and removal out of migrations: do it in provisioning, after a backup.',
    },
    schema: [],
  },
  create(context) {
    return {
      TruncateStmt(node) {
        if (node.behavior !== 'DROP_CASCADE') return;
        const names = (node.relations ?? []).map((r) => tableKey((r as { RangeVar?: RangeVar }).RangeVar)).filter((n) => n !== undefined);
        context.report({ messageId: 'truncateCascade', data: { tables: list(names), them: names.length > 1 ? 'them' : 'it' } });
      },
      DropStmt(node) {
        const cascade = node.behavior === 'DROP_CASCADE';
        switch (node.removeType) {
          case 'OBJECT_SCHEMA': {
            const schemas = strings(node.objects);
            if (cascade) {
              context.report({ messageId: 'dropSchemaCascade', data: { schemas: list(schemas) } });
              return;
            }
            const tables = schemas.flatMap((schema) => context.schema.tablesInSchema(schema));
            if (tables.length > 0) context.report({ messageId: 'dropSchemaNotEmpty', data: { schemas: list(schemas), tables: list(tables) } });
            return;
          }
          case 'OBJECT_TYPE':
          case 'OBJECT_DOMAIN': {
            if (!cascade) return;
            const types = (node.objects ?? []).map((o) => typeKey((o as { TypeName?: TypeName }).TypeName)).filter((n) => n !== undefined);
            // An enum that known columns use is no-unsafe-enum-change's dropTypeInUse.
            const reportedByEnumRule = types.every((t) => context.schema.enumType(t) && context.schema.columnsOfType(t).length > 0);
            if (types.length === 0 || reportedByEnumRule) return;
            context.report({ messageId: 'dropTypeCascade', data: { kind: node.removeType === 'OBJECT_TYPE' ? 'TYPE' : 'DOMAIN', types: list(types) } });
            return;
          }
          case 'OBJECT_EXTENSION':
            if (cascade) context.report({ messageId: 'dropExtensionCascade', data: { extensions: list(strings(node.objects)) } });
            return;
          default:
            // DROP TABLE is no-bare-drop-table's.
            return;
        }
      },
      DropdbStmt(node) {
        context.report({ messageId: 'dropDatabase', data: { database: node.dbname ?? '?' } });
      },
    };
  },
});

function list(names: string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}
