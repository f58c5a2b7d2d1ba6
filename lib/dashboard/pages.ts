/**
 * The two HTML documents the dashboard serves: the login form (works without JavaScript) and the
 * shell the bundled app renders into. Nothing inline: the Content-Security-Policy allows only
 * this origin's own script and style files.
 *
 * @module
 */

export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  // Not "no-referrer": under it a form POST carries `Origin: null`, which the origin check refuses.
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};

export function loginPage(problem?: string): string {
  const alert = problem
    ? `<p class="login-error" role="alert" id="login-error">${escapeHtml(problem)}</p>`
    : "";
  return document(
    "Sign in · ferryllm",
    `<main class="login">
  <h1>ferryllm dashboard</h1>
  <form method="post" action="/ui/login" class="login-form">
    <label for="admin-key">Admin key</label>
    <input id="admin-key" name="admin_key" type="password" autocomplete="current-password"
      required autofocus${problem ? ' aria-describedby="login-error" aria-invalid="true"' : ""}>
    <button type="submit">Sign in</button>
    ${alert}
  </form>
  <p class="hint">The key is the gateway's <code>FERRYLLM_ADMIN_KEY</code>.</p>
</main>`,
  );
}

export function appShell(): string {
  return document(
    "ferryllm dashboard",
    `<div id="app"><p class="loading">Loading…</p></div>
<noscript><p>The dashboard needs JavaScript.</p></noscript>
<script type="module" src="/ui/assets/app.js"></script>`,
  );
}

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/assets/app.css">
</head>
<body>
${body}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
