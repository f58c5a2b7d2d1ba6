/**
 * Dashboard sessions. The admin key (`FERRYLLM_ADMIN_KEY`) is typed into the login form once; the
 * browser then holds only a random session token in an HttpOnly, SameSite=Strict cookie scoped
 * to `/ui`, which expires after 15 idle minutes (8 hours at most). The key itself never appears
 * in a URL, a page or browser storage, and the server keeps only the token's SHA-256.
 *
 * @module
 */

export const SESSION_COOKIE = "ferryllm_ui";
export const IDLE_MS = 15 * 60_000;
export const ABSOLUTE_MS = 8 * 3600_000;
const MAX_SESSIONS = 256;
/** Wrong keys allowed per minute before logins are refused outright (slows guessing). */
const FAILURES_PER_MINUTE = 10;

interface Session {
  expiresAt: number;
  endsAt: number;
}

export type LoginResult =
  | { ok: true; token: string }
  | { ok: false; reason: "wrong_key" | "throttled" };

export class AdminSessions {
  readonly #sessions = new Map<string, Session>();
  #failures: number[] = [];

  constructor(
    private readonly adminKey: () => string | undefined,
    private readonly now: () => number,
  ) {}

  /** The dashboard is on only while an admin key is set. */
  enabled(): boolean {
    return (this.adminKey() ?? "") !== "";
  }

  async login(presented: string): Promise<LoginResult> {
    const now = this.now();
    this.#failures = this.#failures.filter((t) => t > now - 60_000);
    if (this.#failures.length >= FAILURES_PER_MINUTE) return { ok: false, reason: "throttled" };
    const expected = this.adminKey() ?? "";
    if (expected === "" || !sameDigest(await sha256(presented), await sha256(expected))) {
      this.#failures.push(now);
      return { ok: false, reason: "wrong_key" };
    }
    const token = randomToken();
    this.#evictExpired(now);
    if (this.#sessions.size >= MAX_SESSIONS) {
      this.#sessions.delete(this.#sessions.keys().next().value!);
    }
    this.#sessions.set(await tokenId(token), {
      expiresAt: now + IDLE_MS,
      endsAt: now + ABSOLUTE_MS,
    });
    return { ok: true, token };
  }

  /** True when the request carries a live session; each check extends the idle expiry. */
  async check(request: Request): Promise<boolean> {
    if (!this.enabled()) return false;
    const token = cookieValue(request.headers.get("cookie"), SESSION_COOKIE);
    if (!token) return false;
    const id = await tokenId(token);
    const session = this.#sessions.get(id);
    const now = this.now();
    if (!session || now >= session.expiresAt || now >= session.endsAt) {
      this.#sessions.delete(id);
      return false;
    }
    session.expiresAt = Math.min(now + IDLE_MS, session.endsAt);
    return true;
  }

  async logout(request: Request): Promise<void> {
    const token = cookieValue(request.headers.get("cookie"), SESSION_COOKIE);
    if (token) this.#sessions.delete(await tokenId(token));
  }

  #evictExpired(now: number): void {
    for (const [id, session] of this.#sessions) {
      if (now >= session.expiresAt || now >= session.endsAt) this.#sessions.delete(id);
    }
  }
}

/** The Set-Cookie value for a new session (or, with an empty token, one that clears it). */
export function sessionCookie(token: string, secure: boolean): string {
  const maxAge = token === "" ? 0 : IDLE_MS / 1000;
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/ui",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${maxAge}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

async function tokenId(token: string): Promise<string> {
  return Array.from(await sha256(token), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Compares every byte whatever the first difference, so timing says nothing about the key. */
function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
