// Shared by the monitoring views: what is known about each variable (type, address), checking a
// typed value before it is sent, the write/force/unforce panel with its confirmation for physical
// outputs, and the watch list kept in localStorage. Loaded after app.js (api, on, state).
'use strict';

const Vars = {
  meta: new Map(),      // path -> {path, type, address}
  values: new Map(),    // path -> last value seen (JSON)
  cycle: 0,
};

on('variables', (vars) => {
  Vars.meta = new Map(vars.map((v) => [v.path, v]));
  for (const v of vars) if (!Vars.values.has(v.path)) Vars.values.set(v.path, v.value);
});
on('frame', (m) => {
  Vars.cycle = m.cycle;
  for (const p in m.values) Vars.values.set(p, m.values[p]);
});

function isOutput(path) {
  const m = Vars.meta.get(path);
  return !!(m && m.address && m.address.startsWith('%Q'));
}

// Puts a value into a cell: text, and the forced mark (red, F badge) drawn by CSS.
function paintValue(el, path, value) {
  const m = Vars.meta.get(path);
  el.textContent = formatValue(value, m && m.type);
  el.classList.toggle('forced', state.forced.has(path));
}

// --- checking typed values -----------------------------------------------------------------
// The server is the judge (it knows enums, subranges, string lengths); this only catches what is
// plainly wrong for the type, before a round trip, with the same kind of message.

const INT_RANGES = {
  SINT: [-128n, 127n], INT: [-32768n, 32767n], DINT: [-2147483648n, 2147483647n],
  LINT: [-9223372036854775808n, 9223372036854775807n],
  USINT: [0n, 255n], UINT: [0n, 65535n], UDINT: [0n, 4294967295n], ULINT: [0n, 18446744073709551615n],
  BYTE: [0n, 255n], WORD: [0n, 65535n], DWORD: [0n, 4294967295n], LWORD: [0n, 18446744073709551615n],
};

function valueHint(type) {
  const t = (type || '').toUpperCase();
  if (t === 'BOOL') return 'TRUE / FALSE';
  if (INT_RANGES[t]) return t + ' ' + INT_RANGES[t][0] + '…' + INT_RANGES[t][1];
  if (t === 'REAL' || t === 'LREAL') return 'e.g. 3.5';
  if (/^L?TIME$/.test(t)) return 'e.g. T#1s500ms';
  if (/^W?STRING/.test(t)) return "text, e.g. 'abc'";
  return 'value';
}

// The value of an integer literal matched in checkInput (groups: hex, octal, binary, decimal), or
// null when its underscores are misplaced (the server then says what is wrong).
function integerOf(lit) {
  const [, hex, oct, bin, dec] = lit;
  const digits = (hex || oct || bin || dec).replace(/_/g, '');
  if (!/[0-9A-F]/i.test(digits)) return null;
  try {
    if (hex !== undefined) return BigInt('0x' + digits);
    if (oct !== undefined) return BigInt('0o' + digits);
    if (bin !== undefined) return BigInt('0b' + digits);
    return BigInt(digits);
  } catch (e) {
    return null;
  }
}

