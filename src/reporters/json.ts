import type { Formatter } from './types.js';

/** ESLint's JSON result shape, so tools that read ESLint JSON read ours. */
const json: Formatter = (results) => JSON.stringify(results);
export default json;
