/**
 * One behaviour suite for every `StateStore`: the memory store and the Redis store must be
 * interchangeable, so both run exactly these cases (`store_contract_test.ts`).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { StateStore } from "../../lib/state/store.ts";

export interface ContractSubject {
  store: StateStore;
  /** Lets leases lapse: waits (Redis) or moves a fake clock (memory). */
  pass(ms: number): Promise<void>;
}

export function storeContract(
  name: string,
  open: () => Promise<ContractSubject & { close(): Promise<void> }>,
) {
  const unique = () => `t${crypto.randomUUID().slice(0, 8)}`;
  const cases: [string, (s: ContractSubject, k: string) => Promise<void>][] = [
    ["get returns what set stored, and undefined after delete", async ({ store }, k) => {
      assert.equal(await store.get(k), undefined);
      await store.set(k, { a: [1, "x"] }, 60_000);
      assert.deepEqual(await store.get(k), { a: [1, "x"] });
      await store.delete(k);
      assert.equal(await store.get(k), undefined);
    }],
    ["set values expire after their ttl", async ({ store, pass }, k) => {
      await store.set(k, 1, 150);
      await pass(400);
      assert.equal(await store.get(k), undefined);
    }],
    ["touch pushes a live value's expiry without changing it", async ({ store, pass }, k) => {
      await store.set(k, { v: 1 }, 300);
      await pass(200);
      await store.touch!(k, 300);
      await pass(200);
      assert.deepEqual(await store.get(k), { v: 1 });
      await pass(300);
      assert.equal(await store.get(k), undefined);
    }],
    ["increment starts at 0, adds, and goes negative", async ({ store }, k) => {
      assert.equal(await store.increment(k, 2, 60_000), 2);
      assert.equal(await store.increment(k, -3, 60_000), -1);
    }],
    ["countInWindow admits exactly the limit in one window", async ({ store }, k) => {
      const now = 60_000 * 1000; // the start of a window
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await store.countInWindow(k, 3, 60_000, now));
      assert.deepEqual(results.map((r) => r.admitted), [true, true, true, false]);
      assert.deepEqual(results[2], { admitted: true, previous: 0, current: 3 });
      assert.deepEqual(results[3], { admitted: false, previous: 0, current: 3 });
    }],
    ["countInWindow weighs the previous window by its overlap", async ({ store }, k) => {
      const start = 60_000 * 1000;
      for (let i = 0; i < 4; i++) await store.countInWindow(k, 4, 60_000, start);
      // Half-way through the next window, half of the previous 4 still counts: 2 more fit.
      const next = start + 60_000 + 30_000;
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await store.countInWindow(k, 4, 60_000, next));
      assert.deepEqual(results.map((r) => r.admitted), [true, true, false]);
      assert.equal(results[2].previous, 4);
    }],
    ["countInWindow is atomic under concurrent callers", async ({ store }, k) => {
      const now = 60_000 * 2000;
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.countInWindow(k, 7, 60_000, now)),
      );
      assert.equal(results.filter((r) => r.admitted).length, 7);
    }],
    ["leases admit at most max holders, concurrently too", async ({ store }, k) => {
      const taken = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.acquireLease(k, `h${i}`, 2, 60_000)),
      );
      assert.equal(taken.filter(Boolean).length, 2);
    }],
    ["a released lease frees its slot", async ({ store }, k) => {
      assert.equal(await store.acquireLease(k, "a", 1, 60_000), true);
      assert.equal(await store.acquireLease(k, "b", 1, 60_000), false);
      await store.releaseLease(k, "a");
      assert.equal(await store.acquireLease(k, "b", 1, 60_000), true);
    }],
    ["a lease lapses after its ttl unless renewed", async ({ store, pass }, k) => {
      assert.equal(await store.acquireLease(k, "kept", 2, 300), true);
      assert.equal(await store.acquireLease(k, "dead", 2, 300), true);
      await pass(150);
      await store.renewLease(k, "kept", 300);
      await pass(200);
      // "dead" lapsed, "kept" was renewed: exactly one slot is free.
      assert.equal(await store.acquireLease(k, "new", 2, 300), true);
      assert.equal(await store.acquireLease(k, "late", 2, 300), false);
    }],
    ["renewing a lease that was released does not take it back", async ({ store }, k) => {
      await store.acquireLease(k, "a", 1, 60_000);
      await store.releaseLease(k, "a");
      await store.renewLease(k, "a", 60_000);
      assert.equal(await store.acquireLease(k, "b", 1, 60_000), true);
    }],
    ["addToHash adds integers and fractions per field", async ({ store }, k) => {
      await store.addToHash(k, { requests: 1, cost: 0.25 }, 60_000);
      await store.addToHash(k, { requests: 2, cost: 0.5, tokens: 7 }, 60_000);
      const hash = await store.readHash(k);
      assert.deepEqual(
        Object.fromEntries(Object.entries(hash).map(([f, v]) => [f, Number(v)])),
        { requests: 3, cost: 0.75, tokens: 7 },
      );
      assert.equal(Number(await store.readHashField(k, "requests")), 3);
    }],
    ["readHash of a missing hash is empty", async ({ store }, k) => {
      assert.deepEqual(await store.readHash(k), {});
      assert.equal(await store.readHashField(k, "x"), undefined);
    }],
    ["writeHashField onlyIfAbsent keeps the first value", async ({ store }, k) => {
      assert.equal(await store.writeHashField(k, "alice", "1", true), true);
      assert.equal(await store.writeHashField(k, "alice", "2", true), false);
      assert.equal(await store.readHashField(k, "alice"), "1");
      assert.equal(await store.writeHashField(k, "alice", "3"), true);
      assert.equal(await store.readHashField(k, "alice"), "3");
      assert.equal(await store.deleteHashField(k, "alice"), true);
      assert.equal(await store.deleteHashField(k, "alice"), false);
      assert.deepEqual(await store.readHash(k), {});
    }],
  ];
  Deno.test(`${name} keeps the StateStore contract`, async (t) => {
    const subject = await open();
    try {
      for (const [label, run] of cases) {
        await t.step(label, () => run(subject, unique()));
      }
    } finally {
      await subject.close();
    }
  });
}
