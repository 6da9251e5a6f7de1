// The power flow and values of an LD/FBD body, computed from the live values of its variables as
// the compiler computes them: contacts in series AND, wires joined into one input OR, the standard
// functions the importer maps to operators evaluated on their pins. Three-valued: null where a value
// is unknown (no binding yet, a feedback loop, a function this page does not evaluate), so the
// drawing never shows a guess. Used by ladder-draw.js.
'use strict';

const LadderFlow = (() => {
  function literal(s) {
    if (s == null) return undefined;
    const t = String(s).trim();
    if (/^(BOOL#)?TRUE$/i.test(t)) return true;
    if (/^(BOOL#)?FALSE$/i.test(t)) return false;
    const n = t.replace(/^[A-Z]+#/i, '');
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(n.replace(/_/g, ''))) return Number(n.replace(/_/g, ''));
    return t; // TIME and other literals: shown as written
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
  // values: live(ref), the last value of a variable reference (undefined when it has none), and
  // binding(ref), its monitor binding (null for a literal).
  function makeEvaluator(body, byId, values) {
    const { live, binding } = values;
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
      // the importer's edge trigger for this contact, bound like a variable
      if (a.edge) return asBool(live('#edge' + e.id));
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

  return { makeEvaluator, asBool };
})();
