// Drawing the LD, FBD and SFC bodies of the online diagram page (ladder.js) as SVG: every element
// where the editor that saved the file placed it, wires routed between pins, and per element an
// update that lights it from the values of the current frame (ladder-flow.js computes the flow).
// Every name or value from the project goes into the drawing as text, never as markup.
'use strict';

// page: what the drawing reads from the page: st (the diagram shown; each drawn body is added to
// st.views), binding/live/isForced (a variable reference's monitor binding, last value and force),
// format/exact (a value as text, short and exact), openMenu (the force menu of a clicked element)
// and applyZoom (sizes a newly drawn body).
function ladderDrawing(page) {
  const { st, binding, live, isForced, format, exact, openMenu, applyZoom } = page;
  const SVG = 'http://www.w3.org/2000/svg';
  const MARGIN_LEFT = 44;      // room for the rung numbers left of the left rail
  const MARGIN = 24;
  const PIN_FIRST = 30;        // a block's first pin below its top edge, then one every PIN_STEP
  const PIN_STEP = 20;

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
    const evaluator = LadderFlow.makeEvaluator(body, byId, { live, binding });
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
        setLit(g, v === undefined ? ev.powerIn(e) : LadderFlow.asBool(v));
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
        const x = LadderFlow.asBool(live(e.text + '.X'));
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
    transition(e, g) {
      const cx = e.x + e.w / 2;
      svg('line', { x1: cx, y1: e.y - 4, x2: cx, y2: e.y + e.h + 4, class: 'lead' }, g);
      svg('rect', { x: e.x, y: e.y - 1, width: e.w, height: Math.max(e.h, 3), class: 'tbar' }, g);
      const label = e.text || '';
      const prio = e.attrs && e.attrs.priority ? ' [' + e.attrs.priority + ']' : '';
      if (label || prio) text(g, e.x + e.w + 6, e.y + 4, (label || '') + prio, 'cond', 'start');
      // The condition's value is the one the program computed: the compiler keeps every
      // transition's condition (inline ST, named, LD/FBD-wired) in a hidden BOOL, bound as
      // #cond<localId>. Nothing is recomputed here, so any expression the compiler accepts
      // (arithmetic, function calls) is shown exactly as the program saw it.
      const expression = (e.attrs && e.attrs.expression) || e.text;
      const source = binding('#cond' + e.id) ? 'compiler' : 'none';
      g.dataset.source = source;
      const tip = svg('title', {}, g);
      return () => {
        let v = source === 'compiler' ? LadderFlow.asBool(live('#cond' + e.id)) : undefined;
        v = v === undefined ? null : v;
        setLit(g, v);
        tip.textContent = (expression || '') + (source === 'none' ? ' (not evaluated in this view)' : ' = ' + exact(v));
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
        const flags = '#action' + e.id + '_' + i;
        const b = a.name ? binding(a.name) : null;
        if (binding(flags + '.q')) {
          // an action with a body: its action-control flags, which the program computes every
          // cycle (forcing them would not hold, so the line is not a force target)
          const tip = svg('title', {}, row);
          parts.push({ row, flags, tip });
        } else if (b && /^BOOL$/i.test(b.type)) {
          clickable(row, e, a.name);
          parts.push({ row, a });
        }
      });
      return () => {
        for (const p of parts) {
          if (p.flags) {
            actionState(p);
          } else {
            setLit(p.row, LadderFlow.asBool(live(p.a.name)));
            p.row.classList.toggle('forced', isForced(p.a.name));
          }
        }
      };
    },
  };

  // An action line by its flags: running while Q is TRUE; A TRUE with Q FALSE is the final run,
  // the one cycle after Q falls in which the body runs once more to undo what it did. That cycle is
  // shown only as sampled: a frame (10 per second) shows one consistent cycle, so the final run is
  // seen every time when the task's period is at least the frame period, and for a faster task only
  // when a frame happens to fall into it. Holding it on screen longer would show a state the
  // program has already left, and a Q that falls and rises between two frames has no final run.
  function actionState(p) {
    const q = LadderFlow.asBool(live(p.flags + '.q'));
    const a = LadderFlow.asBool(live(p.flags + '.a'));
    const finalRun = q === false && a === true;
    setLit(p.row, q);
    p.row.classList.toggle('final', finalRun);
    p.row.dataset.state = q === true ? 'running' : finalRun ? 'final' : q === false ? 'idle' : 'unknown';
    const qb = binding(p.flags + '.q');
    p.tip.textContent = qb.path.replace(/\.Q$/i, '') + ': Q = ' + exact(live(p.flags + '.q'))
      + ', A = ' + exact(live(p.flags + '.a')) + (finalRun ? ' (final run)' : '');
  }

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

  return { drawBody };
}
