/**
 * Quick fixes for our diagnostics: apply the rule's fix, silence the rule with an inline
 * directive (for the statement, or for the file), and open the rule's documentation.
 */
import { CodeActionKind, TextEdit, type CodeAction, type Diagnostic, type Position } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSource } from '../parser/index.js';
import { LineIndex } from '../source/line-index.js';
import { bomLength, diagnosticData } from './diagnostics.js';

export const OPEN_DOCS_COMMAND = 'migration-lint.openDocs';
const REASON = 'TODO: reason';

/** Lints edited text the way the document is linted; gives the rule id of each finding. */
export type Relint = (text: string) => Promise<readonly (string | null)[]>;

/**
 * Call after loadParser(): the directive actions parse the buffer to find statements.
 * `relint` settles the one case where the text cannot tell whether a statement directive helps:
 * a finding at the very start of a file that starts with a statement may be about the statement
 * or about the file (e.g. its name), and only the first moves with the statement.
 */
export async function codeActionsFor(document: TextDocument, diagnostics: readonly Diagnostic[], relint?: Relint): Promise<CodeAction[]> {
  const fixes: CodeAction[] = [];
  const ignores = new Map<string, CodeAction>();
  const docs = new Map<string, CodeAction>();
  let buffer: ParsedBuffer | undefined;
  for (const diagnostic of diagnostics) {
    const data = diagnosticData(diagnostic);
    if (!data) continue;
    // Fix offsets are only valid for the text they were computed on.
    if (data.fix && data.version === document.version) {
      const range = { start: document.positionAt(data.fix.range[0]), end: document.positionAt(data.fix.range[1]) };
      fixes.push({
        title: `Fix this ${data.ruleId} problem`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [document.uri]: [TextEdit.replace(range, data.fix.text)] } },
      });
    }
    if (data.isRule) {
      buffer ??= new ParsedBuffer(document);
      let statementEdit = buffer.ignoreStatementEdit(diagnostic.range.start, data.ruleId);
      if (statementEdit && relint && buffer.isFileStart(diagnostic.range.start)) {
        const silenced = await directiveSilences(relint, document, data.ruleId, statementEdit);
        if (!silenced) statementEdit = undefined;
      }
      if (statementEdit) {
        ignores.set(`statement ${data.ruleId} ${statementEdit.range.start.line}:${statementEdit.range.start.character}`, {
          title: `Ignore ${data.ruleId} for this statement`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [document.uri]: [statementEdit] } },
        });
      }
      ignores.set(`file ${data.ruleId}`, {
        title: `Ignore ${data.ruleId} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [document.uri]: [buffer.ignoreFileEdit(data.ruleId)] } },
      });
    }
    const url = diagnostic.codeDescription?.href;
    if (url && !docs.has(data.ruleId)) {
      const title = `Show documentation for ${data.ruleId}`;
      docs.set(data.ruleId, { title, kind: CodeActionKind.QuickFix, command: { title, command: OPEN_DOCS_COMMAND, arguments: [url] } });
    }
  }
  return [...fixes, ...ignores.values(), ...docs.values()];
}

async function directiveSilences(relint: Relint, document: TextDocument, ruleId: string, edit: TextEdit): Promise<boolean> {
  const count = (ids: readonly (string | null)[]) => ids.filter((id) => id === ruleId).length;
  try {
    const before = count(await relint(document.getText()));
    const after = count(await relint(TextDocument.applyEdits(document, [edit])));
    return after < before;
  } catch {
    return true; // cannot tell (e.g. the config broke meanwhile): keep offering it
  }
}

const RULE_LIST = String.raw`[A-Za-z@][\w@/.-]*(?:\s*,\s*[A-Za-z@][\w@/.-]*)*`;
// A directive line naming rules, e.g. `-- migration-lint-ignore rule-a, rule-b -- reason`.
const IGNORE_LINE = new RegExp(String.raw`^\s*--\s*migration-lint-ignore(?!-)\s+(${RULE_LIST})`);
const IGNORE_FILE_LINE = new RegExp(String.raw`^\s*--\s*migration-lint-ignore-file\s+(${RULE_LIST})`);

/** The document's text parsed once, with the helpers the directive edits need. */
class ParsedBuffer {
  private readonly text: string;
  private readonly bom: number;
  private readonly body: string;
  private readonly lines: LineIndex;
  private readonly units: { start: number; end: number }[];
  private readonly eol: string;

  constructor(private readonly document: TextDocument) {
    this.text = document.getText();
    this.bom = bomLength(this.text);
    this.body = this.text.slice(this.bom);
    this.lines = new LineIndex(this.body);
    const parsed = parseSource(this.body, this.lines);
    this.units = [...parsed.statements, ...parsed.failures].sort((a, b) => a.start - b.start);
    this.eol = this.text.includes('\r\n') ? '\r\n' : '\n';
  }

  /**
   * Puts `-- migration-lint-ignore <rule> -- TODO: reason` right before the statement the
   * position is in, or adds the rule to a directive already there. Undefined outside statements
   * (a file-level finding), where only the file directive can help.
   */
  ignoreStatementEdit(at: Position, ruleId: string): TextEdit | undefined {
    const byte = this.lines.byteOfIndex(this.document.offsetAt(at) - this.bom);
    const statement = this.units.find((unit) => unit.start <= byte && byte <= unit.end);
    if (!statement) return undefined;
    const start = this.document.positionAt(this.lines.indexOfByte(statement.start) + this.bom);
    const lineText = this.lineText(start.line);
    const before = lineText.slice(0, start.character - this.lineStart(start.line).character);
    const indent = /^[ \t]*/.exec(lineText)![0];
    const directive = `-- migration-lint-ignore ${ruleId} -- ${REASON}`;
    if (before.trim() !== '') {
      // Another statement ends on this line: break the line so the directive precedes this one only.
      return TextEdit.insert(start, `${this.eol}${indent}${directive}${this.eol}${indent}`);
    }
    if (start.line > 0) {
      const extended = this.extendDirective(start.line - 1, IGNORE_LINE, ruleId);
      if (extended) return extended;
    }
    return TextEdit.insert(this.lineStart(start.line), `${indent}${directive}${this.eol}`);
  }

  /** Whether a position is where the file's text starts (after any BOM). */
  isFileStart(at: Position): boolean {
    return this.document.offsetAt(at) <= this.bom;
  }

  /** Puts `-- migration-lint-ignore-file <rule> -- TODO: reason` at the top, or extends the header's directive. */
  ignoreFileEdit(ruleId: string): TextEdit {
    const first = this.units[0];
    const headerLines = first ? this.document.positionAt(this.lines.indexOfByte(first.start) + this.bom).line : this.document.lineCount;
    for (let line = 0; line < headerLines; line++) {
      const extended = this.extendDirective(line, IGNORE_FILE_LINE, ruleId);
      if (extended) return extended;
    }
    return TextEdit.insert(this.lineStart(0), `-- migration-lint-ignore-file ${ruleId} -- ${REASON}${this.eol}`);
  }

  /** Appends `, <rule>` to the rule list of a directive on `line`, if that line holds one without it. */
  private extendDirective(line: number, pattern: RegExp, ruleId: string): TextEdit | undefined {
    const match = pattern.exec(this.lineText(line));
    if (!match) return undefined;
    if (match[1]!.split(/\s*,\s*/).includes(ruleId)) return undefined;
    return TextEdit.insert({ line, character: this.lineStart(line).character + match[0].length }, `, ${ruleId}`);
  }

  /** Where a line's text starts (after the BOM on the first line). */
  private lineStart(line: number): Position {
    return { line, character: line === 0 ? this.bom : 0 };
  }

  /** A line's text without its line break (and without the BOM). */
  private lineText(line: number): string {
    const text = this.document.getText({ start: this.lineStart(line), end: { line: line + 1, character: 0 } });
    return text.replace(/\r?\n$/, '');
  }
}
