// ringplc online diagrams: LD, FBD and SFC bodies of the project's PLCopen sources, drawn where the
// editor that saved them placed each element, and lit by live values from the monitor socket.
//
// The server (GET /api/diagrams/{instance}) gives the elements, their pins and wires, and a binding
// from each variable reference to its monitor path. The power flow is computed here, every frame,
// from the values of those variables, following the wires as the compiler does (contacts in series
// AND, wires joined into one input OR), so the picture is what the program computed in the cycle
// the frame comes from. Forcing goes through POST /api/force like everywhere else.
// Every name or value from the project goes into the page as text, never as markup.
'use strict';

const LV = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const RATE_HZ = 10;
  const FORCES_POLL_MS = 2000;
  const RECHECK_MS = 10000;
  const MARGIN_LEFT = 44;      // room for the rung numbers left of the left rail
  const MARGIN = 24;
  const PIN_FIRST = 30;        // a block's first pin below its top edge, then one every PIN_STEP
  const PIN_STEP = 20;
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

  function svg(tag, attrs, parent) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.append(e);
    return e;
  }

  function text(parent, x, y, s, cls, anchor) {
    const t = svg('text', { x, y, class: cls || '' }, parent);
    if (anchor) t.setAttribute('text-anchor', anchor);
    t.textContent = s;
    return t;
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

  function literal(s) {
    if (s == null) return undefined;
    const t = String(s).trim();
    if (/^(BOOL#)?TRUE$/i.test(t)) return true;
    if (/^(BOOL#)?FALSE$/i.test(t)) return false;
    const n = t.replace(/^[A-Z]+#/i, '');
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(n.replace(/_/g, ''))) return Number(n.replace(/_/g, ''));
    return t; // TIME and other literals: shown as written
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

  const and3 = (a, b) => (a === false || b === false) ? false : (a === true && b === true ? true : null);
  const or3 = (a, b) => (a === true || b === true) ? true : (a === false && b === false ? false : null);
  const not3 = (a) => a === true ? false : a === false ? true : null;
  const asBool = (v) => typeof v === 'boolean' ? v : (typeof v === 'number' ? v !== 0 : null);

  // The standard functions the importer maps to operators, evaluated on the pins' values; anything
  // else shows its output as unknown rather than guessing.
  const FUNCTIONS = {
    AND: (xs) => xs.every((x) => typeof x === 'boolean') ? xs.every(Boolean) : null,
    OR: (xs) => xs.every((x) => typeof x === 'boolean') ? xs.some(Boolean) : null,
    XOR: (xs) => xs.every((x) => typeof x === 'boolean') ? xs.reduce((a, b) => a !== b) : null,
    NOT: (xs) => typeof xs[0] === 'boolean' ? !xs[0] : null,
    MOVE: (xs) => xs[0],
    ADD: (xs) => nums(xs) ? xs.reduce((a, b) => a + b) : null,
    MUL: (xs) => nums(xs) ? xs.reduce((a, b) => a * b) : null,
    SUB: (xs) => nums(xs) ? xs[0] - xs[1] : null,
    GT: (xs) => nums(xs) ? chain(xs, (a, b) => a > b) : null,
    GE: (xs) => nums(xs) ? chain(xs, (a, b) => a >= b) : null,
    LT: (xs) => nums(xs) ? chain(xs, (a, b) => a < b) : null,
    LE: (xs) => nums(xs) ? chain(xs, (a, b) => a <= b) : null,
    EQ: (xs) => xs.every((x) => x !== null && x !== undefined) ? chain(xs, (a, b) => a === b) : null,
    NE: (xs) => xs.every((x) => x !== null && x !== undefined) ? xs[0] !== xs[1] : null,
    MAX: (xs) => nums(xs) ? Math.max(...xs) : null,
    MIN: (xs) => nums(xs) ? Math.min(...xs) : null,
    SEL: (xs) => typeof xs[0] === 'boolean' ? (xs[0] ? xs[2] : xs[1]) : null,
    LIMIT: (xs) => nums(xs) ? Math.min(Math.max(xs[1], xs[0]), xs[2]) : null,
  };
  function nums(xs) { return xs.length > 0 && xs.every((x) => typeof x === 'number'); }
  function chain(xs, f) { for (let i = 1; i < xs.length; i++) if (!f(xs[i - 1], xs[i])) return false; return true; }

  // The value on an element's output pin (power for LD elements). Memoised per frame; a loop of
  // wires (a feedback path) reads as unknown instead of recursing forever.
  function makeEvaluator(body, byId) {
    const memo = new Map();
    const busy = new Set();
    const connectors = new Map();
    for (const e of body.elements) if (e.kind === 'connector' && e.text) connectors.set(e.text.toLowerCase(), e);

    function pinIn(e, pin) {
      if (!pin || !pin.links || pin.links.length === 0) return undefined;
      let v = false;
      let any = false;
      for (const l of pin.links) {
        const src = byId.get(l.ref);
        if (!src) { v = null; continue; }
        const x = out(src, l.pin || '');
        if (!any) { v = x; any = true; continue; }
        v = (typeof v === 'boolean' || v === null) && (typeof x === 'boolean' || x === null) ? or3(v, x) : x;
      }
      return v;
    }

    function powerIn(e) { return pinIn(e, (e.inputs || [])[0]); }

    function out(e, pin) {
      const key = e.id + '/' + pin;
      if (memo.has(key)) return memo.get(key);
      if (busy.has(key)) return null;
      busy.add(key);
      let v = null;
      try { v = compute(e, pin); } finally { busy.delete(key); }
      memo.set(key, v === undefined ? null : v);
      return memo.get(key);
    }

    function compute(e, pin) {
      switch (e.kind) {
        case 'leftPowerRail': return true;
        case 'contact': return and3(powerIn(e), contactTerm(e));
        case 'coil': return powerIn(e);
        case 'inVariable':
        case 'inOutVariable': {
          const v = live(e.text);
          return v !== undefined ? v : (binding(e.text) ? null : literal(e.text));
        }
        case 'continuation': {
          const c = connectors.get((e.text || '').toLowerCase());
          return c ? pinIn(c, (c.inputs || [])[0]) : null;
        }
        case 'block': return blockOut(e, pin);
        default: return null;
      }
    }

    function contactTerm(e) {
      const a = e.attrs || {};
      if (a.edge) {
        const edge = st.diagram.bindings['#edge' + e.id];
        return edge ? asBool(st.values.get(edge.path.toLowerCase())) : null;
      }
      const v = asBool(live(e.text));
      return a.negated ? not3(v) : v;
    }

    function blockOut(e, pin) {
      const outs = e.outputs || [];
      const name = pin || (outs.find((p) => p.name.toUpperCase() !== 'ENO') || outs[0] || {}).name || '';
      const en = (e.inputs || []).find((p) => p.name.toUpperCase() === 'EN');
      const enPower = en && en.links && en.links.length ? pinIn(e, en) : true;
      if (name.toUpperCase() === 'ENO') return enPower;
      if (e.instance) {
        const v = live(e.instance + '.' + name);
        return v === undefined ? null : v;
      }
      const f = FUNCTIONS[(e.text || '').toUpperCase()];
      if (!f) return null;
      const args = (e.inputs || []).filter((p) => p.name.toUpperCase() !== 'EN').map((p) => {
        let v = pinIn(e, p);
        if (p.attrs && p.attrs.negated) v = not3(asBool(v));
        return v;
      });
      if (args.some((x) => x === null || x === undefined)) return null;
      return f(args);
    }

    return { out, pinIn, powerIn, contactTerm, reset: () => memo.clear() };
  }

  // --- geometry ------------------------------------------------------------------------------

  function blockPinY(e, pins, i) {
    // The saved relPositions are used when they look like a real layout (inside the box, all
    // different); some generators write one placeholder for every pin, then the pins are spread.
    const ys = pins.map((p) => p.ry);
    const distinct = new Set(ys).size === ys.length;
    const inside = ys.every((y) => y > 0 && y < blockHeight(e));
    return distinct && inside ? ys[i] : PIN_FIRST + PIN_STEP * i;
  }

  function blockHeight(e) {
    const n = Math.max((e.inputs || []).length, (e.outputs || []).length);
    return Math.max(e.h || 0, PIN_FIRST + PIN_STEP * (n - 1) + 15);
  }

  function outPoint(e, pinName, toward) {
    const outs = e.outputs || [];
    switch (e.kind) {
      case 'leftPowerRail': return [e.x + (e.w || 3), toward ? toward[1] : e.y + 10];
      case 'contact': case 'coil': return [e.x + e.w, e.y + e.h / 2];
      case 'block': {
        let i = outs.findIndex((p) => p.name.toLowerCase() === (pinName || '').toLowerCase());
        if (i < 0) i = Math.max(0, outs.findIndex((p) => p.name.toUpperCase() !== 'ENO'));
        return [e.x + e.w, e.y + blockPinY(e, outs, i)];
      }
      default: {
        let cands = outs.filter((p) => p.name !== 'action');
        if (pinName) { const named = outs.filter((p) => p.name === pinName); if (named.length) cands = named; }
        if (pinName === 'action' && (cands.length === 0 || cands[0].name !== 'action')) return [e.x + e.w, e.y + e.h / 2];
        if (cands.length === 0) return [e.x + e.w, e.y + e.h / 2];
        let best = cands[0];
        if (toward && cands.length > 1) {
          best = cands.reduce((a, b) => Math.abs(e.x + b.rx - toward[0]) < Math.abs(e.x + a.rx - toward[0]) ? b : a);
        }
        return best.rx >= 0 ? [e.x + best.rx, e.y + best.ry] : [e.x + e.w, e.y + e.h / 2];
      }
    }
  }

  function inPoint(e, pin, i, from) {
    switch (e.kind) {
      case 'rightPowerRail': return [e.x, from ? from[1] : e.y + 10];
      case 'contact': case 'coil': return [e.x, e.y + e.h / 2];
      case 'block': return [e.x, e.y + blockPinY(e, e.inputs, i)];
      default:
        return pin.rx >= 0 ? [e.x + pin.rx, e.y + pin.ry] : [e.x, e.y + e.h / 2];
    }
  }

  function route(a, b, sfc, points) {
    if (points && points.length >= 2) return points.map((p) => p.join(',')).join(' ');
    if (a[0] === b[0] || a[1] === b[1]) return a.join(',') + ' ' + b.join(',');
    if (sfc) {
      const my = b[1] > a[1] ? b[1] - Math.min(10, (b[1] - a[1]) / 2) : a[1] + 10;
      return [a, [a[0], my], [b[0], my], b].map((p) => p.join(',')).join(' ');
    }
    // a branch joins just before the input it feeds, as ladder editors draw parallel branches
    const mx = b[0] - 10 > a[0] ? b[0] - 10 : (a[0] + b[0]) / 2;
    return [a, [mx, a[1]], [mx, b[1]], b].map((p) => p.join(',')).join(' ');
  }

  // --- drawing -------------------------------------------------------------------------------

  function stateClass(v) {
    if (v === true) return 'on';
    if (v === false) return 'off';
    if (v === null || v === undefined) return 'unknown';
    return 'data';
  }

  function setLit(g, v) {
    g.dataset.lit = v === true ? 'true' : v === false ? 'false' : 'unknown';
    g.classList.remove('on', 'off', 'unknown', 'data');
    g.classList.add(stateClass(v));
  }

  function forcedBadge(g, x, y) {
    const b = svg('g', { class: 'fbadge', transform: `translate(${x},${y})` }, g);
    svg('rect', { x: 0, y: -8, width: 10, height: 10, rx: 1.5 }, b);
    text(b, 5, 0, 'F', 'fb-t', 'middle');
    return b;
  }

  // half the width of a variable's name, so a badge can sit right after it
  function labelHalf(label, min) {
    let w = 0;
    try { w = label.getComputedTextLength(); } catch (e) { w = 0; }
    return Math.max(min, w || label.textContent.length * 4.6) / 2;
  }

  function clickable(g, e, ref) {
    const b = binding(ref);
    if (!b) return;
    g.classList.add('forceable');
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', b.path);
    g.dataset.path = b.path;
    const open = (ev) => { ev.stopPropagation(); openMenu(g, b, ev); };
    g.addEventListener('click', open);
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') open(ev); });
  }

  function drawBody(body, host) {
    const byId = new Map(body.elements.map((e) => [e.id, e]));
    const evaluator = makeEvaluator(body, byId);
    const sfc = body.language === 'SFC';
    const sec = document.createElement('section');
    sec.className = 'lv-body';
    sec.dataset.language = body.language;
    const head = document.createElement('div');
    head.className = 'lv-body-head';
    const lang = document.createElement('span');
    lang.className = 'lv-lang';
    lang.textContent = body.language;
    const title = document.createElement('span');
    title.textContent = st.diagram.instance + ' : ' + st.diagram.pou + (body.name === 'body' ? '' : ' — ' + body.name);
    head.append(lang, title);
    sec.append(head);
    host.append(sec);

    const W = Math.max(body.width, 200) + MARGIN_LEFT + MARGIN;
    const H = Math.max(body.height, 40) + 2 * MARGIN;
    const root = svg('svg', { class: 'lv-svg', viewBox: `${-MARGIN_LEFT} ${-MARGIN} ${W} ${H}` });
    root.dataset.w = W; root.dataset.h = H;
    sec.append(root);
    const wires = svg('g', { class: 'wires' }, root);
    const items = svg('g', { class: 'items' }, root);
    const updates = [];

    if (body.language === 'LD') drawRungs(body, byId, root);

    // rails reach every row they are wired to
    const railSpan = new Map();
    for (const e of body.elements) {
      for (const p of e.inputs || []) for (const l of p.links || []) {
        const src = byId.get(l.ref);
        if (!src) continue;
        const i = e.inputs.indexOf(p);
        const b = inPoint(e, p, i, null);
        const a = outPoint(src, l.pin, b);
        if (src.kind === 'leftPowerRail') extend(railSpan, src.id, b[1]);
        if (e.kind === 'rightPowerRail') extend(railSpan, e.id, a[1]);
      }
    }

    // wires: one polyline per link, lit by the value on the source pin
    for (const e of body.elements) {
      (e.inputs || []).forEach((p, i) => {
        for (const l of p.links || []) {
          const src = byId.get(l.ref);
          // a jump step names its target instead of drawing a line back up to it
          if (!src || src.kind === 'jumpStep') continue;
          let b = inPoint(e, p, i, null);
          const toAction = e.kind === 'actionBlock';
          const a = outPoint(src, toAction ? 'action' : l.pin, b);
          if (e.kind === 'rightPowerRail') b = [b[0], a[1]];
          const line = svg('polyline', { points: route(a, b, sfc && !toAction, l.points), class: 'wire' }, wires);
          if (sfc && src.kind !== 'contact' && src.kind !== 'block' && src.kind !== 'inVariable') {
            // the chart's own links carry no value: the steps and transitions show the state
            setLit(line, 'data');
            continue;
          }
          updates.push(() => setLit(line, evaluator.out(src, l.pin || '')));
        }
      });
    }

    for (const e of body.elements) {
      const g = svg('g', { class: 'el ' + e.kind, 'data-id': e.id, 'data-kind': e.kind }, items);
      const draw = DRAW[e.kind] || drawUnknown;
      const u = draw(e, g, evaluator, railSpan);
      if (u) updates.push(u);
    }

    st.views.push({ body, evaluator, update: () => { evaluator.reset(); for (const u of updates) u(); } });
    applyZoom();
  }

  function extend(map, id, y) {
    const s = map.get(id) || [y, y];
    map.set(id, [Math.min(s[0], y), Math.max(s[1], y)]);
  }

  // LD networks as CODESYS numbers them: elements wired together (the rails excepted) form a rung,
  // numbered top to bottom, with a separator line above each.
  function drawRungs(body, byId, root) {
    const parent = new Map();
    const find = (x) => { while (parent.get(x) !== x) x = parent.get(x); return x; };
    const rail = (e) => e.kind === 'leftPowerRail' || e.kind === 'rightPowerRail' || e.kind === 'comment';
    for (const e of body.elements) if (!rail(e)) parent.set(e.id, e.id);
    for (const e of body.elements) {
      if (rail(e)) continue;
      for (const p of e.inputs || []) for (const l of p.links || []) {
        const s = byId.get(l.ref);
        if (s && !rail(s)) parent.set(find(e.id), find(s.id));
      }
    }
    const groups = new Map();
    for (const e of body.elements) {
      if (rail(e)) continue;
      const r = find(e.id);
      const h = e.kind === 'block' ? blockHeight(e) : e.h;
      const g = groups.get(r) || { top: Infinity, bottom: -Infinity };
      g.top = Math.min(g.top, e.y - (e.kind === 'block' ? 12 : 14));
      g.bottom = Math.max(g.bottom, e.y + h);
      groups.set(r, g);
    }
    const rungs = [...groups.values()].sort((a, b) => a.top - b.top);
    const layer = svg('g', { class: 'rungs' }, root);
    rungs.forEach((r, i) => {
      const y = r.top - 6;
      if (i > 0) svg('line', { x1: -MARGIN_LEFT, y1: y, x2: body.width + MARGIN, y2: y, class: 'rung-sep' }, layer);
      text(layer, -MARGIN_LEFT + 6, r.top + 8, String(i + 1), 'rung-no');
    });
  }

  function valueLabel(g, x, y, anchor) {
    return text(g, x, y, '', 'val', anchor);
  }

  // A contact's or coil's variable: its name above, its value below (when not BOOL, whose state the
  // symbol shows), the forced badge and the tooltip; clicking it opens the force menu. Returns the
  // per-frame update, given the variable's live value.
  function variableMarks(e, g) {
    const label = text(g, e.x + e.w / 2, e.y - 5, e.text || '', 'var', 'middle');
    const val = valueLabel(g, e.x + e.w / 2, e.y + e.h + 10, 'middle');
    const badge = forcedBadge(g, e.x + e.w / 2 + labelHalf(label, e.w) + 2, e.y - 4);
    const tip = svg('title', {}, g);
    clickable(g, e, e.text);
    return (v) => {
      g.dataset.value = exact(v);
      val.textContent = binding(e.text) && typeof v !== 'boolean' ? format(v) : '';
      tip.textContent = tooltip(e.text);
      const f = isForced(e.text);
      g.classList.toggle('forced', f);
      badge.style.display = f ? '' : 'none';
    };
  }

  const DRAW = {
    leftPowerRail(e, g, ev, span) {
      const s = span.get(e.id) || [e.y, e.y + e.h];
      const top = Math.min(e.y, s[0] - 10);
      const bottom = Math.max(e.y + e.h, s[1] + 10);
      svg('rect', { x: e.x, y: top, width: Math.max(e.w, 3), height: bottom - top, class: 'rail' }, g);
      setLit(g, true);
    },
    rightPowerRail(e, g, ev, span) {
      const s = span.get(e.id) || [e.y, e.y + e.h];
      const top = Math.min(e.y, s[0] - 10);
      const bottom = Math.max(e.y + e.h, s[1] + 10);
      svg('rect', { x: e.x, y: top, width: Math.max(e.w, 3), height: bottom - top, class: 'rail' }, g);
    },
    contact(e, g, ev) {
      const a = e.attrs || {};
      const cy = e.y + e.h / 2;
      svg('rect', { x: e.x - 2, y: e.y - 16, width: e.w + 4, height: e.h + 30, class: 'hit' }, g);
      svg('line', { x1: e.x, y1: cy, x2: e.x + 6, y2: cy, class: 'lead' }, g);
      svg('line', { x1: e.x + e.w - 6, y1: cy, x2: e.x + e.w, y2: cy, class: 'lead' }, g);
      svg('rect', { x: e.x + 6, y: e.y + 2, width: e.w - 12, height: e.h - 4, class: 'fill' }, g);
      svg('line', { x1: e.x + 6, y1: e.y + 1, x2: e.x + 6, y2: e.y + e.h - 1, class: 'bar' }, g);
      svg('line', { x1: e.x + e.w - 6, y1: e.y + 1, x2: e.x + e.w - 6, y2: e.y + e.h - 1, class: 'bar' }, g);
      if (a.negated) svg('line', { x1: e.x + 7, y1: e.y + e.h - 3, x2: e.x + e.w - 7, y2: e.y + 3, class: 'mark' }, g);
      if (a.edge) text(g, e.x + e.w / 2, cy + 3.5, a.edge === 'falling' ? 'N' : 'P', 'mark-t', 'middle');
      const show = variableMarks(e, g);
      return () => {
        setLit(g, ev.contactTerm(e));
        show(live(e.text));
      };
    },
    coil(e, g, ev) {
      const a = e.attrs || {};
      const cy = e.y + e.h / 2;
      const r = e.h / 2 - 1;
      svg('rect', { x: e.x - 2, y: e.y - 16, width: e.w + 4, height: e.h + 30, class: 'hit' }, g);
      svg('line', { x1: e.x, y1: cy, x2: e.x + 4, y2: cy, class: 'lead' }, g);
      svg('line', { x1: e.x + e.w - 4, y1: cy, x2: e.x + e.w, y2: cy, class: 'lead' }, g);
      svg('rect', { x: e.x + 5, y: e.y + 2, width: e.w - 10, height: e.h - 4, class: 'fill', rx: 4 }, g);
      svg('path', { d: `M${e.x + 8},${cy - r} A${r * 0.9},${r} 0 0 0 ${e.x + 8},${cy + r}`, class: 'bar' }, g);
      svg('path', { d: `M${e.x + e.w - 8},${cy - r} A${r * 0.9},${r} 0 0 1 ${e.x + e.w - 8},${cy + r}`, class: 'bar' }, g);
      const mark = a.storage === 'set' ? 'S' : a.storage === 'reset' ? 'R' : a.edge === 'rising' ? 'P'
        : a.edge === 'falling' ? 'N' : '';
      if (mark) text(g, e.x + e.w / 2, cy + 3.5, mark, 'mark-t', 'middle');
      if (a.negated) svg('line', { x1: e.x + 7, y1: e.y + e.h - 3, x2: e.x + e.w - 7, y2: e.y + 3, class: 'mark' }, g);
      const show = variableMarks(e, g);
      return () => {
        // a coil shows its variable: that is what the outputs get, forced or not
        const v = live(e.text);
        setLit(g, v === undefined ? ev.powerIn(e) : asBool(v));
        show(v);
      };
    },
    block(e, g, ev) {
      const h = blockHeight(e);
      svg('rect', { x: e.x, y: e.y, width: e.w, height: h, class: 'box', rx: 2 }, g);
      text(g, e.x + e.w / 2, e.y + 12, e.text || '', 'type', 'middle');
      if (e.instance) text(g, e.x + e.w / 2, e.y - 5, e.instance, 'var', 'middle');
      const pins = [];
      (e.inputs || []).forEach((p, i) => {
        const y = e.y + blockPinY(e, e.inputs, i);
        svg('line', { x1: e.x - 6, y1: y, x2: e.x, y2: y, class: 'lead' }, g);
        if (p.attrs && p.attrs.negated) svg('circle', { cx: e.x - 3, cy: y, r: 2.5, class: 'neg' }, g);
        if (p.attrs && p.attrs.edge) text(g, e.x + 3, y + 3, '>', 'pin', 'start');
        text(g, e.x + 4 + (p.attrs && p.attrs.edge ? 5 : 0), y + 3, p.name, 'pin', 'start');
        const v = valueLabel(g, e.x - 8, y - 3, 'end');
        pins.push({ p, v, input: true, i });
      });
      (e.outputs || []).forEach((p, i) => {
        const y = e.y + blockPinY(e, e.outputs, i);
        svg('line', { x1: e.x + e.w, y1: y, x2: e.x + e.w + 6, y2: y, class: 'lead' }, g);
        text(g, e.x + e.w - 4, y + 3, p.name, 'pin', 'end');
        const v = valueLabel(g, e.x + e.w + 8, y - 3, 'start');
        pins.push({ p, v, input: false, i });
      });
      return () => {
        for (const { p, v, input } of pins) {
          let val;
          if (e.instance && binding(e.instance + '.' + p.name)) val = live(e.instance + '.' + p.name);
          else val = input ? ev.pinIn(e, p) : ev.out(e, p.name);
          // wired BOOL pins show on their wire; the label is for the numbers, times and unwired pins
          v.textContent = typeof val === 'boolean' ? '' : (val === undefined ? '' : format(val));
          v.setAttribute('class', 'val ' + stateClass(val));
        }
        const outs = (e.outputs || []).filter((p) => p.name.toUpperCase() !== 'ENO');
        setLit(g, outs.length ? ev.out(e, outs[0].name) : null);
      };
    },
    inVariable: varBox,
    outVariable: varBox,
    inOutVariable: varBox,
    connector(e, g, ev) { return flag(e, g, ev, true); },
    continuation(e, g, ev) { return flag(e, g, ev, false); },
    jump(e, g, ev) {
      svg('path', { d: `M${e.x},${e.y} l${e.w},${e.h / 2} l${-e.w},${e.h / 2} z`, class: 'box' }, g);
      text(g, e.x + e.w + 4, e.y + e.h / 2 + 3, '→ ' + (e.text || ''), 'var', 'start');
      return () => setLit(g, ev.powerIn(e));
    },
    label(e, g) { text(g, e.x, e.y + 10, (e.text || '') + ':', 'var', 'start'); },
    return(e, g, ev) {
      svg('rect', { x: e.x, y: e.y, width: e.w, height: e.h, class: 'box' }, g);
      text(g, e.x + e.w / 2, e.y + e.h / 2 + 3, 'RETURN', 'type', 'middle');
      return () => setLit(g, ev.powerIn(e));
    },
    comment(e, g) {
      svg('rect', { x: e.x, y: e.y, width: e.w, height: e.h, class: 'note', rx: 2 }, g);
      wrap(g, e.text || '', e.x + 6, e.y + 13, Math.max(20, e.w - 12), e.y + e.h - 2);
    },
    step(e, g) {
      const initial = e.attrs && e.attrs.initialStep === 'true';
      svg('rect', { x: e.x, y: e.y, width: e.w, height: e.h, class: 'box step-box' }, g);
      if (initial) svg('rect', { x: e.x + 3, y: e.y + 3, width: e.w - 6, height: e.h - 6, class: 'inner' }, g);
      text(g, e.x + e.w / 2, e.y + e.h / 2 + 4, e.text || '', 'step-name', 'middle');
      const t = text(g, e.x - 4, e.y + e.h / 2 + 3, '', 'val', 'end');
      const badge = forcedBadge(g, e.x + e.w + 1, e.y - 1);
      clickable(g, e, e.text + '.X');
      return () => {
        const x = asBool(live(e.text + '.X'));
        setLit(g, x);
        g.dataset.active = String(x === true);
        const time = live(e.text + '.T');
        t.textContent = x === true && time !== undefined ? format(time) : '';
        const f = isForced(e.text + '.X');
        g.classList.toggle('forced', f);
        badge.style.display = f ? '' : 'none';
      };
    },
    macroStep(e, g) { return DRAW.step(e, g); },
    transition(e, g, ev) {
      const cx = e.x + e.w / 2;
      svg('line', { x1: cx, y1: e.y - 4, x2: cx, y2: e.y + e.h + 4, class: 'lead' }, g);
      svg('rect', { x: e.x, y: e.y - 1, width: e.w, height: Math.max(e.h, 3), class: 'tbar' }, g);
      const label = e.text || '';
      const prio = e.attrs && e.attrs.priority ? ' [' + e.attrs.priority + ']' : '';
      if (label || prio) text(g, e.x + e.w + 6, e.y + 4, (label || '') + prio, 'cond', 'start');
      return () => {
        // the condition's own value when it is a variable, or wired from LD/FBD elements
        let v = binding(e.text) ? asBool(live(e.text)) : undefined;
        const c = (e.inputs || []).find((p) => p.name === 'condition');
        if (v === undefined && c) v = asBool(ev.pinIn(e, c));
        setLit(g, v === undefined ? null : v);
      };
    },
    selectionDivergence: divergence,
    selectionConvergence: divergence,
    simultaneousDivergence(e, g) { divergence(e, g, null, true); },
    simultaneousConvergence(e, g) { divergence(e, g, null, true); },
    jumpStep(e, g) {
      svg('path', { d: `M${e.x},${e.y} l${e.w},0 l${-e.w / 2},${e.h} z`, class: 'box' }, g);
      text(g, e.x + e.w + 4, e.y + e.h / 2 + 3, '→ ' + (e.text || ''), 'var', 'start');
    },
    actionBlock(e, g) {
      const rows = e.actions || [];
      const rowH = rows.length ? Math.max(e.h / rows.length, 18) : e.h;
      const parts = [];
      rows.forEach((a, i) => {
        const y = e.y + i * rowH;
        const row = svg('g', { class: 'action' }, g);
        svg('rect', { x: e.x, y, width: 24, height: rowH, class: 'box' }, row);
        svg('rect', { x: e.x + 24, y, width: e.w - 24, height: rowH, class: 'box' }, row);
        text(row, e.x + 12, y + rowH / 2 + 3, a.qualifier, 'pin', 'middle');
        const name = a.name || (a.inline || '').split('\n')[0];
        text(row, e.x + 28, y + rowH / 2 + 3, name + (a.duration ? '  ' + a.duration : ''), 'var', 'start');
        const b = a.name ? binding(a.name) : null;
        if (b && /^BOOL$/i.test(b.type)) { clickable(row, e, a.name); parts.push({ row, a }); }
      });
      return () => {
        for (const { row, a } of parts) {
          setLit(row, asBool(live(a.name)));
          row.classList.toggle('forced', isForced(a.name));
        }
      };
    },
  };

  function drawUnknown(e, g) {
    svg('rect', { x: e.x, y: e.y, width: Math.max(e.w, 10), height: Math.max(e.h, 10), class: 'box unknown-el' }, g);
    text(g, e.x + 2, e.y - 3, e.kind, 'pin', 'start');
  }

  function divergence(e, g, ev, double) {
    svg('line', { x1: e.x, y1: e.y, x2: e.x + e.w, y2: e.y, class: 'lead' }, g);
    if (double) svg('line', { x1: e.x, y1: e.y + 3, x2: e.x + e.w, y2: e.y + 3, class: 'lead' }, g);
  }

  function varBox(e, g, ev) {
    svg('rect', { x: e.x, y: e.y, width: e.w, height: e.h, class: 'box', rx: 8 }, g);
    text(g, e.x + e.w / 2, e.y + e.h / 2 + 3, e.text || '', 'var', 'middle');
    const bound = binding(e.text);
    const val = valueLabel(g, e.kind === 'outVariable' ? e.x + e.w + 4 : e.x - 4, e.y + e.h / 2 - 4,
      e.kind === 'outVariable' ? 'start' : 'end');
    const badge = forcedBadge(g, e.x + e.w + 1, e.y - 1);
    clickable(g, e, e.text);
    return () => {
      const v = bound ? live(e.text) : ev.out(e, '');
      g.dataset.value = format(v);
      val.textContent = bound ? format(v) : '';
      setLit(g, typeof v === 'boolean' ? v : 'data');
      const f = isForced(e.text);
      g.classList.toggle('forced', f);
      badge.style.display = f ? '' : 'none';
    };
  }

  function flag(e, g, ev, isConnector) {
    const d = isConnector
      ? `M${e.x},${e.y} h${e.w - 8} l8,${e.h / 2} l-8,${e.h / 2} h${-(e.w - 8)} z`
      : `M${e.x},${e.y} h${e.w} v${e.h} h${-e.w} l8,${-e.h / 2} z`;
    svg('path', { d, class: 'box' }, g);
    text(g, e.x + e.w / 2, e.y + e.h / 2 + 3, e.text || '', 'var', 'middle');
    return () => setLit(g, isConnector ? ev.pinIn(e, (e.inputs || [])[0]) : ev.out(e, ''));
  }

  function wrap(g, s, x, y, width, maxY) {
    const perLine = Math.max(8, Math.floor(width / 5));
    const words = s.replace(/\s+/g, ' ').trim().split(' ');
    let line = '';
    for (const w of words) {
      if ((line + ' ' + w).trim().length > perLine) {
        if (y > maxY) return;
        text(g, x, y, line.trim(), 'note-t', 'start');
        y += 11;
        line = w;
      } else {
        line += ' ' + w;
      }
    }
    if (line.trim() && y <= maxY + 8) text(g, x, y, line.trim(), 'note-t', 'start');
  }

  function tooltip(ref) {
    const b = binding(ref);
    if (!b) return ref || '';
    return b.path + ' = ' + exact(live(ref)) + (isForced(ref) ? ' (forced)' : '') + (b.address ? '  AT ' + b.address : '');
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
      d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true });
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
    for (const body of st.diagram.bodies) drawBody(body, main);
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
