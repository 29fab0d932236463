/** Exit codes, as ESLint's. */
export const EXIT_OK = 0;
/** Lint errors (parse errors included), or more warnings than --max-warnings allows. */
export const EXIT_LINT_PROBLEMS = 1;
/** Bad usage or configuration, an unreadable file, or a crash. */
export const EXIT_FATAL = 2;
