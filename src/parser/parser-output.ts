/**
 * libpg-query's WebAssembly binds console.log and console.error for its own output when it
 * loads (Emscripten's `out` and `err`). Out of memory, it prints "Terminating process due to
 * FATAL error" there: on our standard output, in the middle of a JSON report. This module,
 * imported just before libpg-query, lends it functions that keep what it prints instead; the
 * parser adapter hands the text on in the failure's message. test/engine/parser-output.test.ts
 * calls those functions in a run of the built CLI: it fails if this module no longer comes first.
 */
const kept: string[] = [];
const original = { log: console.log, error: console.error };
const keep = (...args: unknown[]): void => {
  kept.push(args.map(String).join(' '));
  if (kept.length > 20) kept.shift();
};
console.log = keep;
console.error = keep;

/** Gives the console back, once libpg-query has taken its functions (it does while it is imported). */
export function releaseConsole(): void {
  if (console.log === keep) console.log = original.log;
  if (console.error === keep) console.error = original.error;
}

/** What the parser printed since the last call, as one line. */
export function takeParserOutput(): string {
  const text = kept.join(' ').trim();
  kept.length = 0;
  return text;
}
