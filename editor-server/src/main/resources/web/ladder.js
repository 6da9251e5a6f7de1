// ringplc online diagrams: LD, FBD and SFC bodies of the project's PLCopen sources, drawn where the
// editor that saved them placed each element, and lit by live values from the monitor socket.
//
// The server (GET /api/diagrams/{instance}) gives the elements, their pins and wires, and a binding
// from each variable reference to its monitor path. Every frame of the monitor socket redraws the
// values: ladder-flow.js computes the power flow from them, following the wires as the compiler
// does (contacts in series AND, wires joined into one input OR), so the picture is what the program
// computed in the cycle the frame comes from (an SFC transition's condition is the compiler's own
// hidden flag of it, never recomputed here); ladder-draw.js draws the bodies. This file is the
// page: which POU is shown, the monitor socket, the forces, and forcing from the diagram, which
// goes through POST /api/force like everywhere else.
// Every name or value from the project goes into the page as text, never as markup.
'use strict';

const LV = (() => {
  const RATE_HZ = 10;
  const FORCES_POLL_MS = 2000;
  const RECHECK_MS = 10000;
  const $ = (id) => document.getElementById(id);

  const st = {
    instances: [],
    diagram: null,
    values: new Map(),      // lower-cased path -> last value
    forced: new Map(),      // lower-cased path -> forced value
    views: [],              // per drawn element: {el, body, g, update()}
    byId: null,             // per body: Map localId -> element
    socket: null,
    reconnectMs: 500,
    cycle: null,
    zoom: Number(localStorage.getItem('ringplc.ladder.zoom')) || 1.5,
    menuFor: null,
    role: null,             // the user's role (GET /api/me); null: unknown, offer everything
  };

  // The main page owns the login; it brings the person back here afterwards via the Diagrams tab.
  const api = apiClient(() => {
    location.href = '/';
    throw new ApiError(401, 'not logged in');
  });

  function notice(text) {
    const n = $('lv-notice');
    n.textContent = text || '';
    n.hidden = !text;
  }

  // --- values --------------------------------------------------------------------------------

  function binding(ref) {
    if (!ref || !st.diagram) return null;
    return st.diagram.bindings[String(ref).toLowerCase().replace(/\s+/g, '')] || null;
  }

  function live(ref) {
    const b = binding(ref);
    if (!b) return undefined;
    return st.values.get(b.path.toLowerCase());
  }

  function isForced(ref) {
    const b = binding(ref);
    return !!b && st.forced.has(b.path.toLowerCase());
  }


  function format(v) {
    if (v === undefined || v === null) return '?';
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (typeof v === 'string') return shortTime(v);
    if (typeof v === 'number' && !Number.isInteger(v)) return String(Math.round(v * 1e6) / 1e6);
    return String(v);
  }

  // A running timer's ET carries micro- and nanoseconds of the real clock; at a pin, to the
  // millisecond is what a person reads (the menu and the monitor tree show the full value).
  function shortTime(v) {
    const m = /^(L?T(?:IME)?#)(.*)$/i.exec(v);
    if (!m) return v;
    const trimmed = m[2].replace(/(\d+us)?(\d+ns)?$/i, '');
    return trimmed !== m[2] && /\d/.test(trimmed) ? m[1] + trimmed : v;
  }

  function exact(v) {
    return v === undefined || v === null ? '?' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  }

  function applyZoom() {
    for (const s of document.querySelectorAll('.lv-svg')) {
      s.setAttribute('width', Math.round(Number(s.dataset.w) * st.zoom));
      s.setAttribute('height', Math.round(Number(s.dataset.h) * st.zoom));
    }
    $('lv-zoom').textContent = Math.round(st.zoom * 100) + '%';
  }

  function refresh() {
    for (const v of st.views) v.update();
  }

  const drawing = ladderDrawing({ st, binding, live, isForced, format, exact, openMenu, applyZoom });

  // --- forcing from the diagram --------------------------------------------------------------

  function closeMenu() {
    $('lv-menu').hidden = true;
    st.menuFor = null;
  }

  function openMenu(g, b, ev) {
    const m = $('lv-menu');
    m.replaceChildren();
    st.menuFor = b.path;
    const head = document.createElement('div');
    head.className = 'lv-menu-head';
    head.textContent = b.path + ' : ' + b.type + (b.address ? ' AT ' + b.address : '');
    const cur = document.createElement('div');
    cur.className = 'lv-menu-cur';
    cur.textContent = 'now ' + format(st.values.get(b.path.toLowerCase()))
      + (st.forced.has(b.path.toLowerCase()) ? ' (forced)' : '');
    m.append(head, cur);
    const isBool = /^BOOL$/i.test(b.type);
    const add = (label, fn, cls) => {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'lv-btn' + (cls ? ' ' + cls : '');
      btn.textContent = label;
      btn.dataset.action = label;
      btn.addEventListener('click', async (e) => { e.stopPropagation(); closeMenu(); await fn(); });
      m.append(btn);
    };
    // only what the user's role may do; the server refuses the rest anyway (403)
    const mayForce = roleAllows(st.role, 'force');
    const mayWrite = roleAllows(st.role, 'write');
    if (!mayWrite) {
      const note = document.createElement('div');
      note.className = 'lv-menu-cur';
      note.textContent = 'your role watches only';
      m.append(note);
    } else if (isBool) {
      if (mayForce) {
        add('Force TRUE', () => act('force', b, true));
        add('Force FALSE', () => act('force', b, false));
      }
      add('Write TRUE', () => act('write', b, true));
      add('Write FALSE', () => act('write', b, false));
    } else {
      const input = document.createElement('input');
      input.type = 'text';
      input.className = 'lv-input';
      input.value = format(st.values.get(b.path.toLowerCase()));
      input.setAttribute('aria-label', 'value for ' + b.path);
      input.addEventListener('click', (e) => e.stopPropagation());
      m.append(input);
      const val = () => { const t = input.value.trim(); return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t; };
      if (mayForce) add('Force', () => act('force', b, val()));
      add('Write', () => act('write', b, val()));
    }
    if (mayForce && st.forced.has(b.path.toLowerCase())) add('Unforce', () => act('unforce', b), 'danger');
    m.hidden = false;
    const r = g.getBoundingClientRect();
    m.style.left = Math.round(r.left + window.scrollX) + 'px';
    m.style.top = Math.round(r.bottom + window.scrollY + 4) + 'px';
  }

  function confirmOutput(b, what) {
    const d = $('confirm-dialog');
    $('confirm-text').textContent = b.path + ' is the physical output ' + b.address + '. ' + what
      + ' moves the machine whatever the program says. Go on?';
    $('confirm-ok').textContent = what.split(' ')[0];
    return new Promise((resolve) => {
      d.returnValue = '';
      // A close event still queued from the previous question must not answer this one: only a
      // close that leaves the dialog shut counts.
      const onClose = () => {
        if (d.open) return;
        d.removeEventListener('close', onClose);
        resolve(d.returnValue === 'ok');
      };
      d.addEventListener('close', onClose);
      d.showModal();
    });
  }

  async function act(kind, b, value) {
    const what = kind === 'unforce' ? 'Unforcing' : (kind === 'force' ? 'Force ' : 'Write ') + format(value);
    if (kind !== 'unforce' && b.address && /^%Q/i.test(b.address)) {
      if (!(await confirmOutput(b, what))) { notice('Cancelled: ' + b.path + ' is unchanged.'); return; }
    }
    try {
      if (kind === 'unforce') await api('POST', '/api/unforce', { path: b.path });
      else await api('POST', '/api/' + kind, { path: b.path, value });
      notice('');
    } catch (e) {
      notice((kind === 'unforce' ? 'Unforce' : kind[0].toUpperCase() + kind.slice(1)) + ' of ' + b.path
        + ' refused: ' + e.message);
    }
    await refreshForces();
  }

  async function refreshForces() {
    let forces;
    try { forces = await api('GET', '/api/forces'); } catch (e) { return; }
    st.forced = new Map(forces.map((f) => [f.path.toLowerCase(), f.value]));
    const n = forces.length;
    $('lv-forces').hidden = n === 0;
    $('lv-forces').textContent = 'FORCES ACTIVE: ' + n;
    refresh();
  }

  // --- monitor socket ------------------------------------------------------------------------

  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/monitor';
    const ws = new WebSocket(url);
    st.socket = ws;
    ws.onopen = () => { st.reconnectMs = 500; link(true); subscribe(); };
    ws.onmessage = (ev) => {
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m.error) { notice('Monitor: ' + m.error); return; }
      if (!m.values) return;
      st.cycle = m.cycle;
      for (const k in m.values) st.values.set(k.toLowerCase(), m.values[k]);
      document.body.dataset.cycle = String(m.cycle);
      refresh();
    };
    ws.onclose = () => {
      if (st.socket !== ws) return;
      st.socket = null;
      link(false);
      setTimeout(connect, st.reconnectMs);
      st.reconnectMs = Math.min(st.reconnectMs * 2, 5000);
    };
  }

  function subscribe() {
    const ws = st.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN || !st.diagram) return;
    const paths = [...new Set(Object.values(st.diagram.bindings).map((b) => b.path))];
    ws.send(JSON.stringify({ subscribe: paths, rateHz: RATE_HZ }));
  }

  function link(ok) {
    $('lv-link').dataset.ok = String(ok);
    $('lv-link').textContent = ok ? 'online' : 'reconnecting…';
  }

  // --- start-up ------------------------------------------------------------------------------

  // After a deploy the drawing may have changed: fetched again now and then, redrawn only when
  // it differs, so an open view never shows the previous program's rungs for long.
  async function recheck() {
    if (!st.diagram || !$('lv-menu').hidden) return;
    let fresh;
    try { fresh = await api('GET', '/api/diagrams/' + encodeURIComponent(st.diagram.instance)); } catch (e) { return; }
    if (JSON.stringify(fresh) !== st.drawn) show(st.diagram.instance, fresh);
  }

  async function show(instance, given) {
    closeMenu();
    const main = $('lv-main');
    for (const s of main.querySelectorAll('.lv-body')) s.remove();
    st.views = [];
    st.values = new Map();
    for (const a of document.querySelectorAll('#lv-instances a')) {
      a.classList.toggle('active', a.dataset.instance.toLowerCase() === instance.toLowerCase());
    }
    try {
      st.diagram = given || await api('GET', '/api/diagrams/' + encodeURIComponent(instance));
    } catch (e) {
      notice(e.message);
      return;
    }
    st.drawn = JSON.stringify(st.diagram);
    document.title = st.diagram.instance + ' — ringplc diagrams';
    for (const body of st.diagram.bodies) drawing.drawBody(body, main);
    refresh();
    subscribe();
    document.body.dataset.shown = st.diagram.instance;
  }

  async function start() {
    const z = (f) => () => {
      st.zoom = Math.min(4, Math.max(0.5, Math.round(st.zoom * f * 10) / 10));
      localStorage.setItem('ringplc.ladder.zoom', String(st.zoom));
      applyZoom();
    };
    $('lv-zoom-in').addEventListener('click', z(1.25));
    $('lv-zoom-out').addEventListener('click', z(0.8));
    document.addEventListener('click', (e) => { if (!$('lv-menu').contains(e.target)) closeMenu(); });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeMenu(); });
    try {
      const me = await api('GET', '/api/me');
      st.role = me && me.role ? me.role : null;
    } catch (e) { /* unknown role: offer everything, the server has the last word */ }
    try {
      st.instances = await api('GET', '/api/diagrams');
    } catch (e) {
      notice(e.message);
      return;
    }
    const nav = $('lv-instances');
    for (const d of st.instances) {
      const a = document.createElement('a');
      a.href = '#' + encodeURIComponent(d.instance);
      a.dataset.instance = d.instance;
      a.textContent = d.instance;
      a.title = d.pou + ' (' + d.languages.join(', ') + ') in task ' + d.task;
      nav.append(a);
    }
    if (st.instances.length === 0) {
      $('lv-empty').hidden = false;
      $('lv-empty').textContent = 'No program instance of this project has a drawn body (LD, FBD or SFC in a '
        + 'PLCopen XML source). Structured Text programs are shown in the editor.';
      return;
    }
    const pick = () => {
      const h = decodeURIComponent(location.hash.replace('#', ''));
      const d = st.instances.find((x) => x.instance.toLowerCase() === h.toLowerCase()) || st.instances[0];
      show(d.instance);
    };
    window.addEventListener('hashchange', pick);
    pick();
    connect();
    await refreshForces();
    setInterval(refreshForces, FORCES_POLL_MS);
    setInterval(recheck, RECHECK_MS);
  }

  document.addEventListener('DOMContentLoaded', start);

  // for tests and the curious: what the page computed
  return {
    diagram: () => st.diagram,
    value: (path) => st.values.get(String(path).toLowerCase()),
    cycle: () => st.cycle,
  };
})();
