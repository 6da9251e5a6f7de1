// The side panels of the monitor view: the task status (state, cycle times, overruns, the fault
// with its ST location and a Restart button), the watch list (pinned variables, kept in
// localStorage per project) and the I/O drivers with their counters.
'use strict';

(() => {
  const cells = new Map();      // path -> value element of the watch list
  let loadedFor = null;          // the project whose watch list is loaded

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderWatch() {
    const body = $('watch-body');
    cells.clear();
    body.replaceChildren();
    $('watch-empty').hidden = Watch.paths.length > 0;
    $('watch-table').hidden = Watch.paths.length === 0;
    for (const path of Watch.paths) {
      const m = Vars.meta.get(path);
      const tr = el('tr', 'wrow');
      tr.dataset.path = path;
      const name = el('td', 'wpath', path);
      if (!m) { name.classList.add('gone'); name.title = 'not in the running program'; }
      const val = el('td', 'tval');
      paintValue(val, path, Vars.values.get(path));
      cells.set(path, val);
      const tools = el('td', 'wtools');
      const edit = el('button', 'icon', '✎'); edit.type = 'button'; edit.title = 'write / force';
      edit.setAttribute('aria-label', 'edit ' + path);
      const drop = el('button', 'icon', '×'); drop.type = 'button'; drop.title = 'remove from the watch list';
      drop.setAttribute('aria-label', 'unwatch ' + path);
      drop.addEventListener('click', () => Watch.toggle(path));
      edit.addEventListener('click', () => {
        const next = tr.nextElementSibling;
        if (next && next.classList.contains('wedit')) { next.remove(); return; }
        const row = el('tr', 'wedit');
        const td = el('td'); td.colSpan = 3;
        td.append(editPanel(path));
        row.append(td);
        tr.after(row);
        td.querySelector('input').focus();
      });
      tools.append(edit, drop);
      tr.append(name, val, tools);
      body.append(tr);
    }
  }

  function renderTasks(s) {
    const box = $('task-list');
    box.replaceChildren();
    for (const t of s.tasks || []) {
      const card = el('div', 'task-card');
      card.dataset.task = t.name;
      card.dataset.state = t.state;
      const head = el('div', 'task-head');
      head.append(el('span', 'task-name', t.name), el('span', 'badge state-' + t.state, t.state),
        el('span', 'task-period', taskTiming(t)));
      const figures = el('div', 'task-figures',
        'cycle #' + t.cycles + ' · last ' + t.lastUs + ' µs · max ' + t.maxUs + ' µs · overruns ' + t.overruns);
      if (t.overruns > 0) figures.classList.add('warn');
      card.append(head, figures);
      if (t.fault) {
        const f = el('div', 'task-fault', t.fault);
        card.append(f);
      }
      if (t.state !== 'RUN') {
        const b = el('button', 'btn primary', 'Restart');
        b.type = 'button';
        b.addEventListener('click', async () => {
          b.disabled = true;
          try { renderStatus(await api('POST', '/api/plc/start')); } catch (e) { showNotice('Restart refused: ' + e.message); }
          b.disabled = false;
        });
        card.append(b);
      }
      box.append(card);
    }
    const drivers = s.drivers || [];
    const io = $('io-list');
    io.replaceChildren();
    $('io-panel').hidden = drivers.length === 0 && !s.ioBackend;
    if (s.ioBackend) {
      const b = el('div', 'io-backend', 'backend: ' + s.ioBackend);
      if (s.ioBackendReason) b.title = s.ioBackendReason;
      io.append(b);
    }
    for (const d of drivers) {
      const card = el('div', 'io-card');
      if (d.errors > 0) card.classList.add('fault');
      card.append(el('div', 'io-name', d.name + ' · ' + d.type + (d.address ? ' · ' + d.address : '')),
        el('div', 'io-figures', 'in ' + d.received + ' · out ' + d.sent + ' · rejected ' + d.rejected + ' · errors ' + d.errors));
      if (d.lastError) card.append(el('div', 'io-error', d.lastError));
      for (const line of d.details || []) card.append(el('div', 'io-detail', line));
      io.append(card);
    }
  }

  on('status', (s) => {
    if (loadedFor !== s.project) { loadedFor = s.project; Watch.load(); }
    renderTasks(s);
  });
  on('variables', renderWatch);
  on('frame', (m) => {
    for (const p in m.values) {
      const c = cells.get(p);
      if (c) paintValue(c, p, m.values[p]);
    }
  });
  on('forces', () => { for (const [p, c] of cells) paintValue(c, p, Vars.values.get(p)); });
  Watch.listeners.push(renderWatch);
  wantPaths(() => ({ paths: Watch.paths }));
})();
