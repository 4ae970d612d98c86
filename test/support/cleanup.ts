// One list of things a test opened (servers, sockets, sessions), closed by closeAll() in afterEach.
// Shared by test/unit/client/netHelpers.ts and test/unit/reliability/helpers.ts, so a test using
// helpers from both closes everything with one call.

const cleanups: Array<() => Promise<void> | void> = [];

/** Runs `fn` at the next closeAll(), before what was registered earlier (last opened, first closed). */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

/**
 * Closes everything registered (call from afterEach). One that fails does not leave the rest open
 * for the next test: all run, then the first failure is thrown.
 */
export async function closeAll(): Promise<void> {
  let failure: { error: unknown } | undefined;
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
