/**
 * Clean-up on Ctrl-C: while verify holds something outside the process (a scratch database on a
 * server), SIGINT, SIGTERM and SIGHUP run the registered clean-ups, each bounded by a short
 * timeout so that a server that is gone cannot hold the exit, then end the process with the
 * shell's code for the signal (128 + its number: 130, 143, 129). Without anything registered the
 * signals keep Node's default (the process ends at once), so PGlite runs are not affected.
 */

export interface Cleanup {
  /** Undoes what is held; settles within `CLEANUP_TIMEOUT_MS` or is given up. */
  run(): Promise<void>;
  /** Said on stderr when run() failed or timed out: what is left behind and how to remove it. */
  leftBehind(reason: string): string;
}

export const CLEANUP_TIMEOUT_MS = 5000;

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type Signal = keyof typeof SIGNALS;

const cleanups = new Set<Cleanup>();
let interrupted: Signal | undefined;
/** Settles never: what the run awaits once interrupted, so it reports nothing while the clean-up runs. */
const forever = new Promise<never>(() => undefined);

function onSignal(signal: Signal): void {
  const code = 128 + SIGNALS[signal];
  // A second Ctrl-C during the clean-up ends the process at once.
  if (interrupted) process.exit(code);
  interrupted = signal;
  const pending = [...cleanups].map(async (cleanup) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CLEANUP_TIMEOUT_MS / 1000} s`)), CLEANUP_TIMEOUT_MS);
    });
    try {
      await Promise.race([cleanup.run(), timeout]);
    } catch (error) {
      process.stderr.write(`migration-lint: ${cleanup.leftBehind((error as Error).message)}\n`);
    } finally {
      clearTimeout(timer);
    }
  });
  void Promise.all(pending).then(() => process.exit(code));
}

const listeners = Object.fromEntries(Object.keys(SIGNALS).map((s) => [s, () => onSignal(s as Signal)])) as Record<Signal, () => void>;

/** Registers a clean-up for an interruption; the returned function unregisters it. */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) for (const signal of Object.keys(SIGNALS) as Signal[]) process.on(signal, listeners[signal]);
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0 && !interrupted) for (const signal of Object.keys(SIGNALS) as Signal[]) process.off(signal, listeners[signal]);
  };
}

/** Whether a signal arrived: the run then waits (forever) for the clean-up to end the process. */
export function interruption(): Promise<never> | undefined {
  return interrupted ? forever : undefined;
}
