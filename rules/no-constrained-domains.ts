import type { AlterDomainStmt, Constraint, CreateDomainStmt, Node } from '@pgsql/types';
import { defineRule } from '../src/engine/define-rule.js';
import { nameKey, strings } from '../src/analysis/names.js';

type MessageIds = 'createWithConstraint' | 'addConstraint';

/** Constraints that make a value fail the domain; DEFAULT, NULL and COLLATE do not. */
const RESTRICTING = new Set(['CONSTR_CHECK', 'CONSTR_NOTNULL']);

export default defineRule<[], MessageIds>({
  id: 'no-constrained-domains',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow CHECK and NOT NULL constraints on domains: put them on the columns',
      recommended: 'style',
    },
    messages: {
      createWithConstraint:
        'Domain "{{domain}}" has a {{kind}} constraint. A NOT NULL domain still reads as NULL through outer joins and composite values, and changing a domain\'s constraint later checks every column of every table that uses the domain at once. Keep the domain free of constraints and put CHECK / NOT NULL on the columns, where each table can be changed on its own (NOT VALID, then VALIDATE).',
      addConstraint:
        'ALTER DOMAIN "{{domain}}" {{action}} puts a constraint on a domain: checking it (now, or at VALIDATE CONSTRAINT) reads every column of every table that uses the domain in one statement, holding a SHARE lock on each of those tables (their writes wait). Put the constraint on the columns instead, one table at a time (ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT).',
    },
    schema: [],
  },
  create(context) {
    return {
      CreateDomainStmt(node: CreateDomainStmt) {
        const constraints = (node.constraints ?? [])
          .map((c: Node) => (c as { Constraint?: Constraint }).Constraint)
          .filter((c): c is Constraint => c !== undefined && RESTRICTING.has(c.contype ?? ''));
        if (!constraints.length) return;
        const kind = [...new Set(constraints.map((c) => (c.contype === 'CONSTR_CHECK' ? 'CHECK' : 'NOT NULL')))].join(' and ');
        context.report({ messageId: 'createWithConstraint', data: { domain: nameKey(strings(node.domainname)) ?? '?', kind } });
      },
      AlterDomainStmt(node: AlterDomainStmt) {
        const domain = nameKey(strings(node.typeName)) ?? '?';
        if (node.subtype === 'O') context.report({ messageId: 'addConstraint', data: { domain, action: 'SET NOT NULL' } });
        if (node.subtype !== 'C') return;
        const constraint = (node.def as { Constraint?: Constraint } | undefined)?.Constraint;
        // NOT VALID only postpones the check to VALIDATE CONSTRAINT: the domain still gets the constraint.
        if (!constraint || !RESTRICTING.has(constraint.contype ?? '')) return;
        context.report({ messageId: 'addConstraint', data: { domain, action: 'ADD CONSTRAINT' } });
      },
    };
  },
});
