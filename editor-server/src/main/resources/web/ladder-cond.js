// The value of an SFC transition's ST condition (`Fill.T >= T#1s AND NOT Hold`), computed in the
// page from the live values of the variables it reads, for the conditions the compiler keeps no
// variable of (an inline ST expression, a named transition whose body is one expression). Like the
// LD power flow (ladder-flow.js) it is computed from one frame, that is one consistent cycle.
//
// Only what can be computed exactly is: variables, TRUE/FALSE, numbers and TIME literals, NOT,
// AND/&, XOR, OR, and the comparisons = <> < <= > >=, with ST's precedence. Anything else
// (arithmetic, whose overflow follows the variables' types; function calls; array elements;
// strings) makes the whole condition unknown, drawn as such rather than guessed. Three-valued like
// ladder-flow.js: null where a value is unknown.
'use strict';

const LadderCond = (() => {
  const UNITS = { d: 86400000000000n, h: 3600000000000n, m: 60000000000n, s: 1000000000n, ms: 1000000n, us: 1000n, ns: 1n };

  // A TIME as nanoseconds (BigInt): `T#1s500ms`, `TIME#-2m`, `LT#1.5s` is not exact, so null.
  function timeNs(text) {
    const m = /^(?:L?TIME|L?T)#(-)?([0-9a-z_]+)$/i.exec(String(text).trim());
    if (!m) return null;
    const parts = m[2].replace(/_/g, '').toLowerCase().match(/\d+(ms|us|ns|d|h|m|s)/g);
    if (!parts || parts.join('') !== m[2].replace(/_/g, '').toLowerCase()) return null;
    let ns = 0n;
    for (const p of parts) {
      const u = /(ms|us|ns|d|h|m|s)$/.exec(p)[1];
      ns += BigInt(p.slice(0, p.length - u.length)) * UNITS[u];
    }
    return m[1] ? -ns : ns;
  }

  // A live value as an operand: {k: 'bool' | 'num' | 'time', v}, or null when it is none of these.
  function operand(v) {
    if (typeof v === 'boolean') return { k: 'bool', v };
    if (typeof v === 'number') return { k: 'num', v };
    if (typeof v === 'string') {
      const ns = timeNs(v);
      if (ns !== null) return { k: 'time', v: ns };
    }
    return null;
  }

  const TOKEN = /\s*(?:(\(\*[\s\S]*?\*\))|((?:L?TIME|L?T)#-?[0-9a-z_]+)|([A-Za-z_]\w*#[+-]?[\d_.eE+-]+)|(\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)|(<>|<=|>=|[()=<>&]))/iy;

  function tokenize(src) {
    const out = [];
    TOKEN.lastIndex = 0;
    let at = 0;
    const text = String(src).replace(/;\s*$/, '');
    while (at < text.length) {
      if (/^\s*$/.test(text.slice(at))) break;
      TOKEN.lastIndex = at;
      const m = TOKEN.exec(text);
      if (!m) return null; // an operator or literal this page does not evaluate
      at = TOKEN.lastIndex;
      if (m[1]) continue; // a comment
      if (m[2]) out.push({ lit: { k: 'time', v: timeNs(m[2]) } });
      else if (m[3]) {
        const [type, val] = m[3].split('#');
        if (/^BOOL$/i.test(type) || /^L?TIME$|^L?T$/i.test(type)) return null;
        const n = Number(val.replace(/_/g, ''));
        if (!Number.isFinite(n)) return null;
        out.push({ lit: { k: 'num', v: n } });
      } else if (m[4]) out.push({ lit: { k: 'num', v: Number(m[4].replace(/_/g, '')) } });
      else if (m[5]) {
        const w = m[5].replace(/\s+/g, '');
        const up = w.toUpperCase();
        if (up === 'TRUE' || up === 'FALSE') out.push({ lit: { k: 'bool', v: up === 'TRUE' } });
        else if (up === 'AND' || up === 'OR' || up === 'XOR' || up === 'NOT') out.push({ op: up });
        else if (up === 'MOD') return null;
        else out.push({ ref: w });
      } else out.push({ op: m[6] === '&' ? 'AND' : m[6] });
      if (out.some((t) => t.lit && t.lit.v === null)) return null;
    }
    return out;
  }

  // Recursive descent in ST's precedence: OR < XOR < AND < = <> < relational < NOT < primary.
  // Returns an operand, null for unknown, or throws when the text is outside what is evaluated.
  function evaluate(src, live, binding) {
    const toks = tokenize(src);
    if (!toks || toks.length === 0) return undefined; // outside what is evaluated
    let i = 0;
    const peek = () => toks[i];
    const isOp = (op) => peek() && peek().op === op;
    const fail = () => { throw new Error('not evaluated'); };
    const bool = (x) => x === null ? null : x.k === 'bool' ? x.v : fail();

    function binary(next, ops, f) {
      let left = next();
      while (peek() && ops.includes(peek().op)) {
        const op = toks[i++].op;
        left = f(op, left, next());
      }
      return left;
    }
    const logic = (op, a, b) => {
      const x = bool(a);
      const y = bool(b);
      let v;
      if (op === 'AND') v = x === false || y === false ? false : x === true && y === true ? true : null;
      else if (op === 'OR') v = x === true || y === true ? true : x === false && y === false ? false : null;
      else v = x === null || y === null ? null : x !== y;
      return v === null ? null : { k: 'bool', v };
    };
    const compare = (op, a, b) => {
      if (a === null || b === null) return null;
      if (a.k !== b.k) fail();
      if (a.k === 'bool' && !(op === '=' || op === '<>')) fail();
      const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      const v = { '=': c === 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op];
      return { k: 'bool', v };
    };
    const or = () => binary(xor, ['OR'], logic);
    const xor = () => binary(and, ['XOR'], logic);
    const and = () => binary(equality, ['AND'], logic);
    const equality = () => binary(relational, ['=', '<>'], compare);
    const relational = () => binary(unary, ['<', '<=', '>', '>='], compare);
    function unary() {
      if (isOp('NOT')) {
        i++;
        const x = bool(unary());
        return x === null ? null : { k: 'bool', v: !x };
      }
      return primary();
    }
    function primary() {
      const t = toks[i++];
      if (!t) fail();
      if (t.op === '(') {
        const v = or();
        if (!isOp(')')) fail();
        i++;
        return v;
      }
      if (t.lit) return t.lit;
      if (t.ref) {
        if (!binding(t.ref)) fail(); // not a variable: a constant, an enum value, ...
        const v = live(t.ref);
        if (v === undefined || v === null) return null;
        return operand(v) || fail();
      }
      return fail();
    }

    try {
      const v = or();
      if (i !== toks.length) return undefined;
      return v === null ? null : v.k === 'bool' ? v.v : undefined;
    } catch (e) {
      return undefined;
    }
  }

  // Whether the page can evaluate `src` at all (its shape, not its current value); the view says
  // nothing about a condition it cannot evaluate, rather than showing it unknown forever.
  function supported(src, binding) {
    return evaluate(src, () => null, binding) !== undefined;
  }

  return {
    // true/false, null while a value it needs is unknown, undefined when the page cannot evaluate it
    evaluate,
    supported,
    timeNs,
  };
})();
