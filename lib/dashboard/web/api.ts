/**
 * The page's calls to `/ui/api/*`. The session cookie rides along by itself (same origin); a 401
 * means the session ended, so the page goes back to the sign-in form.
 *
 * @module
 */

export class SignedOut extends Error {}

export async function getJson<T>(path: string): Promise<T> {
  return await answer<T>(await fetch(path, { headers: { accept: "application/json" } }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return await answer<T>(
    await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

async function answer<T>(res: Response): Promise<T> {
  if (res.status === 401) {
    location.assign("/ui");
    throw new SignedOut("signed out");
  }
  const body = await res.json();
  if (!res.ok && typeof body?.message !== "string" && typeof body?.error === "string") {
    throw new Error(body.error);
  }
  return body as T;
}
