/**
 * Taken slots a queue keeps before it is compacted: at least this many, and at least as
 * many as it still holds to give, so a queue never holds more than twice what is waiting
 * (past this) and copying costs O(1) per event taken.
 */
export const COMPACT_AFTER = 1024;

/**
 * What one test client received and nobody asked for yet, event by event, in order, and
 * the one wait per event a check may have pending. Taking from the front of a queue is
 * O(1) (a read index, compacted now and then), so a backlog of thousands of events
 * costs no more per event than one.
 */
export class Inbox {
  private readonly queues = new Map<string, { items: unknown[]; head: number }>();
  private readonly waiting = new Map<string, (value: unknown) => void>();

  put(event: string, data: unknown): void {
    const resolve = this.waiting.get(event);
    if (resolve) {
      this.waiting.delete(event);
      resolve(data);
      return;
    }
    let queue = this.queues.get(event);
    if (!queue) this.queues.set(event, (queue = { items: [], head: 0 }));
    queue.items.push(data);
  }

  has(event: string): boolean {
    const queue = this.queues.get(event);
    return queue !== undefined && queue.head < queue.items.length;
  }

  take(event: string): unknown {
    const queue = this.queues.get(event)!;
    const data = queue.items[queue.head];
    queue.items[queue.head++] = undefined;
    if (queue.head === queue.items.length) this.queues.delete(event);
    else if (queue.head >= COMPACT_AFTER && queue.head * 2 >= queue.items.length) {
      queue.items = queue.items.slice(queue.head);
      queue.head = 0;
    }
    return data;
  }

  /** Slots an event's queue holds, taken ones not yet compacted away included: its memory. */
  held(event: string): number {
    return this.queues.get(event)?.items.length ?? 0;
  }

  wait(event: string): Promise<unknown> {
    return new Promise<unknown>((resolve) => this.waiting.set(event, resolve));
  }

  stopWaiting(event: string): void {
    this.waiting.delete(event);
  }

  clear(): void {
    this.queues.clear();
  }
}
