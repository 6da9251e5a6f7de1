// The one client of ringplc's JSON API, loaded by both pages (index.html, ladder.html) before their
// own scripts. It sends the session cookie, JSON bodies and the X-Requested-With header that the
// server's cross-site check accepts from its own pages, and turns a refusal into an ApiError that
// carries the HTTP status and the server's {"error": ...} message.
'use strict';

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// api(method, path, body) for one page. A 401 means the session is gone, and each page deals with
// that its own way: onUnauthorized(path) runs first and may throw an error of its own instead.
function apiClient(onUnauthorized) {
  return async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { 'X-Requested-With': 'ringplc' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, 'the server does not answer (' + e.message + ')');
    }
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (res.status === 401) onUnauthorized(path);
    if (!res.ok) throw new ApiError(res.status, (data && data.error) || ('HTTP ' + res.status));
    return data;
  };
}

// What a role may do, for leaving out the controls that would be refused (a viewer is not offered
// Force). The server decides (403 for a call the role may not make). PRODUCT.md §5: viewer watches,
// operator writes, engineer forces, deploys, saves, starts and stops; admin also manages users.
const ROLE_RANK = { VIEWER: 0, OPERATOR: 1, ENGINEER: 2, ADMIN: 3 };
const ACTION_RANK = { write: 1, force: 2, deploy: 2, run: 2 };

// role: as GET /api/me names it, any case; an unknown role is offered everything, the server still refuses.
function roleAllows(role, action) {
  const r = role === null || role === undefined ? '' : String(role).toUpperCase();
  if (!(r in ROLE_RANK)) return true;
  return ROLE_RANK[r] >= ACTION_RANK[action];
}
