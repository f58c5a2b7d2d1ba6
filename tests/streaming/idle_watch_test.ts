import assert from "node:assert/strict";
import { IDLE, idleWatch } from "../../lib/streaming/idle_watch.ts";
import { IDLE as GUARD_IDLE, idleGuard } from "../../lib/server/resilience/timeouts.ts";

/** Both idle limits (frame relay, decoded path) behind one shape. */
const limits = [
  {
    name: "idleWatch",
    idle: IDLE,
    make(ms: number, onIdle: () => void = () => {}) {
      const watch = idleWatch(ms, onIdle);
      return { wait: <T>(read: Promise<T>) => watch.during(read), stop: watch.stop };
    },
  },
  {
    name: "idleGuard",
    idle: GUARD_IDLE,
    make(ms: number) {
      const guard = idleGuard(ms);
      return { wait: <T>(read: Promise<T>) => guard.wait(read), stop: guard.stop };
    },
  },
];

const after = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

for (const limit of limits) {
  Deno.test(`${limit.name}: reads within the limit pass, one wait after another`, async () => {
    const watch = limit.make(200);
    try {
      for (let i = 0; i < 50; i++) assert.equal(await watch.wait(Promise.resolve(i)), i);
      assert.equal(await watch.wait(after(5, "late but in time")), "late but in time");
      // Time not spent waiting does not count.
      await after(250, undefined);
      assert.equal(await watch.wait(after(5, "still fine")), "still fine");
    } finally {
      watch.stop();
    }
  });

  Deno.test(`${limit.name}: a wait past the limit ends with IDLE, and so does every later one`, async () => {
    let fired = 0;
    const watch = limit.make(30, () => fired++);
    let release!: (value: string) => void;
    const stuck = new Promise<string>((resolve) => (release = resolve));
    try {
      assert.equal(await watch.wait(stuck), limit.idle);
      if (limit.name === "idleWatch") assert.equal(fired, 1);
      assert.equal(await watch.wait(new Promise<string>(() => {})), limit.idle);
    } finally {
      watch.stop();
      release("too late");
    }
  });

  Deno.test(`${limit.name}: a failed read fails the wait`, async () => {
    const watch = limit.make(200);
    try {
      await assert.rejects(watch.wait(Promise.reject(new Error("reset"))), /reset/);
      assert.equal(await watch.wait(Promise.resolve("next")), "next");
    } finally {
      watch.stop();
    }
  });
}
