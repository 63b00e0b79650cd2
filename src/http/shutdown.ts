/**
 * Tells the vendor calls in flight that the gateway stopped waiting for vendors. Like an
 * AbortSignal, but listening and unlistening cost the same however many calls are in flight: an
 * AbortSignal walks every listener it holds on each, and every call in flight holds two.
 */
export class Shutdown {
  #listeners = new Set<() => void>();
  #stopped = false;

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Runs `listener` once, at {@link stop}. */
  listen(listener: () => void): void {
    this.#listeners.add(listener);
  }

  unlisten(listener: () => void): void {
    this.#listeners.delete(listener);
  }

  /** Runs every listener, once; later calls do nothing. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener();
  }
}
