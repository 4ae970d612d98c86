// One deadline helper for every suite that waits on sockets and processes: a wait that never ends
// fails with what it was waiting for instead of hitting vitest's generic test timeout.

/** `p`, or a rejection naming `what` after `ms` milliseconds. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}
