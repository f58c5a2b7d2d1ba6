/**
 * Runs a test body against a fresh mock upstream and always closes it (leak sanitizers).
 *
 * @module
 */
import { type MockUpstream, startMockUpstream } from "../support/mock_upstream/mod.ts";

export async function withMock(run: (mock: MockUpstream) => Promise<void>): Promise<void> {
  const mock = await startMockUpstream();
  try {
    await run(mock);
  } finally {
    await mock.close();
  }
}

/** A tool declaration in JSON schema, shared by the SDK suites. */
export const weatherSchema = {
  type: "object",
  properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
  required: ["city"],
};

export const timeSchema = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
};
