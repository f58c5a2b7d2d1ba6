import assert from "node:assert/strict";
import { AlarmClock } from "../../lib/server/resilience/alarm_clock.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("AlarmClock fires deadlines of different lengths in deadline order", async () => {
  const clock = new AlarmClock();
  const fired: string[] = [];
  clock.after(60, () => fired.push("60"));
  clock.after(20, () => fired.push("20"));
  clock.after(60, () => fired.push("60 again"));
  clock.after(5, () => fired.push("5"));
  assert.equal(clock.pending, 4);
  await sleep(150);
  assert.deepEqual(fired, ["5", "20", "60", "60 again"]);
  assert.equal(clock.pending, 0);
});

Deno.test("AlarmClock: a cancelled deadline never fires and delays no other", async () => {
  const clock = new AlarmClock();
  const fired: string[] = [];
  const first = clock.after(30, () => fired.push("first"));
  clock.after(30, () => fired.push("second"));
  const third = clock.after(30, () => fired.push("third"));
  clock.after(30, () => fired.push("fourth"));
  first.cancel(); // the head, which the timer was armed for
  third.cancel(); // one in the middle
  third.cancel(); // twice is harmless
  assert.equal(clock.pending, 2);
  const started = performance.now();
  while (fired.length < 2 && performance.now() - started < 2000) await sleep(5);
  assert.deepEqual(fired, ["second", "fourth"]);
  assert.ok(performance.now() - started < 1000, "the survivors fire on time");
});

Deno.test("AlarmClock: a deadline that throws keeps the others firing; cancel after firing is harmless", async () => {
  const clock = new AlarmClock();
  const fired: string[] = [];
  const throwing = clock.after(10, () => {
    throw new Error("boom");
  });
  clock.after(10, () => fired.push("after"));
  await sleep(60);
  assert.deepEqual(fired, ["after"]);
  throwing.cancel();
  assert.equal(clock.pending, 0);
});

Deno.test("AlarmClock holds no timer once every deadline is cancelled", () => {
  // The test sanitizer fails this test if a timer is left behind.
  const clock = new AlarmClock();
  const alarms = Array.from({ length: 10_000 }, (_, i) => clock.after(1000 + (i % 3), () => {}));
  assert.equal(clock.pending, 10_000);
  for (const alarm of alarms.reverse()) alarm.cancel();
  assert.equal(clock.pending, 0);
});
