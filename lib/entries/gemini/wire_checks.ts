/**
 * Precise 400s for malformed Gemini requests: each check names the field it looked at
 * (`contents[2].parts[0].text: expected a string`).
 *
 * @module
 */
import { invalidRequest } from "../../ir/error.ts";

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, where: string): Obj {
  if (!isObject(value)) throw invalidRequest(`${where}: expected an object`, where);
  return value;
}

export function expectArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw invalidRequest(`${where}: expected an array`, where);
  return value;
}

export function expectString(value: unknown, where: string): string {
  if (typeof value !== "string") throw invalidRequest(`${where}: expected a string`, where);
  return value;
}

export function optionalString(value: unknown, where: string): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, where);
}

export function optionalNumber(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalidRequest(`${where}: expected a number`, where);
  }
  return value;
}

export function optionalInteger(value: unknown, where: string, min: number): number | undefined {
  const n = optionalNumber(value, where);
  if (n !== undefined && (!Number.isInteger(n) || n < min)) {
    throw invalidRequest(`${where}: expected an integer >= ${min}`, where);
  }
  return n;
}
