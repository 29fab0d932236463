import { defineRule } from '../src/engine/define-rule.js';
import { describeLock, lockRank, locksOf, type LockEffect } from '../src/analysis/locks.js';

type MessageIds = 'lockTimeout' | 'statementTimeout';
type Setting = 'lock_timeout' | 'statement_timeout';
type Options = [{ assumeSet: boolean | Setting[] }];

export default defineRule<Options, MessageIds>({
  id: 'require-timeouts',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require lock_timeout before a lock that blocks the application, and statement_timeout before a long scan or rewrite under it',
      recommended: 'strict',
    },
    messages: {
      lockTimeout:
        '{{action}} takes {{mode}} on "{{table}}", which {{plain}}, with no lock_timeout set before it. If any other session holds a lock on "{{table}}" (a long query, a transaction left open), the migration waits for it, and meanwhile every statement that {{mode}} blocks queues behind the migration: an outage without one slow query of your own. Set lock_timeout first (SET lock_timeout = \'5s\'; SET LOCAL inside a transaction) and retry the migration when it times out.',
      statementTimeout:
        '{{action}} {{work}} "{{table}}" under {{mode}}, which {{plain}}, with no statement_timeout set before it: nothing bounds how long the application waits if the table is larger than expected. Set statement_timeout first (SET statement_timeout = \'…\', sized for the table) so a slow run fails and rolls back instead of holding the lock.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          assumeSet: {
            anyOf: [{ type: 'boolean' }, { type: 'array', items: { enum: ['lock_timeout', 'statement_timeout'] }, uniqueItems: true }],
          },
        },
      },
    ],
    defaultOptions: [{ assumeSet: false }],
  },
  create(context, [{ assumeSet }]) {
    const assumed = (setting: Setting): boolean => assumeSet === true || (Array.isArray(assumeSet) && assumeSet.includes(setting));
    const reported = new Set<MessageIds>();
    /** SHARE and stronger: the application's writes (or reads and writes) wait while it is held or awaited. */
    const blocksApplication = (effect: LockEffect): boolean =>
      lockRank(effect.mode) >= lockRank('SHARE') && effect.kind !== 'index' && !context.schema.isNewTable(effect.relation);

    return {
      Statement(statement) {
        // Set earlier in this file, or in an earlier file of the batch that ran in the same session.
        const { session } = statement;
        const effects = locksOf(statement.node, { postgresVersion: context.settings.postgresVersion, schema: context.schema, timeZoneUtc: session.timeZoneUtc() }).filter(
          blocksApplication,
        );
        for (const effect of effects) {
          const { plain } = describeLock(effect.mode);
          const data = { action: effect.action, mode: effect.mode, table: effect.relation, plain };
          if (!reported.has('lockTimeout') && !assumed('lock_timeout') && !session.isSet('lock_timeout')) {
            reported.add('lockTimeout');
            context.report({ node: effect.node, messageId: 'lockTimeout', data });
          }
          // The referenced table of a new foreign key is read only to check the referencing rows: when
          // those are in an existing table, that table's own effect is the slow one.
          const slow = (effect.rewrites || effect.scans) && effect.kind !== 'referenced table';
          if (slow && !reported.has('statementTimeout') && !assumed('statement_timeout') && !session.isSet('statement_timeout')) {
            reported.add('statementTimeout');
            const work = effect.rewrites ? 'rewrites' : effect.buildsIndex ? 'builds an index on' : 'scans';
            context.report({ node: effect.node, messageId: 'statementTimeout', data: { ...data, work } });
          }
        }
      },
    };
  },
});
