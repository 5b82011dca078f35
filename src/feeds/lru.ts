// A least-recently-used cache bounded by the total size of its values (strings counted in
// UTF-16 units, Buffers in bytes: close enough to the memory they hold). A Map keeps insertion
// order, so re-inserting on every hit keeps the least recently used entry first.

export class SizeBoundedLru<V extends string | Buffer> {
  private readonly entries = new Map<string, V>();
  private size = 0;

  constructor(private readonly maxSize: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.size -= previous.length;
    }
    // A value larger than the whole cache is not kept (it would only evict everything else).
    if (value.length > this.maxSize) return;
    this.entries.set(key, value);
    this.size += value.length;
    for (const [oldest, old] of this.entries) {
      if (this.size <= this.maxSize) break;
      this.entries.delete(oldest);
      this.size -= old.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  /** Entries and total size, for tests and measurements. */
  stats(): { entries: number; size: number } {
    return { entries: this.entries.size, size: this.size };
  }
}
