import { parseSync, loadModule } from 'libpg-query';
await loadModule?.();
console.log(JSON.stringify(parseSync(process.argv[2]).stmts.map(s=>s.stmt)));
