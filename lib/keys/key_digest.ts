/**
 * Keys are known only by their SHA-256: what config files, the state store and logs hold.
 *
 * @module
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return toHex(new Uint8Array(digest));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new gateway key: 32 random bytes, hex, with a prefix that says what it is. */
export function newGatewayKey(): string {
  return `fgw-${toHex(crypto.getRandomValues(new Uint8Array(32)))}`;
}
