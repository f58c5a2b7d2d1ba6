/**
 * SSE framing as the WHATWG EventSource spec defines it (LF, CRLF or lone CR line ends,
 * comments, multi-line `data`, a leading BOM), scanned with `indexOf` over each read's text:
 * no per-character loop, no object per line, one array of complete messages per read.
 *
 * @module
 */

export interface SseMessage {
  /** The `event:` name, absent for data-only frames. */
  event?: string;
  data: string;
}

export interface SseScanner {
  /** Text of one read; complete messages are pushed onto `out`. */
  feed(text: string, out: SseMessage[]): void;
  /** End of the body: a last message without its blank line still counts (lenient). */
  end(out: SseMessage[]): void;
}

const LF = "\n";
const CR = "\r";
const COLON = 58;

export function sseScanner(): SseScanner {
  let buffer = "";
  let first = true;
  let data: string | undefined;
  let event: string | undefined;

  const dispatch = (out: SseMessage[]) => {
    if (data !== undefined) out.push(event ? { event, data } : { data });
    data = undefined;
    event = undefined;
  };

  const line = (text: string, from: number, to: number, out: SseMessage[]) => {
    if (from === to) return dispatch(out);
    if (text.charCodeAt(from) === COLON) return; // a comment
    let colon = text.indexOf(":", from);
    if (colon < 0 || colon > to) colon = to;
    let valueFrom = colon + 1;
    if (valueFrom < to && text.charCodeAt(valueFrom) === 32) valueFrom++;
    const value = colon === to ? "" : text.slice(valueFrom, to);
    const nameLength = colon - from;
    if (nameLength === 4 && text.startsWith("data", from)) {
      data = data === undefined ? value : `${data}\n${value}`;
    } else if (nameLength === 5 && text.startsWith("event", from)) {
      event = value;
    } // `id`, `retry` and unknown fields carry nothing the gateway uses
  };

  /** Consumes complete lines of `buffer`; keeps the unfinished rest. */
  const scan = (final: boolean, out: SseMessage[]) => {
    const text = buffer;
    let pos = 0;
    let cr = text.indexOf(CR);
    while (pos < text.length) {
      if (cr >= 0 && cr < pos) cr = text.indexOf(CR, pos);
      const lf = text.indexOf(LF, pos);
      let end: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        // A CR at the very end may be the first half of a CRLF split across reads.
        if (cr === text.length - 1 && !final) break;
        end = cr;
        next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else if (lf >= 0) {
        end = lf;
        next = lf + 1;
      } else {
        if (!final) break;
        end = text.length;
        next = text.length;
      }
      line(text, pos, end, out);
      pos = next;
    }
    buffer = pos >= text.length ? "" : text.slice(pos);
  };

  return {
    feed(text, out) {
      if (text === "") return;
      if (first) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      buffer = buffer === "" ? text : buffer + text;
      scan(false, out);
    },
    end(out) {
      scan(true, out);
      dispatch(out);
    },
  };
}
