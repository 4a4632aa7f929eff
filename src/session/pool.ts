// One live resource per name (an S3 access per profile) that can be replaced while work still holds the
// old one: a replaced resource is disposed when its last holder lets go, never under work in flight.
// Plain TypeScript (no `vscode`), so its rules are unit-tested.

export interface Lease<T> {
  readonly value: T;
  /** Lets go of the value; the last holder of a replaced value disposes it. Idempotent. */
  release(): void;
}

interface Slot<T> {
  readonly value: T;
  holders: number;
  retired: boolean;
}

export class LeasePool<T> {
  private readonly current = new Map<string, Slot<T>>();

  constructor(
    private readonly create: (name: string) => T,
    private readonly disposeValue: (value: T) => void,
  ) {}

  /** The current value for `name` (created on first use), held until the lease is released. */
  acquire(name: string): Lease<T> {
    let slot = this.current.get(name);
    if (!slot) {
      slot = { value: this.create(name), holders: 0, retired: false };
      this.current.set(name, slot);
    }
    const held = slot;
    held.holders++;
    let released = false;
    return {
      value: held.value,
      release: () => {
        if (released) return;
        released = true;
        held.holders--;
        if (held.retired && held.holders === 0) this.disposeValue(held.value);
      },
    };
  }

  /** Runs `work` with the current value for `name`, holding it until `work` settles. */
  async use<R>(name: string, work: (value: T) => Promise<R> | R): Promise<R> {
    const lease = this.acquire(name);
    try {
      return await work(lease.value);
    } finally {
      lease.release();
    }
  }

  /** New work on `name` gets a new value; the old one is disposed once nothing holds it. */
  replace(name: string): void {
    const slot = this.current.get(name);
    if (!slot) return;
    this.current.delete(name);
    slot.retired = true;
    if (slot.holders === 0) this.disposeValue(slot.value);
  }

  replaceAll(): void {
    // Deleting the entry being visited is safe while iterating a Map.
    for (const name of this.current.keys()) this.replace(name);
  }
}
