// Shared by the pages: the CSRF token the server put in the page, and JSON calls to the console's /ui endpoints.

/** The session's CSRF token (from <meta name="csrf-token">), sent with every state-changing call. */
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : '';
}

/** POSTs JSON to the console; returns the fetch Response. */
export function postJson(path, body) {
  return fetch(path, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken()},
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
}

/** An element with optional class and text: the pages build untrusted text into the DOM only this way. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** The problem+json detail of a failed call, or its status. */
export async function problemDetail(response) {
  try {
    const p = await response.json();
    return p.detail || p.title || `HTTP ${response.status}`;
  } catch (e) {
    return `HTTP ${response.status}`;
  }
}

/** A time as "12 s ago (01:43:11 UTC)". */
export function ago(iso) {
  if (!iso) return '';
  const t = new Date(iso);
  const s = Math.max(0, Math.round((Date.now() - t.getTime()) / 1000));
  const rel = s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
  return `${rel} (${t.toISOString().substring(11, 19)} UTC)`;
}
