/**
 * What the run is waiting for from the user's own modules: configs, plugins, formatters. Node
 * ends a process whose event loop has nothing left to do even while a promise is pending, so a
 * module that awaits a promise that never settles would end the run with no result and exit
 * code 0; bin/migration-lint.js asks this list, when that happens, which module never finished.
 */
const pending = new Map<number, string>();
let next = 0;

/** Runs `work`, noting `what` as unfinished until it settles. */
export async function whileWaitingFor<T>(what: string, work: () => Promise<T>): Promise<T> {
  const id = next++;
  pending.set(id, what);
  try {
    return await work();
  } finally {
    pending.delete(id);
  }
}

/** The modules still awaited, oldest first. */
export function unfinishedWork(): string[] {
  return [...pending.values()];
}
