// postgres.js 3.4.9 hands a query to a busy connection when every connection is busy, and its
// queue then keeps a hole per hand-off: the array grows for good and every hand-off scans it
// all (a saturated pool of 10 fell from 50,000 to 9,000 queries/s within 400,000 queries).
// patches/postgres+3.4.9.patch (applied by `npm install`) searches only the live part and
// compacts; this test fails without it.
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

type Queue<T> = { length: number; push(x: T): T; shift(): T; remove(x: T): T | null };
const Queue: <T>(initial: T[]) => Queue<T> = createRequire(import.meta.url)(path.resolve("node_modules/postgres/cjs/src/queue.js"));

/** An array that remembers the longest it was when searched (the queue copies it with slice, which keeps the class). */
class WatchedArray<T> extends Array<T> {
  static longestSearched = 0;
  indexOf(x: T, from?: number): number {
    WatchedArray.longestSearched = Math.max(WatchedArray.longestSearched, this.length - (from ?? 0));
    return super.indexOf(x, from);
  }
}

describe("postgres.js connection queue (patched)", () => {
  it("stays small while a saturated pool hands queries to busy connections", () => {
    const connections = Array.from({ length: 10 }, (_, i) => ({ i }));
    const busy = Queue(WatchedArray.from(connections));
    // What postgres.js does per query once all connections are busy: go(busy.shift()) → move(c, busy).
    for (let n = 0; n < 10_000; n++) {
      const connection = busy.shift();
      busy.remove(connection);
      busy.push(connection);
    }
    expect(busy.length).toBe(10);
    expect(WatchedArray.longestSearched).toBeLessThan(64);
    // Still a queue: first in, first out, and removal of a member works.
    const order = Array.from({ length: 10 }, () => busy.push(busy.shift()).i);
    expect(new Set(order).size).toBe(10);
    expect(busy.remove(connections[3]!)).toBe(connections[3]);
    expect(busy.length).toBe(9);
  });
});
