// The editor view: the project's files, Structured Text with highlighting (st-mode.js), the real
// compiler's diagnostics inline while typing (POST /api/check with the unsaved files, debounced),
// save (PUT /api/files/...) and deploy online (POST /api/deploy with the project as a zip) with
// its compile report.
'use strict';

const Editor = (() => {
  const CHECK_DELAY_MS = 600;       // after the last keystroke; a compile takes tens of ms
  const docs = new Map();            // path -> {doc, savedGen, marks: []}
  let cm = null;
  let current = null;
  let files = [];
  let diagnostics = [];
  let checkTimer = null;
  let checkSeq = 0;
  let loaded = false;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function modeOf(path) {
    if (/\.st$/i.test(path)) return 'iec-st';
    if (/\.ya?ml$/i.test(path)) return 'yaml';
    return null;
  }

  function dirty(path) {
    const d = docs.get(path);
    return !!d && !d.doc.isClean(d.savedGen);
  }

  function ensureEditor() {
    if (cm || typeof CodeMirror === 'undefined') return;
    cm = CodeMirror($('code-host'), {
      lineNumbers: true, indentUnit: 4, tabSize: 4, indentWithTabs: false,
      gutters: ['diag-gutter', 'CodeMirror-linenumbers'],
      extraKeys: { 'Ctrl-S': () => save(current), 'Cmd-S': () => save(current) },
    });
    cm.on('changes', () => { renderFiles(); schedule(); });
  }

  // What runs may be a version deployed from elsewhere (GET /api/project's 'deployed'); the files here
  // are the project directory's sources, so say when they are not what runs.
  async function showVersion() {
    let project;
    try { project = await api('GET', '/api/project'); } catch (e) { return; }
    const note = $('version-note');
    const d = project.deployed;
    if (!d || d.sourcesMatch) { note.hidden = true; return; }
    note.textContent = 'Running: the version deployed ' + d.deployed.replace('T', ' ').replace('Z', ' UTC') + ' by ' + d.user +
      ', which differs from these files. Deploying from here replaces it with these files.';
    note.hidden = false;
  }

  async function loadFiles() {
    showVersion();
    let listing;
    try { listing = await api('GET', '/api/files'); } catch (e) { $('files-empty').textContent = e.message; $('files-empty').hidden = false; return; }
    loaded = true;
    if (!listing.editable) {
      $('files-empty').textContent = listing.reason;
      $('files-empty').hidden = false;
      $('btn-deploy').disabled = true;
      return;
    }
    files = listing.files.map((f) => f.path);
    renderFiles();
    if (!current) {
      // the project's own sources before those of a sub-project (a simulated plant)
      const first = files.find((f) => /^src\/.*\.st$/i.test(f)) || files.find((f) => /\.st$/i.test(f)) || files[0];
      if (first) await open(first);
    }
    schedule(0);
  }

  function renderFiles() {
    const ul = $('file-list');
    ul.replaceChildren();
    for (const f of files) {
      const li = el('li', 'file' + (f === current ? ' active' : ''));
      li.dataset.path = f;
      li.append(el('span', 'fname', f));
      const n = diagnostics.filter((d) => d.file === f && d.severity === 'error').length;
      if (n) li.append(el('span', 'badge err', String(n)));
      if (dirty(f)) li.append(el('span', 'dirty', '●'));
      li.addEventListener('click', () => open(f));
      ul.append(li);
    }
    $('btn-save').disabled = !current || !dirty(current);
  }

  async function open(path) {
    ensureEditor();
    if (!cm) return;
    let d = docs.get(path);
    if (!d) {
      let file;
      try { file = await api('GET', '/api/files/' + path.split('/').map(encodeURIComponent).join('/')); } catch (e) {
        showProblemsMessage('Cannot open ' + path + ': ' + e.message);
        return;
      }
      const doc = CodeMirror.Doc(file.text, modeOf(path));
      d = { doc, savedGen: doc.changeGeneration(true), marks: [] };
      docs.set(path, d);
    }
    current = path;
    cm.swapDoc(d.doc);
    $('file-name').textContent = path;
    paintMarks();
    renderFiles();
    cm.refresh();
  }

  async function save(path) {
    if (!path || !dirty(path)) return true;
    const d = docs.get(path);
    const gen = d.doc.changeGeneration(true);
    try {
      await api('PUT', '/api/files/' + path.split('/').map(encodeURIComponent).join('/'), { text: d.doc.getValue() });
      d.savedGen = gen;
      renderFiles();
      return true;
    } catch (e) {
      showProblemsMessage('Not saved: ' + e.message);
      return false;
    }
  }

  // --- diagnostics -----------------------------------------------------------------------------

  function schedule(delay) {
    clearTimeout(checkTimer);
    $('check-state').textContent = 'checking…';
    $('check-state').dataset.state = 'busy';
    checkTimer = setTimeout(check, delay === undefined ? CHECK_DELAY_MS : delay);
  }

  async function check() {
    const seq = ++checkSeq;
    const edited = {};
    for (const [p, d] of docs) if (dirty(p)) edited[p] = d.doc.getValue();
    let report;
    try { report = await api('POST', '/api/check', { files: edited }); } catch (e) {
      if (seq !== checkSeq) return;
      $('check-state').textContent = 'check failed: ' + e.message;
      $('check-state').dataset.state = 'error';
      return;
    }
    if (seq !== checkSeq) return;     // an older answer overtaken by newer typing
    diagnostics = report.diagnostics;
    const st = $('check-state');
    if (report.errors === 0) {
      st.textContent = '✓ compiles' + (report.warnings ? ', ' + report.warnings + ' warning(s)' : '');
      st.dataset.state = 'ok';
    } else {
      st.textContent = report.errors + ' error' + (report.errors === 1 ? '' : 's') +
        (report.warnings ? ', ' + report.warnings + ' warning(s)' : '');
      st.dataset.state = 'error';
    }
    renderProblems(report);
    paintMarks();
    renderFiles();
  }

  function paintMarks() {
    if (!cm || !current) return;
    const d = docs.get(current);
    for (const m of d.marks) m.clear();
    d.marks = [];
    cm.clearGutter('diag-gutter');
    for (const x of diagnostics) {
      if (x.file !== current) continue;
      const line = x.line - 1;
      if (line < 0 || line >= d.doc.lineCount()) continue;
      const from = { line, ch: Math.max(0, x.column - 1) };
      const to = { line, ch: Math.max(0, x.column - 1) + Math.max(1, x.length) };
      d.marks.push(d.doc.markText(from, to, { className: 'diag-' + x.severity, attributes: { title: x.message } }));
      const g = el('span', 'diag-dot diag-dot-' + x.severity, x.severity === 'error' ? '●' : '▲');
      g.title = x.message;
      cm.setGutterMarker(line, 'diag-gutter', g);
    }
  }

  function showProblemsMessage(text) {
    const box = $('problems');
    box.replaceChildren(el('p', 'error', text));
  }

  function renderProblems(report) {
    const box = $('problems');
    box.replaceChildren();
    for (const p of report.problems || []) box.append(el('div', 'problem error', p));
    for (const d of report.diagnostics) {
      const row = el('div', 'problem ' + d.severity);
      row.append(el('span', 'where', d.file + ':' + d.line + ':' + d.column), el('span', 'sev', d.severity),
        el('span', 'text', d.message));
      row.addEventListener('click', async () => {
        await open(d.file);
        cm.setCursor({ line: d.line - 1, ch: d.column - 1 });
        cm.focus();
      });
      box.append(row);
    }
  }

  // --- deploy ----------------------------------------------------------------------------------

  async function deploy() {
    const ok = await confirmDialog('Deploy online?',
      'Saves the open files and loads this project into the running PLC as an online change: the tasks keep ' +
      'running and keep their values and forces where the declarations allow.', 'Deploy');
    if (!ok) return;
    const rep = $('deploy-report');
    rep.hidden = false;
    rep.replaceChildren(el('p', null, 'Deploying…'));
    for (const p of docs.keys()) if (!(await save(p))) { rep.replaceChildren(el('p', 'error', 'Deploy cancelled: a file could not be saved.')); return; }
    const entries = [];
    try {
      const listing = await api('GET', '/api/files');
      for (const f of listing.files) {
        const d = docs.get(f.path);
        const text = d ? d.doc.getValue()
          : (await api('GET', '/api/files/' + f.path.split('/').map(encodeURIComponent).join('/'))).text;
        entries.push({ name: f.path, text });
      }
    } catch (e) {
      rep.replaceChildren(el('p', 'error', 'Deploy failed while collecting the files: ' + e.message));
      return;
    }
    let res;
    let data = null;
    try {
      res = await fetch('/api/deploy?mode=online', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'X-Requested-With': 'ringplc', 'Content-Type': 'application/zip' },
        body: Zip.build(entries),
      });
      const text = await res.text();
      try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
    } catch (e) {
      rep.replaceChildren(el('p', 'error', 'Deploy failed: the server does not answer (' + e.message + ')'));
      return;
    }
    renderReport(res, data);
    if (res.ok) {
      showVersion();
      if (typeof Tree !== 'undefined') await Tree.reload();
      schedule(0);
    }
  }

  // The deploy report (DeployRoutes.Report): outcome and message, the compile diagnostics (click to
  // jump), project problems, and what the online change did to variables and forces.
  function renderReport(res, data) {
    const rep = $('deploy-report');
    rep.replaceChildren();
    const ok = res.ok && data && data.ok !== false;
    const title = ok ? 'Deployed' + (data && data.outcome ? ' (' + data.outcome.toLowerCase().replace('_', ' ') + ')' : '')
      : 'Deploy refused' + (data && data.outcome ? ' (' + data.outcome.toLowerCase() + ')' : ' (HTTP ' + res.status + ')');
    rep.append(el('div', 'report-head ' + (ok ? 'ok' : 'error'), title));
    if (!data) return;
    const message = data.message || data.error;
    if (message) rep.append(el('p', ok ? 'report-msg' : 'error', message));
    for (const p of data.problems || []) rep.append(el('div', 'problem error', p));
    for (const d of data.diagnostics || []) {
      const row = el('div', 'problem ' + d.severity);
      row.append(el('span', 'where', d.file + ':' + d.line + ':' + d.column), el('span', 'sev', d.severity),
        el('span', 'text', d.message));
      row.addEventListener('click', async () => {
        await open(d.file);
        if (cm) { cm.setCursor({ line: d.line - 1, ch: d.column - 1 }); cm.focus(); }
      });
      rep.append(row);
    }
    const lists = [['added', 'new variables'], ['dropped', 'variables removed'], ['reset', 'variables reset to their initial value'],
      ['forcesDropped', 'forces removed']];
    for (const [key, label] of lists) {
      const v = data[key];
      if (Array.isArray(v) && v.length) rep.append(el('div', 'report-line', label + ': ' + v.join(', ')));
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('btn-save').addEventListener('click', () => save(current));
    $('btn-deploy').addEventListener('click', deploy);
    Views.onShow((name) => {
      if (name !== 'editor') return;
      ensureEditor();
      if (!loaded) loadFiles(); else if (cm) cm.refresh();
    });
  });
  window.addEventListener('beforeunload', (e) => {
    for (const p of docs.keys()) if (dirty(p)) { e.preventDefault(); e.returnValue = ''; return; }
  });

  return { open, save, check: () => schedule(0), dirty, cm: () => cm, diagnostics: () => diagnostics };
})();
