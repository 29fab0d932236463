import type { AlterTableCmd, AlterTableStmt, Constraint, DeleteStmt, Node, UpdateStmt } from '@pgsql/types';
import { tableKey } from '../src/analysis/names.js';
import { defineRule } from '../src/engine/define-rule.js';
import { describeLock, lockRank, locksOf, type LockEffect, type LockMode } from '../src/analysis/locks.js';
import { AllNullColumns, wholeTableReason } from '../src/analysis/whole-table-dml.js';

type MessageIds = 'slowWorkUnderLock';

interface HeldLock {
  mode: LockMode;
  action: string;
  /** Byte offset of the statement that took it (its line is worked out only for a report). */
  at: number;
  reported?: boolean;
}

export default defineRule<[], MessageIds>({
  id: 'no-slow-work-under-lock',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow slow statements (backfills, index builds, validations) in a transaction that already holds a strong lock on an existing table',
      recommended: 'strict',
    },
    messages: {
      slowWorkUnderLock:
        '{{slow}} on "{{slowTable}}" {{work}}, in the same transaction as line {{line}} ({{heldAction}}), which took {{mode}} on "{{table}}". That lock is held until COMMIT, so "{{table}}" stays locked — {{plain}} — for as long as {{slow}} runs. Commit before the slow statement (a migration of its own, or COMMIT; BEGIN; between them), or move the work out of the migration.',
    },
    schema: [],
  },
  create(context) {
    const allNull = new AllNullColumns();
    let transactionId: number | undefined;
    let held = new Map<string, HeldLock>();
    /** Constraints added NOT VALID in this transaction, as `table\0name` → where the ADD statement starts. */
    let addedNotValid = new Map<string, number>();
    /** ALTER TABLE subcommands of a statement, with its table. */
    const alterCommands = (node: object): { table: string; cmd: AlterTableCmd }[] => {
      const alter = (node as { AlterTableStmt?: AlterTableStmt }).AlterTableStmt;
      const table = tableKey(alter?.relation);
      if (!alter || !table) return [];
      return (alter.cmds ?? []).flatMap((c: Node) => {
        const cmd = (c as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
        return cmd ? [{ table, cmd }] : [];
      });
    };
    const existing = (effect: LockEffect): boolean => effect.kind !== 'index' && !context.schema.isNewTable(effect.relation);

    /** What makes the statement slow on an existing table, if anything. */
    const slowWork = (node: object, effects: LockEffect[]): { effect: LockEffect; work: string; dml?: boolean } | undefined => {
      const dml = (node as { UpdateStmt?: UpdateStmt }).UpdateStmt ?? (node as { DeleteStmt?: DeleteStmt }).DeleteStmt;
      // Statements that take SHARE ROW EXCLUSIVE or more and scan (a validating foreign key or CHECK,
      // SET NOT NULL, a rewrite) are a lock hazard of their own, reported by their own rules, whose
      // fix (NOT VALID then VALIDATE, a new column) takes the slow part out of this transaction.
      if (effects.some((e) => existing(e) && lockRank(e.mode) >= lockRank('SHARE ROW EXCLUSIVE') && (e.scans || e.rewrites))) return undefined;
      for (const effect of effects.filter(existing)) {
        if (dml) {
          const reason = wholeTableReason(dml, allNull);
          if (reason) return { effect, work: `touches every row (${reason})`, dml: true };
        } else if (effect.buildsIndex) return { effect, work: 'builds an index (reads every row)' };
        else if (effect.scans) return { effect, work: 'reads every row' };
      }
      return undefined;
    };

    return {
      Statement(statement) {
        if (!statement.inTransaction || statement.transactionId !== transactionId) {
          held = new Map();
          addedNotValid = new Map();
          transactionId = statement.inTransaction ? statement.transactionId : undefined;
        }
        // The session's TimeZone decides whether timestamp ↔ timestamptz rewrites (PostgreSQL 12+).
        const effects = locksOf(statement.node, { postgresVersion: context.settings.postgresVersion, schema: context.schema, timeZoneUtc: statement.session.timeZoneUtc() });
        const slow = statement.inTransaction ? slowWork(statement.node, effects) : undefined;
        if (slow) {
          const own = new Map(effects.map((e) => [e.relation, lockRank(e.mode)]));
          // A lock the slow statement takes itself anyway adds nothing: that is the slow statement's own hazard.
          // An index build blocks writes of its table itself (the index rules say so, and CONCURRENTLY takes it
          // out of the transaction): only a held lock that also blocks reads adds to that.
          const enough = slow.effect.buildsIndex ? lockRank('ACCESS EXCLUSIVE') : lockRank('SHARE');
          // VALIDATE of a constraint added NOT VALID in this transaction: the lock of that ADD is
          // require-not-valid-constraint's finding (the split bought nothing); other held locks are ours.
          const splitFrom = new Set(
            alterCommands(statement.node)
              .filter(({ cmd }) => cmd.subtype === 'AT_ValidateConstraint')
              .map(({ table, cmd }) => addedNotValid.get(`${table}\u0000${cmd.name ?? ''}`)),
          );
          const culprit = [...held].find(
            ([table, lock]) =>
              !lock.reported && !splitFrom.has(lock.at) && lockRank(lock.mode) >= enough && (own.get(table) ?? -1) < lockRank(lock.mode),
          );
          if (culprit) {
            const [table, lock] = culprit;
            // Once per held lock: the first slow statement says it; COMMIT before it fixes the rest.
            lock.reported = true;
            context.report({
              // A whole statement (an UPDATE) or the clause that does the work (an ALTER TABLE subcommand).
              ...(slow.dml ? {} : { node: slow.effect.node }),
              messageId: 'slowWorkUnderLock',
              data: {
                slow: slow.effect.action,
                slowTable: slow.effect.relation,
                work: slow.work,
                mode: lock.mode,
                table,
                line: context.sourceCode.lines.positionOfByte(lock.at).line,
                heldAction: lock.action,
                plain: describeLock(lock.mode).plain,
              },
            });
          }
        }
        if (statement.inTransaction) {
          for (const { table, cmd } of alterCommands(statement.node)) {
            const constraint = (cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
            if (cmd.subtype === 'AT_AddConstraint' && constraint?.skip_validation && constraint.conname) {
              addedNotValid.set(`${table}\u0000${constraint.conname}`, statement.start);
            }
          }
          for (const effect of effects) {
            if (!existing(effect) || lockRank(effect.mode) < lockRank('SHARE')) continue;
            // A dropped table is gone at COMMIT: nobody is kept waiting for it that would not fail anyway.
            if (effect.action === 'DROP TABLE' || effect.action === 'DROP MATERIALIZED VIEW') continue;
            const before = held.get(effect.relation);
            if (!before || lockRank(before.mode) < lockRank(effect.mode)) held.set(effect.relation, { mode: effect.mode, action: effect.action, at: statement.start });
          }
        }
      },
      'Statement:exit'(statement) {
        allNull.observe(statement.node);
      },
    };
  },
});
