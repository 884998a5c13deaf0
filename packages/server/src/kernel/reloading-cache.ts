/**
 * A value read from the database and kept until told it changed (each process is told through the bus).
 * A read that began before a change may finish after it: keeping what it read would serve the old value
 * until the next change. So every forget() starts a new generation and only a read begun in the current
 * generation is kept; an older one is still returned to its own caller, who asked before the change.
 */
export class ReloadingCache<T> {
  private value: T | undefined;
  private generation = 0;

  constructor(private readonly load: () => Promise<T>) {}

  async get(): Promise<T> {
    if (this.value !== undefined) return this.value;
    const generation = this.generation;
    const value = await this.load();
    if (generation === this.generation) this.value = value;
    return value;
  }

  forget(): void {
    this.value = undefined;
    this.generation++;
  }
}
