// A tiny typed event emitter: `on` returns an unsubscribe function. Used instead of Node's
// EventEmitter so core objects have typed events and can be used from browser-safe code too.
export class Emitter<T> {
  private listeners = new Set<(value: T) => void>();

  readonly on = (listener: (value: T) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  fire(value: T): void {
    // Iterates the set itself (no copy: this runs for every message). A listener that removes
    // itself, or another one not yet called, during `fire` is handled by Set iteration.
    for (const l of this.listeners) {
      try {
        l(value);
      } catch (err) {
        // One broken listener must not stop the others (or the session that fired).
        console.error('listener failed', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
