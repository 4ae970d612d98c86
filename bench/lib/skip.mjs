// Thrown by a benchmark that cannot run on this machine (a missing browser, say): reported as
// skipped with the reason, which does not fail the run.
export class Skip extends Error {}
