import type { ColumnDef, TypeName } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { typeKey } from '../src/analysis/names.js';
import { definedColumn } from '../src/analysis/column-definitions.js';

type MessageIds = 'varchar' | 'timestamp' | 'char' | 'json';
type Options = [{ varchar: boolean; timestamp: boolean; char: boolean; json: boolean }];

/** The length a `varchar(n)` / `char(n)` declares; `char` alone is `char(1)` (a typmod with no location). */
function declaredLength(typeName: TypeName): number | undefined {
  const first = (typeName.typmods?.[0] as { A_Const?: { ival?: { ival?: number } } } | undefined)?.A_Const?.ival?.ival;
  return first;
}

/** Whether the type is spelled with the `pg_catalog.` that the grammar adds to SQL-standard names. */
function isBuiltin(typeName: TypeName): boolean {
  const names = typeName.names ?? [];
  return names.length === 2 && (names[0] as { String?: { sval?: string } }).String?.sval === 'pg_catalog';
}

export default defineRule<Options, MessageIds>({
  id: 'prefer-robust-types',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Prefer text over varchar(n) and char(n), timestamptz over timestamp, and jsonb over json, for the columns a migration creates',
      recommended: 'style',
    },
    messages: {
      varchar:
        'Column "{{column}}" of "{{owner}}" is varchar({{length}}): a longer value fails the write (`value too long for type character varying({{length}})`) and every change of the limit is a migration on the column. Use text, with CHECK (char_length("{{column}}") <= {{length}}) if the limit is a business rule.',
      timestamp:
        'Column "{{column}}" of "{{owner}}" is timestamp without time zone: it stores a wall-clock time with no zone, so the instant it means depends on the TimeZone of whichever session wrote or reads it. Use timestamptz, which stores an instant in the same 8 bytes.',
      char:
        'Column "{{column}}" of "{{owner}}" is char({{length}}): values are blank-padded to {{length}} characters, trailing spaces are ignored in comparisons but not in LIKE or by most clients, and it is never faster than text. Use text (with a CHECK on its length if the length matters).',
      json:
        'Column "{{column}}" of "{{owner}}" is json: it has no equality operator, so SELECT DISTINCT, UNION, GROUP BY and = on it fail (`could not identify an equality operator for type json`), and every read parses the text again. Use jsonb.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: { varchar: { type: 'boolean' }, timestamp: { type: 'boolean' }, char: { type: 'boolean' }, json: { type: 'boolean' } },
      },
    ],
    defaultOptions: [{ varchar: true, timestamp: true, char: true, json: true }],
  },
  create(context, [options]) {
    return {
      ColumnDef(def: ColumnDef) {
        const typeName = def.typeName;
        // A quoted "json" is the same type, found through search_path (the grammar qualifies only the keyword).
        const bareJson = typeName?.names?.length === 1 && typeKey(typeName) === 'json';
        if (!typeName || (!isBuiltin(typeName) && !bareJson)) return;
        const defined = definedColumn(def, context.ancestors());
        if (!defined) return;
        const { owner, column } = defined;
        const type = typeKey(typeName);
        const length = declaredLength(typeName);
        if (type === 'varchar' && options.varchar && length !== undefined) {
          context.report({ node: def, messageId: 'varchar', data: { owner, column, length } });
        } else if (type === 'timestamp' && options.timestamp) {
          context.report({ node: def, messageId: 'timestamp', data: { owner, column } });
        } else if (type === 'bpchar' && options.char) {
          context.report({ node: def, messageId: 'char', data: { owner, column, length: length ?? 1 } });
        } else if (type === 'json' && options.json) {
          context.report({ node: def, messageId: 'json', data: { owner, column } });
        }
      },
    };
  },
});
