// The provider's HTML: sign-in, sign-out confirmation, errors. No script; styles carry a nonce
// per response, so the Content-Security-Policy allows nothing else.
import { randomBytes } from 'node:crypto';

const escape = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f6f8;margin:0}
main{max-width:22rem;margin:4rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0003}
h1{font-size:1.2rem}label{display:block;margin-top:.8rem;font-size:.9rem}
input{width:100%;box-sizing:border-box;padding:.5rem;margin-top:.2rem}
button{margin-top:1.2rem;width:100%;padding:.6rem;background:#1f5fa8;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#777}.error{color:#a40000}.hint{color:#555;font-size:.8rem}`;

/** Sends a page with a per-response style nonce and headers that keep it out of frames and caches. */
export function sendPage(res, status, title, body) {
  const nonce = randomBytes(16).toString('base64');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // No form-action: after the POST the browser follows redirects to the client's redirect URI.
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'`,
  );
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style nonce="${nonce}">${STYLE}</style></head><body><main>${body}</main></body></html>`);
}

export function loginPage(uid, clientName, error, username = '') {
  return `<h1>Sign in to Careflow</h1><p class="hint">${escape(clientName)} · development identity provider</p>
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<label for="username">Username</label><input id="username" name="username" value="${escape(username)}" required autofocus maxlength="64">
<label for="password">Password</label><input id="password" name="password" type="password" required maxlength="200">
<button type="submit">Sign in</button>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
</form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button class="secondary" type="submit">Cancel</button></form>`;
}

/** oidc-provider's sign-out confirmation: `form` is its own form (with its xsrf token). */
export function logoutPage(form) {
  return `<h1>Sign out of Careflow?</h1>${form}
<button id="logout-yes" type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>`;
}

export function messagePage(heading, text) {
  return `<h1>${escape(heading)}</h1><p>${escape(text)}</p>`;
}
