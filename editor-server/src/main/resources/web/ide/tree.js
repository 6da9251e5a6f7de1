// The monitoring tree: tasks -> program instances -> FB instances / structs / arrays -> leaves
// with live values. Rendered lazily: a node's children exist in the page only while it is open,
// and only leaves in the page (plus the watch list and trends) are subscribed, so a project with
// thousands of variables costs what is on screen. A filter or "forced only" shows matching leaves
// as a flat list instead.
'use strict';

const Tree = (() => {
  const PAGE = 200;            // children rendered per "show more" step
  const MAX_RESULTS = 300;     // flat filter results; refine the filter for more
  let project = null;          // GET /api/project
  let root = null;
  let leafCount = 0;
  const open = new Set(['task:*']);   // ids of open nodes; tasks and instances start open
  const cells = new Map();     // path -> value element in the page
  const editors = new Map();   // path -> open edit panel

  // 'Main.fb.Q' -> ['Main', 'fb', 'Q']; 'Main.m[1,2].x' -> ['Main', 'm', '[1,2]', 'x']
  function split(path) {
    const out = [];
    let cur = '';
    let depth = 0;
    for (const ch of path) {
      if (ch === '[') depth++;
      if (ch === ']') depth--;
      if (ch === '.' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    const segs = [];
    for (const s of out) {
      const m = /^([^[]*)((\[[^\]]*\])*)$/.exec(s);
      if (!m || !m[2]) { segs.push(s); continue; }
      if (m[1]) segs.push(m[1]);
      for (const b of m[2].match(/\[[^\]]*\]/g)) segs.push(b);
    }
    return segs;
  }

  function node(kind, name, id, parent) {
    return { kind, name, id, parent, children: new Map(), leaves: 0, path: null };
  }

  function child(parent, kind, name) {
    const key = name.toLowerCase();
    let n = parent.children.get(key);
    if (!n) {
      n = node(kind, name, parent.id + '/' + name, parent);
      parent.children.set(key, n);
    }
    return n;
  }

  function build(vars) {
    root = node('root', '', '', null);
    const instances = new Map();
    const tasks = (project && project.tasks) || [];
    for (const t of tasks) {
      const tn = child(root, 'task', t.name);
      tn.task = t;
      for (const p of t.programs) {
        const inst = child(tn, 'instance', p.instance);
        inst.program = p.program;
        instances.set(p.instance.toLowerCase(), inst);
      }
    }
    leafCount = vars.length;
    for (const v of vars) {
      const segs = split(v.path);
      let at;
      let rest;
      const inst = instances.get(segs[0].toLowerCase());
      if (inst) { at = inst; rest = segs.slice(1); } else if (tasks.length && segs.length >= 1) {
        at = child(root, 'globals', 'Globals');
        rest = segs;
      } else {
        // no project model (loose run): the first part of a path is the instance
        at = child(root, 'instance', segs[0]);
        rest = segs.slice(1);
      }
      for (let i = 0; i < rest.length - 1; i++) {
        at = child(at, rest[i + 1].startsWith('[') ? 'array' : 'group', rest[i]);
      }
      const leaf = child(at, 'leaf', rest.length ? rest[rest.length - 1] : segs[segs.length - 1]);
      leaf.path = v.path;
    }
    countUp(root);
  }

  function countUp(n) {
    if (n.kind === 'leaf') return 1;
    let c = 0;
    for (const ch of n.children.values()) c += countUp(ch);
    n.leaves = c;
    return c;
  }

  function isOpen(n) {
    if (open.has(n.id)) return true;
    if (open.has('closed:' + n.id)) return false;
    return n.kind === 'task' || (n.kind === 'instance' && n.parent && n.parent.kind === 'task') ||
      (n.kind === 'globals') || (n.kind === 'instance' && root.children.size === 1);
  }

  // --- rendering ---------------------------------------------------------------------------

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function leafRow(n, depth, showPath) {
    const path = n.path;
    const m = Vars.meta.get(path) || {};
    const row = el('div', 'trow tleaf');
    row.dataset.path = path;
    row.style.paddingLeft = (depth * 16 + 22) + 'px';
    const name = el('span', 'tname', showPath ? path : n.name);
    name.title = path;
    const type = el('span', 'ttype', m.type || '');
    const addr = el('span', 'taddr', m.address || '');
    if (m.address && m.address.startsWith('%Q')) addr.classList.add('out');
    const val = el('span', 'tval');
    paintValue(val, path, Vars.values.get(path));
    cells.set(path, val);
    const tools = el('span', 'ttools');
    const star = el('button', 'icon star', Watch.has(path) ? '★' : '☆');
    star.type = 'button';
    star.title = 'watch list';
    star.setAttribute('aria-label', 'watch ' + path);
    star.addEventListener('click', (e) => { e.stopPropagation(); Watch.toggle(path); });
    const trend = el('button', 'icon trend', '∿');
    trend.type = 'button';
    trend.title = 'add to trend';
    trend.setAttribute('aria-label', 'trend ' + path);
    trend.addEventListener('click', (e) => { e.stopPropagation(); if (typeof Trend !== 'undefined') Trend.add(path); });
    tools.append(star, trend);
    row.append(name, type, addr, val, tools);
    row.addEventListener('click', () => toggleEditor(row, path));
    keyboard(row);
    return row;
  }

  // Rows are reachable with Tab and act on Enter or Space, like the buttons they stand for;
  // arrow keys move between rows.
  function keyboard(row) {
    row.tabIndex = 0;
    row.setAttribute('role', 'treeitem');
    row.addEventListener('keydown', (e) => {
      if (e.target !== row) return;
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); row.click(); }
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const rows = [...document.querySelectorAll('#tree .trow')];
        const next = rows[rows.indexOf(row) + (e.key === 'ArrowDown' ? 1 : -1)];
        if (next) next.focus();
      }
    });
  }

  function toggleEditor(row, path) {
    const open = editors.get(path);
    if (open && open.isConnected) { open.remove(); editors.delete(path); return; }
    const panel = editPanel(path);
    panel.classList.add('tedit');
    panel.style.paddingLeft = row.style.paddingLeft;
    row.after(panel);
    editors.set(path, panel);
    panel.querySelector('input').focus();
  }

  function groupRow(n, depth) {
    const row = el('div', 'trow tgroup k-' + n.kind);
    row.style.paddingLeft = (depth * 16 + 4) + 'px';
    row.dataset.id = n.id;
    const caret = el('span', 'caret', isOpen(n) ? '▾' : '▸');
    const name = el('span', 'tname', n.name);
    row.append(caret, name);
    if (n.kind === 'task') {
      const info = el('span', 'tinfo');
      info.dataset.task = n.name;
      row.append(info);
      if (state.status) paintTask(info, state.status);
    } else if (n.kind === 'instance' && n.program) {
      row.append(el('span', 'tkind', n.program));
    }
    row.append(el('span', 'tcount', n.leaves + (n.leaves === 1 ? ' variable' : ' variables')));
    const kids = el('div', 'tkids');
    row.setAttribute('aria-expanded', String(isOpen(n)));
    row.addEventListener('click', () => {
      if (isOpen(n)) { open.delete(n.id); open.add('closed:' + n.id); } else { open.delete('closed:' + n.id); open.add(n.id); }
      caret.textContent = isOpen(n) ? '▾' : '▸';
      row.setAttribute('aria-expanded', String(isOpen(n)));
      fill(kids, n, depth + 1);
      subscribe();
    });
    keyboard(row);
    fill(kids, n, depth + 1);
    return [row, kids];
  }

  function fill(container, n, depth) {
    forget(container);
    container.replaceChildren();
    if (!isOpen(n)) return;
    appendChildren(container, [...n.children.values()], 0, depth);
  }

  function appendChildren(container, list, from, depth) {
    const end = Math.min(list.length, from + PAGE);
    for (let i = from; i < end; i++) {
      const c = list[i];
      if (c.kind === 'leaf') container.append(leafRow(c, depth, false));
      else container.append(...groupRow(c, depth));
    }
    if (end < list.length) {
      const more = el('button', 'btn more', 'show ' + Math.min(PAGE, list.length - end) + ' more of ' + (list.length - end));
      more.type = 'button';
      more.style.marginLeft = (depth * 16 + 22) + 'px';
      more.addEventListener('click', () => { more.remove(); appendChildren(container, list, end, depth); subscribe(); });
      container.append(more);
    }
  }

  // Drops the value cells of rows leaving the page, so they are no longer subscribed.
  function forget(container) {
    for (const r of container.querySelectorAll('.tleaf')) cells.delete(r.dataset.path);
    for (const r of container.querySelectorAll('.tedit')) r.remove();
  }

  function render() {
    const host = $('tree');
    forget(host);
    host.replaceChildren();
    if (!root) return;
    const f = $('filter').value.trim().toLowerCase();
    const onlyForced = $('only-forced').checked;
    if (f || onlyForced) {
      const hits = [];
      for (const m of Vars.meta.values()) {
        if ((!f || m.path.toLowerCase().includes(f)) && (!onlyForced || state.forced.has(m.path))) hits.push(m.path);
      }
      for (const p of hits.slice(0, MAX_RESULTS)) host.append(leafRow({ path: p, name: p }, 0, true));
      if (hits.length > MAX_RESULTS) host.append(el('p', 'more-hint', (hits.length - MAX_RESULTS) + ' more match; refine the filter'));
      if (!hits.length) host.append(el('p', 'empty', 'No variable matches.'));
      $('count').textContent = hits.length + ' of ' + leafCount + ' variables';
    } else {
      appendChildren(host, [...root.children.values()], 0, 0);
      $('count').textContent = leafCount + ' variables';
    }
    subscribe();
  }

  function paintTask(info, s) {
    const t = (s.tasks || []).find((x) => x.name === info.dataset.task);
    info.textContent = t ? taskTiming(t) + ' · ' + t.state : '';
    info.dataset.state = t ? t.state : '';
  }

  function paintTasks(s) {
    for (const info of document.querySelectorAll('#tree .tinfo')) paintTask(info, s);
  }

  on('start', async () => {
    try { project = await api('GET', '/api/project'); } catch (e) { project = null; }
  });
  let shape = null;   // the paths the tree was built from; rebuilt only when they change
  on('variables', (vars) => {
    const now = vars.map((v) => v.path).join('\n');
    if (now === shape && $('tree').firstChild) return;
    shape = now;
    build(vars);
    render();
  });
  on('frame', (m) => {
    for (const p in m.values) {
      const c = cells.get(p);
      if (c) paintValue(c, p, m.values[p]);
    }
  });
  on('forces', () => {
    for (const [p, c] of cells) paintValue(c, p, Vars.values.get(p));
    for (const panel of editors.values()) if (panel.syncForced) panel.syncForced();
    if ($('only-forced').checked) render();
  });
  on('status', paintTasks);
  Watch.listeners.push(() => {
    for (const r of document.querySelectorAll('#tree .tleaf')) {
      r.querySelector('.star').textContent = Watch.has(r.dataset.path) ? '★' : '☆';
    }
  });
  wantPaths(() => ({ paths: [...cells.keys()] }));

  document.addEventListener('DOMContentLoaded', () => {
    let timer = null;
    $('filter').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(render, 150); });
    $('only-forced').addEventListener('change', render);
  });

  // After a deploy: the tasks, instances and variables may all have changed.
  async function reload() {
    try { project = await api('GET', '/api/project'); } catch (e) { /* keep the old one */ }
    shape = null;
    await loadVariables();
  }

  return { split, render, reload };
})();
