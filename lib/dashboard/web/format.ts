/**
 * Number and time formatting for tables: short, locale-aware, and a dash for "no data" so an
 * empty cell is never mistaken for zero.
 *
 * @module
 */

export const NONE = "—";

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat(undefined, {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 4,
});
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

export function count(n: number | undefined): string {
  return n === undefined ? NONE : integer.format(n);
}

export function rate(n: number | undefined): string {
  return n === undefined ? NONE : decimal.format(n);
}

export function ms(n: number | undefined | null): string {
  if (n === undefined || n === null) return NONE;
  return n >= 1000 ? `${decimal.format(n / 1000)} s` : `${decimal.format(n)} ms`;
}

export function usd(n: number | undefined): string {
  return n === undefined ? NONE : money.format(n);
}

export function ratio(n: number | undefined): string {
  return n === undefined ? NONE : percent.format(n);
}

export function clock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour12: false });
}

export function dateTime(epochMs: number | undefined): string {
  return epochMs === undefined ? NONE : new Date(epochMs).toLocaleString(undefined, {
    hour12: false,
  });
}

export function duration(secs: number): string {
  const d = Math.floor(secs / 86400);
  const h = Math.floor((secs % 86400) / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}
