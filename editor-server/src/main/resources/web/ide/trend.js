// Trends: chosen variables plotted live over the last minutes on a canvas, with pause, zoom by
// dragging across the plot and a cursor that reads every curve at one instant. The samples come
// from a runtime trace (/api/trace: every cycle of the task, so a one-cycle pulse shows), read a
// batch at a time; when the runtime refuses one (more than 16 variables, several tasks) they come
// from the monitor socket instead (each frame one cycle, at 20 Hz). Samples are kept for the
// longest window whether or not the view is open, so a trend added a minute ago has a minute of
// history. Dense data is drawn as one min/max stroke per pixel column.
'use strict';

const Trend = (() => {
  const RATE_HZ = 20;
  const KEEP_MS = 600_000;                 // the longest window offered
  const COLORS = ['#1565c0', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#4e342e'];
  const PLOTTABLE = /^(BOOL|SINT|INT|DINT|LINT|USINT|UINT|UDINT|ULINT|BYTE|WORD|DWORD|LWORD|REAL|LREAL)$/i;
  const MAX_POINTS = 300_000;              // per curve: 10 min of 2 ms cycles
  const TRACE_POLL_MS = 250;
  const series = new Map();                // path -> {color, t: [], v: []}
  let trace = null;                        // {id, paths, since, skew} while a runtime trace feeds the curves
  let retraceTimer = null;
  let paused = false;
  let pausedAt = 0;
  let zoom = null;                         // {x0, x1} while zoomed
  let cursorX = null;                      // px, or null
  let drag = null;                         // {x0px, x1px} while selecting
  let drawing = false;

  function windowMs() { return Number($('trend-window').value) * 1000; }

  function storeKey() { return 'ringplc.trend.' + ((state.status && state.status.project) || ''); }
  function save() { try { localStorage.setItem(storeKey(), JSON.stringify([...series.keys()])); } catch (e) { /* private mode */ } }

  function add(path, quiet) {
    const m = Vars.meta.get(path) || [...Vars.meta.values()].find((x) => x.path.toLowerCase() === path.toLowerCase());
    if (!m) { if (!quiet) showNotice('Trend: no variable ' + path); return false; }
    if (!PLOTTABLE.test(m.type)) { if (!quiet) showNotice('Trend: ' + m.path + ' is ' + m.type + '; only BOOL and numeric variables can be plotted'); return false; }
    if (series.has(m.path)) return true;
    const used = new Set([...series.values()].map((s) => s.color));
    const color = COLORS.find((c) => !used.has(c)) || COLORS[series.size % COLORS.length];
    series.set(m.path, { color, t: [], v: [] });
    save();
    legend();
    retrace();
    return true;
  }

  function remove(path) {
    series.delete(path);
    save();
    legend();
    retrace();
    draw();
  }

  function num(v) {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^[-+0-9.e]+$/i.test(v)) return Number(v);   // ULINT beyond 2^53 arrives as text
    return NaN;
  }

  function push(s, t, v) {
    s.t.push(t);
    s.v.push(v);
    if (s.t[0] < t - KEEP_MS - 5000 || s.t.length > MAX_POINTS + 10000) {
      let k = Math.max(0, s.t.length - MAX_POINTS);
      while (k < s.t.length && s.t[k] < t - KEEP_MS) k++;
      s.t.splice(0, k);
      s.v.splice(0, k);
    }
  }

  function sample(m) {
    if (trace) return;
    const now = Date.now();
    for (const [path, s] of series) {
      if (path in m.values) push(s, now, num(m.values[path]));
    }
  }

  // --- runtime trace -------------------------------------------------------------------------

  function setSource(text) {
    const el = document.getElementById('trend-source');
    if (el) el.textContent = text;
  }

  function retrace() {
    clearTimeout(retraceTimer);
    retraceTimer = setTimeout(startTrace, 300);   // adding several curves in a row makes one trace
  }

  function stopTrace() {
    if (!trace) return;
    const old = trace;
    trace = null;
    fetch('/api/trace/' + old.id, { method: 'DELETE', credentials: 'same-origin', keepalive: true,
      headers: { 'X-Requested-With': 'ringplc' } }).catch(() => {});
  }

  async function startTrace() {
    stopTrace();
    const want = [...series.keys()];
    subscribe();
    if (!want.length) { setSource(''); return; }
    try {
      const t = await api('POST', '/api/trace', { paths: want });
      if (want.join('\n') !== [...series.keys()].join('\n')) {   // changed meanwhile: a newer call follows
        fetch('/api/trace/' + t.id, { method: 'DELETE', credentials: 'same-origin', headers: { 'X-Requested-With': 'ringplc' } });
        return;
      }
      trace = { id: t.id, paths: t.paths, since: 0, skew: null };
      setSource('every cycle of task ' + t.task);
    } catch (e) {
      trace = null;
      setSource('sampled at ' + RATE_HZ + ' Hz from the monitor: ' + e.message);
    }
    subscribe();
  }

  async function pollTrace() {
    const t = trace;
    if (!t || !state.loggedIn) return;
    let d;
    try { d = await api('GET', '/api/trace/' + t.id + '?since=' + t.since); } catch (e) {
      if (trace === t && e.status === 404) { trace = null; retrace(); }
      return;
    }
    if (trace !== t || !d.samples.length) return;
    // The PLC's clock and this browser's may differ; place the newest row at its arrival.
    if (t.skew === null) t.skew = Date.now() - (d.epochMillis + d.samples[d.samples.length - 1].timeNanos / 1e6);
    const curves = d.paths.map((p) => series.get(p));
    for (const row of d.samples) {
      const at = d.epochMillis + row.timeNanos / 1e6 + t.skew;
      for (let i = 0; i < curves.length; i++) if (curves[i]) push(curves[i], at, num(row.values[i]));
    }
    t.since = d.lastCycle;
  }

  // --- legend --------------------------------------------------------------------------------

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function legend() {
    const box = $('trend-legend');
    box.replaceChildren();
    $('trend-empty').hidden = series.size > 0;
    for (const [path, s] of series) {
      const row = el('div', 'lg-row');
      row.dataset.path = path;
      const sw = el('span', 'lg-swatch');
      sw.style.background = s.color;
      const drop = el('button', 'icon', '×');
      drop.type = 'button';
      drop.title = 'remove from the trend';
      drop.setAttribute('aria-label', 'remove ' + path + ' from the trend');
      drop.addEventListener('click', () => remove(path));
      row.append(sw, el('span', 'lg-path', path), el('span', 'lg-val', ''), drop);
      box.append(row);
    }
  }

  function legendValues(at) {
    for (const row of document.querySelectorAll('#trend-legend .lg-row')) {
      const s = series.get(row.dataset.path);
      if (!s || !s.t.length) continue;
      let i = s.t.length - 1;
      if (at !== null) {
        let lo = 0;
        let hi = s.t.length - 1;
        while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (s.t[mid] <= at) lo = mid; else hi = mid - 1; }
        i = lo;
      }
      const m = Vars.meta.get(row.dataset.path);
      row.querySelector('.lg-val').textContent = formatValue(m && /^BOOL$/i.test(m.type) ? !!s.v[i] : s.v[i], m && m.type);
    }
  }

  // --- plot ----------------------------------------------------------------------------------

  function span() {
    if (zoom) return zoom;
    const end = paused ? pausedAt : Date.now();
    return { x0: end - windowMs(), x1: end };
  }

  function niceStep(range, target) {
    const raw = range / target;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (raw <= m * p) return m * p;
    return 10 * p;
  }

  function draw() {
    const canvas = $('trend-canvas');
    const host = canvas.parentElement;
    const dpr = window.devicePixelRatio || 1;
    const w = host.clientWidth;
    const h = host.clientHeight;
    if (!w || !h) return;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      canvas.style.width = w + 'px';
      canvas.style.height = h + 'px';
    }
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const L = 64; const R = 12; const T = 10; const B = 26;
    const pw = w - L - R; const ph = h - T - B;
    const { x0, x1 } = span();
    // y range over what is visible
    let lo = Infinity; let hi = -Infinity;
    for (const s of series.values()) {
      let a = 0;
      let b = s.t.length;
      while (a < b) { const mid = (a + b) >> 1; if (s.t[mid] < x0) a = mid + 1; else b = mid; }
      for (let i = a; i < s.t.length && s.t[i] <= x1; i++) {
        if (!isFinite(s.v[i])) continue;
        if (s.v[i] < lo) lo = s.v[i];
        if (s.v[i] > hi) hi = s.v[i];
      }
    }
    if (!isFinite(lo)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.06;
    lo -= pad; hi += pad;
    const X = (t) => L + (t - x0) / (x1 - x0) * pw;
    const Y = (v) => T + (hi - v) / (hi - lo) * ph;
    // grid and axes
    g.font = '11px system-ui, sans-serif';
    g.strokeStyle = '#e3e8ee'; g.fillStyle = '#66727f'; g.lineWidth = 1;
    const ys = niceStep(hi - lo, 6);
    g.textAlign = 'right'; g.textBaseline = 'middle';
    for (let v = Math.ceil(lo / ys) * ys; v <= hi; v += ys) {
      const y = Math.round(Y(v)) + 0.5;
      g.beginPath(); g.moveTo(L, y); g.lineTo(L + pw, y); g.stroke();
      g.fillText(Number(v.toPrecision(10)).toString(), L - 6, y);
    }
    const xs = niceStep(x1 - x0, Math.max(2, Math.floor(pw / 110)));
    g.textAlign = 'center'; g.textBaseline = 'top';
    for (let t = Math.ceil(x0 / xs) * xs; t <= x1; t += xs) {
      const x = Math.round(X(t)) + 0.5;
      g.beginPath(); g.moveTo(x, T); g.lineTo(x, T + ph); g.stroke();
      const d = new Date(t);
      const label = d.toLocaleTimeString([], { hour12: false }) + (xs < 1000 ? '.' + String(d.getMilliseconds()).padStart(3, '0') : '');
      g.fillText(label, x, T + ph + 6);
    }
    g.strokeStyle = '#9aa5b1';
    g.strokeRect(L + 0.5, T + 0.5, pw, ph);
    // curves
    g.save();
    g.beginPath(); g.rect(L, T, pw, ph); g.clip();
    for (const s of series.values()) {
      g.strokeStyle = s.color; g.lineWidth = 1.5;
      g.beginPath();
      // first sample at or before x0, by bisection: curves can hold many thousand points
      let lo = 0;
      let hi = s.t.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (s.t[mid] < x0) lo = mid + 1; else hi = mid; }
      let pen = false;
      let prevY = 0;
      let col = null;   // the pixel column being gathered: {x, first, last, min, max}
      const flush = () => {
        if (!col) return;
        // steps, as a PLC value holds until a later cycle changes it
        if (!pen) { g.moveTo(col.x, col.first); pen = true; } else { g.lineTo(col.x, prevY); g.lineTo(col.x, col.first); }
        if (col.min !== col.max) { g.lineTo(col.x, col.min); g.lineTo(col.x, col.max); }
        g.lineTo(col.x, col.last);
        prevY = col.last;
        col = null;
      };
      for (let i = Math.max(0, lo - 1); i < s.t.length; i++) {
        if (!isFinite(s.v[i])) { flush(); pen = false; continue; }
        const x = Math.round(X(s.t[i]));
        const y = Y(s.v[i]);
        if (col && col.x === x) {
          if (y < col.min) col.min = y;
          if (y > col.max) col.max = y;
          col.last = y;
        } else {
          flush();
          col = { x, first: y, last: y, min: y, max: y };
        }
        if (s.t[i] > x1) break;
      }
      flush();
      g.stroke();
    }
    g.restore();
    if (drag) {
      g.fillStyle = 'rgba(21,101,192,0.12)';
      g.fillRect(Math.min(drag.a, drag.b), T, Math.abs(drag.b - drag.a), ph);
    }
    let at = null;
    if (cursorX !== null && cursorX >= L && cursorX <= L + pw) {
      g.strokeStyle = '#1f2b38'; g.setLineDash([3, 3]);
      g.beginPath(); g.moveTo(cursorX + 0.5, T); g.lineTo(cursorX + 0.5, T + ph); g.stroke();
      g.setLineDash([]);
      at = x0 + (cursorX - L) / pw * (x1 - x0);
    }
    legendValues(at);
    canvas.dataset.drawn = String(Date.now());
    canvas.dataset.x0 = String(x0);
    canvas.dataset.x1 = String(x1);
    draw.plot = { L, pw, x0, x1 };
  }

  function loop() {
    if (Views.current() !== 'trends') { drawing = false; return; }
    draw();
    requestAnimationFrame(loop);
  }

  function startLoop() {
    if (!drawing) { drawing = true; requestAnimationFrame(loop); }
  }

  function setPaused(p) {
    paused = p;
    if (p) pausedAt = Date.now(); else zoom = null;
    $('trend-pause').textContent = p ? 'Resume' : 'Pause';
    $('trend-reset').disabled = !zoom;
  }

  function wire() {
    const source = document.createElement('span');
    source.id = 'trend-source';
    source.className = 'hint source';
    document.querySelector('.trend-bar .hint').before(source);
    const canvas = $('trend-canvas');
    const xOf = (e) => e.clientX - canvas.getBoundingClientRect().left;
    canvas.addEventListener('mousedown', (e) => { drag = { a: xOf(e), b: xOf(e) }; });
    canvas.addEventListener('mousemove', (e) => { cursorX = xOf(e); if (drag) drag.b = xOf(e); if (paused) draw(); });
    canvas.addEventListener('mouseleave', () => { cursorX = null; if (paused) draw(); });
    window.addEventListener('mouseup', () => {
      if (!drag) return;
      const d = drag;
      drag = null;
      const p = draw.plot;
      if (p && Math.abs(d.b - d.a) > 5) {
        const t = (x) => p.x0 + (Math.min(Math.max(x, p.L), p.L + p.pw) - p.L) / p.pw * (p.x1 - p.x0);
        const z = { x0: t(Math.min(d.a, d.b)), x1: t(Math.max(d.a, d.b)) };
        setPaused(true);
        zoom = z;
        $('trend-reset').disabled = false;
      }
      draw();
    });
    canvas.addEventListener('dblclick', () => { setPaused(false); draw(); });
    $('trend-reset').addEventListener('click', () => { setPaused(false); draw(); });
    $('trend-pause').addEventListener('click', () => { setPaused(!paused); draw(); });
    $('trend-window').addEventListener('change', () => { zoom = null; $('trend-reset').disabled = true; draw(); });
    const addFromInput = () => {
      const input = $('trend-add');
      if (input.value.trim() && add(input.value.trim())) input.value = '';
    };
    $('trend-add-btn').addEventListener('click', addFromInput);
    $('trend-add').addEventListener('keydown', (e) => { if (e.key === 'Enter') addFromInput(); });
    Views.onShow((name) => { if (name === 'trends') startLoop(); });
    window.addEventListener('resize', () => { if (Views.current() === 'trends') draw(); });
  }

  on('variables', (vars) => {
    const list = $('trend-paths');
    const opts = vars.filter((v) => PLOTTABLE.test(v.type)).slice(0, 5000).map((v) => {
      const o = document.createElement('option'); o.value = v.path; return o;
    });
    list.replaceChildren(...opts);
    if (!series.size) {
      let saved = [];
      try { saved = JSON.parse(localStorage.getItem(storeKey()) || '[]'); } catch (e) { saved = []; }
      for (const p of saved) if (typeof p === 'string') add(p, true);
    }
  });
  on('frame', sample);
  wantPaths(() => (trace ? { paths: [] } : { paths: [...series.keys()], rateHz: series.size ? RATE_HZ : 0 }));
  setInterval(pollTrace, TRACE_POLL_MS);
  window.addEventListener('pagehide', stopTrace);
  document.addEventListener('DOMContentLoaded', wire);

  return { add, remove, paths: () => [...series.keys()], samples: (p) => (series.get(p) || { t: [] }).t.length, draw };
})();
