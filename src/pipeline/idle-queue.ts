/**
 * Work the main thread does on results as they come in, done between turns of the event loop instead of inside the
 * result's callback. A callback that runs for milliseconds (counting an article's n-grams into the corpus table)
 * holds up everything the event loop would do meanwhile, first of all handing the worker threads their next tasks:
 * the worker of a 1-thread run of the bench corpus waited for it 0.5-0.9 s of its 7 s prepare phase (CPU profiles
 * of both threads: in those waits, the main thread was counting).
 *
 * Items are processed in the order they were queued, in slices of at most `sliceMs` (one item at least), each
 * slice in its own `setImmediate`; `flush` processes what is left at once. An item that throws does not stop the
 * others; `flush` throws the first error.
 *
 * The queue holds at most `maxPending` items: a push beyond that processes the oldest item at once, as the
 * callback did before. The items are the results' data (an article's statistics, about 100 kB), and workers that
 * produce them faster than the main thread counts them (many threads on a large machine) must not make memory grow
 * with the corpus.
 */
export class IdleQueue<T> {
  private items: T[] = [];
  private head = 0;
  private scheduled = false;
  private error: { e: unknown } | undefined;

  constructor(
    private readonly work: (item: T) => void,
    private readonly sliceMs = 4,
    private readonly maxPending = 64,
  ) {}

  /** Items queued and not yet processed. */
  get pending(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
    // (One item: a deadline already passed.)
    while (this.pending > this.maxPending) this.run(-Infinity);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.slice);
    }
  }

  /** Process every item still queued, now; throws the first error any item threw. */
  flush(): void {
    this.run(Infinity);
    if (this.error) {
      const { e } = this.error;
      this.error = undefined;
      throw e;
    }
  }

  private readonly slice = (): void => {
    this.scheduled = false;
    this.run(performance.now() + this.sliceMs);
    if (this.pending > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.slice);
    }
  };

  private run(until: number): void {
    do {
      if (this.head >= this.items.length) break;
      const item = this.items[this.head]!;
      this.items[this.head++] = undefined as T;
      try {
        this.work(item);
      } catch (e) {
        this.error ??= { e };
      }
    } while (performance.now() < until);
    if (this.head >= this.items.length) {
      this.items = [];
      this.head = 0;
    }
  }
}
