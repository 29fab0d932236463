/** The shapes shared by the engine, rules and reporters. */
import type { Node } from '@pgsql/types';
import type { SourceCode } from './source-code.js';
import type { SchemaView } from '../analysis/schema-state.js';
import type { SessionView } from '../analysis/session-settings.js';
import type { MigrationSet } from '../migrations/migration-set.js';
import type { TransactionMode } from '../migrations/frameworks.js';
import type { ByteRange } from '../parser/index.js';

// Owned by the layers below (the runner, the parser); re-exported for rules and plugins.
export type { TransactionMode } from '../migrations/frameworks.js';
export type { ByteRange } from '../parser/index.js';

/** Every libpg-query node type name mapped to its fields, e.g. `NodeMap['AlterTableCmd']`. */
export type NodeMap = { [N in Node as keyof N & string]: N[keyof N] };
export type NodeType = keyof NodeMap;

export type Severity = 0 | 1 | 2;

export interface Settings {
  /** Target PostgreSQL major version (e.g. 14). */
  postgresVersion: number;
  /** How this file's runner wraps it in a transaction. */
  transaction: TransactionMode;
}

export interface Fix {
  range: ByteRange;
  text: string;
}

export interface ReportDescriptor<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  /** The node to point at (a node's fields object from the AST). */
  node?: object;
  /** An explicit byte range; wins over `node`. */
  range?: ByteRange;
  fix?: Fix | null;
}

export interface StatementInfo {
  node: Node;
  type: string;
  start: number;
  end: number;
  /** 0-based index among the file's statements. */
  index: number;
  /** Whether the statement runs inside a transaction block. */
  inTransaction: boolean;
  /** Identifies the transaction the statement runs in (each autocommit statement has its own). */
  transactionId: number;
  /**
   * Tables its transaction block already holds ACCESS EXCLUSIVE on when the statement starts
   * (taken earlier in this file, or earlier in the batch under a runner that applies a batch in one
   * transaction), with the set-relative file that took each lock (empty outside a set).
   */
  heldAccessExclusive: ReadonlyMap<string, string>;
  /**
   * The session's settings as the statement starts (lock_timeout, …): set earlier in this file, or
   * in an earlier file of the batch that ran in the same session (TransactionTracker.beginFile).
   */
  session: SessionView;
}

export interface RuleContext<MessageIds extends string = string> {
  readonly id: string;
  /** The file being linted, as given (absolute), or `<text>`. */
  readonly filename: string;
  readonly settings: Readonly<Settings>;
  readonly sourceCode: SourceCode;
  /** The schema as the statements before the current one left it. */
  readonly schema: SchemaView;
  /** The folder of migrations this file belongs to, when known. */
  readonly migrationSet: MigrationSet | undefined;
  /** The top-level statement being visited. */
  statement(): StatementInfo;
  /** The node types and nodes enclosing the current node, outermost first. */
  ancestors(): ReadonlyArray<{ type: string; node: object }>;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

type NodeVisitor<K extends NodeType> = (node: NonNullable<NodeMap[K]>) => void;

export type Visitors = {
  [K in NodeType]?: NodeVisitor<K>;
} & {
  [K in NodeType as `${K}:exit`]?: NodeVisitor<K>;
} & {
  /** Each top-level statement, before its nodes are visited. */
  Statement?: (statement: StatementInfo) => void;
  'Statement:exit'?: (statement: StatementInfo) => void;
  /** Once per file, before any statement. */
  File?: () => void;
  /** Once per file, after every statement. */
  'File:exit'?: () => void;
};

export type JSONSchema = Record<string, unknown>;

export interface RuleMeta<MessageIds extends string> {
  type: 'problem' | 'suggestion';
  docs: {
    description: string;
    /**
     * The preset that first includes the rule: `true` (recommended, hence also strict), `'strict'`,
     * `'style'`, or `false` (only `all`). As typescript-eslint's `recommended` levels.
     */
    recommended: boolean | 'strict' | 'style';
    /** Filled in by defineRule from the rule id. */
    url?: string;
  };
  messages: Record<MessageIds, string>;
  /** JSON Schema for each option position; `[]` for a rule without options. */
  schema: JSONSchema[];
  defaultOptions?: unknown[];
  fixable?: 'code';
}

export interface Rule<Options extends unknown[] = unknown[], MessageIds extends string = string> {
  id: string;
  meta: RuleMeta<MessageIds> & { docs: { url: string } };
  create(context: RuleContext<MessageIds>, options: Options): Visitors;
}

/** A finding before positions are resolved: what rules and the parser produce. */
export interface RawProblem {
  ruleId: string;
  messageId?: string;
  message: string;
  range: ByteRange;
  fix?: Fix;
  fatal?: boolean;
}

export interface FixInfo {
  /** UTF-16 offsets into the file text (BOM excluded), as ESLint's JSON has them. */
  range: [number, number];
  text: string;
}

export interface Suppression {
  kind: 'directive';
  justification: string;
}

/** A finding as reporters see it: ESLint's LintMessage shape. */
export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: boolean;
  fix?: FixInfo;
  suppressions?: Suppression[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The file's text, when there are messages (as ESLint). */
  source?: string;
  /** The fixed text, when fixes were applied. */
  output?: string;
  /** Facts about the file beyond findings (verify's `verify`: status, observed locks); SARIF puts them on the artifact. */
  properties?: Record<string, unknown>;
}
