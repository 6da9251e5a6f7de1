// ringplc browser page: status, variables with live values, write/force/unforce, forces panel.
// Plain JS, no build step and no CDN (controllers often have no internet). Every value from the
// PLC goes into the page with textContent, never as markup.
'use strict';

const $ = (id) => document.getElementById(id);
const STATUS_POLL_MS = 1000;
const FORCES_POLL_MS = 2000;
const VARIABLES_POLL_MS = 15000;
const MONITOR_RATE_HZ = 10;
const RECONNECT_MAX_MS = 5000;
const MAX_SUBSCRIBED = 10000;   // the server's limit per subscription

const state = {
  types: new Map(),       // path -> declared type, from the last variables list
  forced: new Set(),      // paths currently forced
  status: null,
  socket: null,
  subscribed: '',
  reconnectMs: 500,
  loggedIn: false,
  timers: [],
  role: null,             // the user's role from GET /api/me, upper case; null until known
};

// --- what the user's role allows (roleAllows in api.js) ------------------------------------------

function can(action) {
  return roleAllows(state.role, action);
}

function roleLabel() {
  return (state.role || '').toLowerCase();
}

async function loadRole() {
  try {
    const me = await api('GET', '/api/me');
    state.role = me && me.role ? String(me.role).toUpperCase() : null;
  } catch (e) {
    state.role = null;
  }
  document.body.dataset.role = roleLabel();
  const show = (id, yes) => { const b = $(id); if (b) { b.hidden = !yes; if (!yes) b.title = 'not for the ' + roleLabel() + ' role'; } };
  show('btn-start', can('run'));
  show('btn-stop', can('run'));
  show('btn-unforce-all', can('force'));
  show('btn-save', can('deploy'));
  show('btn-deploy', can('deploy'));
}

// A 401 brings back the login form, except for a refused login itself, which shows its own message.
const api = apiClient((path) => { if (path !== '/api/login') showLogin(); });

// --- formatting ----------------------------------------------------------------------------

function formatValue(v, type) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string' && /^W?STRING/i.test(type || '')) return "'" + v + "'";
  return String(v);
}

// What the user typed, as the API's value: JSON booleans and numbers where they are plainly meant,
// everything else as text, which the runtime reads as an IEC literal (T#1s, 16#FF, RUNNING, ...).
function parseInput(text, type) {
  const t = text.trim();
  if (/^W?STRING/i.test(type || '')) {
    const m = /^'(.*)'$/s.exec(t) || /^"(.*)"$/s.exec(t);
    return m ? m[1] : text;
  }
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^[+-]?\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : t;   // beyond 2^53 as text, so no digit is lost
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  return t;
}

// --- status --------------------------------------------------------------------------------

// How a task is started: its period, or for an event task (IEC SINGLE) the BOOL whose rising edge runs it.
function taskTiming(t) {
  return t.trigger ? 'on ' + t.trigger + ' \u2191' : (t.intervalUs / 1000) + ' ms';
}

function renderStatus(s) {
  state.status = s;
  $('project').textContent = s.project || '';
  document.title = (s.project ? s.project + ' · ' : '') + s.state + ' · ringplc';
  const st = $('state');
  st.textContent = s.state;
  st.dataset.state = s.state;
  const tasks = $('tasks');
  tasks.replaceChildren();
  for (const t of s.tasks || []) {
    const el = document.createElement('span');
    el.textContent = t.name + ' ' + taskTiming(t) + ' · #' + t.cycles + ' · last ' + t.lastUs +
      'µs · max ' + t.maxUs + 'µs · overruns ' + t.overruns + (t.state !== s.state ? ' · ' + t.state : '');
    if (t.fault) {
      el.classList.add('fault');
      el.title = t.fault;   // the whole message is in the Tasks panel; the header stays one line
      el.textContent += ' · fault';
    }
    tasks.append(el);
  }
  const drivers = (s.drivers || []).map((d) => d.name + ' in ' + d.received + ' out ' + d.sent +
    (d.rejected ? ' rejected ' + d.rejected : '') + (d.errors ? ' errors ' + d.errors : ''));
  $('io').textContent = (s.ioBackend ? 'I/O: ' + s.ioBackend : '') + (drivers.length ? ' · ' + drivers.join(' · ') : '');
  $('io').title = [s.ioBackendReason || ''].concat((s.drivers || []).filter((d) => d.lastError)
    .map((d) => d.name + ' (' + d.address + '): ' + d.lastError)).join('\n');
  $('io').classList.toggle('fault', (s.drivers || []).some((d) => d.errors > 0));
  $('btn-start').disabled = s.state === 'RUN';
  $('btn-stop').disabled = s.state === 'STOP';
  $('forces-banner').hidden = !s.forcesActive;
  emit('status', s);
}