// {value} ready for the API, or {error} saying what is wrong.
function checkInput(path, text) {
  const m = Vars.meta.get(path);
  const type = ((m && m.type) || '').toUpperCase();
  const t = text.trim();
  if (t === '' && !/^W?STRING/.test(type)) return { error: 'enter a value (' + valueHint(type) + ')' };
  if (type === 'BOOL') {
    if (/^(true|1)$/i.test(t)) return { value: true };
    if (/^(false|0)$/i.test(t)) return { value: false };
    return { error: path + ' is BOOL: enter TRUE or FALSE, not ' + t };
  }
  const range = INT_RANGES[type];
  if (range) {
    const lit = /^(?:[A-Z]+#)?(?:16#([0-9A-F_]+)|8#([0-7_]+)|2#([01_]+)|([+-]?[0-9_]+))$/i.exec(t);
    if (!lit) return { error: path + ' is ' + type + ': enter an integer like 42 or 16#2A, not ' + t };
    const n = integerOf(lit);
    if (n !== null && (n < range[0] || n > range[1])) {
      // a based literal is shown with its decimal value, which is what the range is given in
      return { error: path + ' is ' + type + ': ' + t + (/#/.test(t) ? ' (' + n + ')' : '') + ' is out of range '
        + range[0] + '…' + range[1] };
    }
  }
  if ((type === 'REAL' || type === 'LREAL') && !/^([A-Z]+#)?[+-]?(\d[\d_]*\.?[\d_]*|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
    return { error: path + ' is ' + type + ': enter a number like 3.5 or -1e3, not ' + t };
  }
  if (/^L?TIME$/.test(type) && !/^(L?TIME|L?T)#/i.test(t)) {
    return { error: path + ' is ' + type + ': enter a duration like T#1s500ms, not ' + t };
  }
  return { value: parseInput(text, type) };
}

// --- confirmation dialog -------------------------------------------------------------------

function confirmDialog(title, text, okLabel) {
  return new Promise((resolve) => {
    let dlg = document.getElementById('confirm-dialog');
    if (!dlg) {
      dlg = document.createElement('dialog');
      dlg.id = 'confirm-dialog';
      dlg.className = 'confirm';
      document.body.append(dlg);
    }
    const h = document.createElement('h2'); h.textContent = title;
    const p = document.createElement('p'); p.textContent = text;
    const bar = document.createElement('div'); bar.className = 'dialog-buttons';
    const cancel = document.createElement('button'); cancel.type = 'button'; cancel.className = 'btn'; cancel.textContent = 'Cancel';
    const ok = document.createElement('button'); ok.type = 'button'; ok.className = 'btn danger-fill'; ok.textContent = okLabel;
    ok.id = 'confirm-ok';
    bar.append(cancel, ok);
    dlg.replaceChildren(h, p, bar);
    const done = (answer) => { dlg.onclose = null; dlg.close(); resolve(answer); };
    cancel.onclick = () => done(false);
    ok.onclick = () => done(true);
    // Escape closes it too. The close event of the previous question is dispatched later, as a
    // task of its own: if this dialog is already open again by then, that event is not ours.
    dlg.onclose = () => { if (!dlg.open) resolve(false); };
    dlg.showModal();
    cancel.focus();   // the safe choice is the default
  });
}

// --- write / force / unforce panel ---------------------------------------------------------

// The panel for one variable: entry checked as typed, Write (one-shot), Force, Unforce, and the
// server's answer. Writing or forcing a physical output asks first.
function editPanel(path) {
  const m = Vars.meta.get(path) || { type: '' };
  const box = document.createElement('div'); box.className = 'edit';
  const input = document.createElement('input'); input.className = 'val'; input.placeholder = valueHint(m.type);
  input.setAttribute('aria-label', 'new value for ' + path);
  const cur = Vars.values.get(path);
  if (cur !== undefined && cur !== null) input.value = formatValue(cur, m.type).replace(/^'(.*)'$/s, '$1');
  const msg = document.createElement('span'); msg.className = 'msg';
  const say = (text, isError) => {
    msg.textContent = text || '';
    msg.className = 'msg ' + (isError ? 'error' : 'ok');
    input.classList.toggle('invalid', !!isError);
  };
  const mk = (label, cls, fn) => {
    const b = document.createElement('button'); b.type = 'button'; b.className = 'btn ' + cls; b.textContent = label;
    b.addEventListener('click', fn); return b;
  };
  const act = async (what) => {
    say('');
    try {
      if (what === 'unforce') {
        await api('POST', '/api/unforce', { path });
        say('Unforced', false);
      } else {
        const c = checkInput(path, input.value);
        if (c.error) { say(c.error, true); return; }
        if (isOutput(path)) {
          const verb = what === 'force' ? 'Force' : 'Write';
          const ok = await confirmDialog(verb + ' output ' + m.address + '?',
            path + ' is the physical output ' + m.address + '. ' + verb + ' it to ' + formatValue(c.value, m.type) +
            (what === 'force' ? '? It holds this value, whatever the program does, until unforced.'
              : '? The plant sees this value at the next cycle.'), verb + ' output');
          if (!ok) { say('Cancelled', false); return; }
        }
        await api('POST', '/api/' + what, { path, value: c.value });
        say(what === 'write' ? 'Written (applied at the next cycle)' : 'Forced', false);
      }
      if (what !== 'write') await refreshForces();
    } catch (e) {
      say(e.message, true);
    }
  };
  input.addEventListener('input', () => {
    const c = input.value.trim() === '' ? {} : checkInput(path, input.value);
    say(c.error || '', !!c.error);
  });
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter' && can('write')) act('write'); });
  const unforce = mk('Unforce', '', () => act('unforce'));
  unforce.disabled = !state.forced.has(path);
  // Only the actions the user's role may take (app.js can()); a viewer watches.
  const buttons = [];
  if (can('write')) buttons.push(mk('Write', '', () => act('write')));
  if (can('force')) buttons.push(mk('Force', 'danger', () => act('force')), unforce);
  if (!buttons.length) {
    input.readOnly = true;
    say('The ' + roleLabel() + ' role watches only: writing needs operator, forcing engineer.', false);
  }
  box.append(input, ...buttons, msg);
  box.syncForced = () => { unforce.disabled = !state.forced.has(path); };
  return box;
}

// --- watch list ----------------------------------------------------------------------------

const Watch = {
  paths: [],
  listeners: [],
  key() { return 'ringplc.watch.' + ((state.status && state.status.project) || ''); },
  load() {
    try { this.paths = JSON.parse(localStorage.getItem(this.key()) || '[]').filter((p) => typeof p === 'string'); } catch (e) { this.paths = []; }
    this.changed();
  },
  save() { try { localStorage.setItem(this.key(), JSON.stringify(this.paths)); } catch (e) { /* private mode */ } },
  has(path) { return this.paths.includes(path); },
  toggle(path) {
    if (this.has(path)) this.paths = this.paths.filter((p) => p !== path); else this.paths.push(path);
    this.save();
    this.changed();
  },
  changed() { for (const fn of this.listeners) fn(); subscribe(); },
};
