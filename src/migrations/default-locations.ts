/** Where migrations usually live, looked for when neither paths nor `migrations` are given. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const USUAL_LOCATIONS = [
  'drizzle',
  'migrations',
  'prisma/migrations',
  'db/migrations',
  'db/migrate',
  'supabase/migrations',
  'src/migrations',
  'database/migrations',
  'sql/migrations',
  'src/main/resources/db/migration',
];

export function findUsualLocations(cwd: string): string[] {
  return USUAL_LOCATIONS.filter((dir) => {
    const full = path.join(cwd, dir);
    return existsSync(full) && statSync(full).isDirectory();
  });
}
