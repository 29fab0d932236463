// Preloaded into a CLI process by test/engine/parser-output.test.ts (`node --import`). libpg-query's
// WebAssembly takes its print functions as `console.log.bind(console)` and `console.error.bind(console)`
// when its module is created (Emscripten's `out` and `err`); out of memory, it prints
// "Terminating process due to FATAL error" with the first. This catches every function bound to
// `console` and calls it with that text, as the WebAssembly would, while the CLI is running.
const bind = Function.prototype.bind;
let hooks = 0;
Function.prototype.bind = function (thisArg, ...args) {
  const bound = bind.call(this, thisArg, ...args);
  if (thisArg === console && args.length === 0) {
    hooks++;
    queueMicrotask(() => bound('Terminating process due to FATAL error'));
  }
  return bound;
};
process.on('exit', () => process.stderr.write(`\nprint hooks called: ${hooks}\n`));
