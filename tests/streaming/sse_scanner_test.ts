import assert from "node:assert/strict";
import { createParser } from "eventsource-parser";
import fc from "fast-check";
import { type SseMessage, sseScanner } from "../../lib/streaming/sse_scanner.ts";

function scanAll(pieces: string[]): SseMessage[] {
  const scanner = sseScanner();
  const out: SseMessage[] = [];
  for (const piece of pieces) scanner.feed(piece, out);
  scanner.end(out);
  return out;
}

/** eventsource-parser, the reference implementation, with the same lenient end. */
function reference(text: string): SseMessage[] {
  const out: SseMessage[] = [];
  const parser = createParser({
    onEvent: (m) => out.push(m.event ? { event: m.event, data: m.data } : { data: m.data }),
  });
  parser.feed(text);
  parser.feed("\n\n");
  return out;
}

Deno.test("sseScanner reads LF, CRLF and lone-CR line ends, comments, multi-line data and a BOM", () => {
  const text =
    "\ufeffevent: a\r\ndata: 1\r\ndata:2\r\n\r\n: comment\n\ndata: x\rdata: y\r\rid: 7\nretry: 5\ndata\n\n";
  assert.deepEqual(scanAll([text]), [
    { event: "a", data: "1\n2" },
    { data: "x\ny" },
    { data: "" },
  ]);
});

Deno.test("sseScanner keeps a CRLF split across reads as one line end", () => {
  assert.deepEqual(scanAll(["data: a\r", "\n\r", "\ndata: b\r\n\r\n"]), [{ data: "a" }, {
    data: "b",
  }]);
});

Deno.test("sseScanner treats a last message without its blank line as complete", () => {
  assert.deepEqual(scanAll(['data: {"a":1}\n', "data: tail"]), [{ data: '{"a":1}\ntail' }]);
});

Deno.test("sseScanner agrees with eventsource-parser on any text split anywhere", () => {
  const line = fc.constantFrom(
    'data: {"x":1}',
    "data:plain",
    "data",
    "data: ",
    "event: delta",
    "event:",
    ": ping",
    "id: 4",
    "retry: 10",
    "",
    "dat",
    "data: ü € 😀",
  );
  const end = fc.constantFrom("\n", "\r\n", "\r");
  fc.assert(
    fc.property(
      fc.array(fc.tuple(line, end), { maxLength: 30 }),
      fc.array(fc.nat(), { maxLength: 8 }),
      (lines, cuts) => {
        const text = lines.map(([l, e]) => l + e).join("");
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces: string[] = [];
        let from = 0;
        for (const p of points) {
          pieces.push(text.slice(from, p));
          from = p;
        }
        pieces.push(text.slice(from));
        assert.deepEqual(scanAll(pieces), reference(text));
      },
    ),
    { numRuns: 500 },
  );
});