async function pollStatus() {
  try {
    renderStatus(await api('GET', '/api/status'));
    hideNotice();
  } catch (e) {
    if (e.status !== 401) showNotice('Status unavailable: ' + e.message);
  }
}

// --- hooks for the IDE views (tree.js, watch.js, trend.js, editor.js) ------------------------
// The views register here; this file owns the session, the status and forces polls and the one
// monitor socket, and tells the views what arrived.

const hooks = { start: [], status: [], forces: [], frame: [], variables: [] };
function on(event, fn) { hooks[event].push(fn); }
// Start hooks may fetch what they need before the first variables list arrives.
async function emitStart() {
  await Promise.all(hooks.start.map(async (fn) => {
    try { await fn(); } catch (e) { console.error('start hook failed', e); }
  }));
}
function emit(event, arg) {
  for (const fn of hooks[event]) {
    try { fn(arg); } catch (e) { console.error(event + ' hook failed', e); }
  }
}
// Paths some view wants live values for; a view calls subscribe() when its set changes.
const pathSources = [];
function wantPaths(fn) { pathSources.push(fn); }

async function loadVariables() {
  let vars;
  try { vars = await api('GET', '/api/variables'); } catch (e) {
    if (e.status !== 401) showNotice('Variables unavailable: ' + e.message);
    return;
  }
  state.types = new Map(vars.map((v) => [v.path, v.type]));
  emit('variables', vars);
  subscribe();
}

// --- forces --------------------------------------------------------------------------------

function typeOf(path) { return state.types.get(path); }

async function refreshForces() {
  let forces;
  try { forces = await api('GET', '/api/forces'); } catch (e) {
    if (e.status !== 401) $('forces-error').textContent = e.message;
    return;
  }
  $('forces-error').textContent = '';
  state.forced = new Set(forces.map((f) => f.path));
  state.forces = forces;
  const body = $('forces-body');
  body.replaceChildren();
  for (const f of forces) {
    const tr = document.createElement('tr');
    const cells = [f.path, formatValue(f.value, typeOf(f.path)), f.user || '',
      f.since ? new Date(f.since).toLocaleTimeString() : ''];
    for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.append(td); }
    const td = document.createElement('td');
    const b = document.createElement('button'); b.type = 'button'; b.className = 'btn'; b.textContent = 'Unforce';
    b.addEventListener('click', async () => {
      try { await api('POST', '/api/unforce', { path: f.path }); } catch (e) { $('forces-error').textContent = e.message; }
      refreshForces();
    });
    td.append(b); tr.append(td); body.append(tr);
  }
  $('forces-table').hidden = forces.length === 0;
  $('forces-empty').hidden = forces.length !== 0;
  $('btn-unforce-all').disabled = forces.length === 0;
  $('forces-count').textContent = String(forces.length);
  $('forces-banner').hidden = forces.length === 0;
  emit('forces', forces);
}

// --- live values over the monitor socket ---------------------------------------------------

function connectMonitor() {
  if (!state.loggedIn) return;
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/monitor';
  const ws = new WebSocket(url);
  state.socket = ws;
  state.subscribed = '';
  ws.onopen = () => {
    state.reconnectMs = 500;
    setLink(true);
    subscribe();
  };
  ws.onmessage = (ev) => {
    let m;
    try { m = JSON.parse(ev.data); } catch (e) { return; }
    if (m.error) { showNotice('Monitor: ' + m.error); return; }
    if (m.values) emit('frame', m);
  };
  ws.onclose = () => {
    if (state.socket !== ws) return;
    state.socket = null;
    setLink(false);
    if (!state.loggedIn) return;
    setTimeout(connectMonitor, state.reconnectMs);
    state.reconnectMs = Math.min(state.reconnectMs * 2, RECONNECT_MAX_MS);
  };
}

// Only what is on screen, watched or trended is monitored: a big project keeps frames small.
// Trends want finer steps than the eye reading a number does.
function subscribe() {
  const ws = state.socket;
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  const set = new Set();
  let rate = MONITOR_RATE_HZ;
  for (const fn of pathSources) {
    const want = fn();
    for (const p of want.paths) set.add(p);
    if (want.rateHz) rate = Math.max(rate, want.rateHz);
  }
  const paths = [...set].slice(0, MAX_SUBSCRIBED);
  const key = rate + '\n' + paths.join('\n');
  if (key === state.subscribed) return;
  state.subscribed = key;
  ws.send(JSON.stringify({ subscribe: paths, rateHz: rate }));
}

function setLink(ok) {
  const l = $('link');
  l.dataset.ok = String(ok);
  l.textContent = ok ? 'live' : 'reconnecting…';
}

// --- login and start-up --------------------------------------------------------------------

function showNotice(text) { $('notice').textContent = text; $('notice').hidden = false; }
function hideNotice() { $('notice').hidden = true; }

function showLogin(message) {
  state.loggedIn = false;
  for (const t of state.timers) clearInterval(t);
  state.timers = [];
  if (state.socket) { const s = state.socket; state.socket = null; s.close(); }
  $('app').hidden = true;
  $('forces-banner').hidden = true;
  document.body.classList.add('logged-out');
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  setLink(false);
}

async function startApp() {
  state.loggedIn = true;
  document.body.classList.remove('logged-out');
  $('login').hidden = true;
  $('app').hidden = false;
  await pollStatus();
  if (!state.loggedIn) return;
  await loadRole();
  await emitStart();
  await loadVariables();
  await refreshForces();
  connectMonitor();
  state.timers.push(setInterval(pollStatus, STATUS_POLL_MS));
  state.timers.push(setInterval(refreshForces, FORCES_POLL_MS));
  state.timers.push(setInterval(loadVariables, VARIABLES_POLL_MS));
}

function wire() {
  $('btn-start').addEventListener('click', async () => {
    try { renderStatus(await api('POST', '/api/plc/start')); } catch (e) { showNotice('Start refused: ' + e.message); }
  });
  $('btn-stop').addEventListener('click', async () => {
    if (!confirm('Stop the PLC? All tasks stop and outputs go to their safe values.')) return;
    try { renderStatus(await api('POST', '/api/plc/stop')); } catch (e) { showNotice('Stop refused: ' + e.message); }
  });
  $('btn-unforce-all').addEventListener('click', async () => {
    if (!confirm('Remove every force?')) return;
    try { await api('POST', '/api/unforce-all'); } catch (e) { $('forces-error').textContent = e.message; }
    refreshForces();
  });
  $('btn-logout').addEventListener('click', async () => {
    try { await api('POST', '/api/logout'); } catch (e) { /* logged out either way */ }
    showLogin('Logged out.');
  });
  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('POST', '/api/login', { token: $('login-token').value.trim() });
      $('login-token').value = '';
      startApp();
    } catch (e) {
      $('login-error').textContent = e.message;
    }
  });
}

// The Diagrams tab opens ladder.html (online LD/FBD/SFC) when some program instance is drawn.
on('start', async () => {
  const d = await api('GET', '/api/diagrams');
  const tab = $('tab-diagrams');
  tab.hidden = d.length === 0;
  if (d.length) tab.href = '/ladder.html#' + encodeURIComponent(d[0].instance);
  tab.title = 'Online diagrams: ' + d.map((x) => x.instance + ' (' + x.languages.join(', ') + ')').join(', ');
});

// After every deferred script (the views) has run, so their hooks are in place.
document.addEventListener('DOMContentLoaded', () => {
  wire();
  if (location.hash === '#login-failed') {
    history.replaceState(null, '', '/');
    showLogin('That login link is not valid: the token is wrong, or it was a one-time token that has been used. Paste a valid token, or restart ringplc for a new link.');
  } else {
    startApp();
  }
});
