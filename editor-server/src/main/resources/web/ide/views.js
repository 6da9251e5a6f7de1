// The three views of the page, one visible at a time, chosen by the address's fragment so that a
// reload or a bookmark keeps the view (#monitor, #trends, #editor).
'use strict';

const Views = (() => {
  const NAMES = ['monitor', 'trends', 'editor'];
  const listeners = [];
  let current = null;

  function show(name) {
    if (!NAMES.includes(name)) name = 'monitor';
    if (name === current) return;
    current = name;
    for (const v of document.querySelectorAll('main .view')) v.hidden = v.dataset.view !== name;
    for (const t of document.querySelectorAll('#tabs .tab')) t.classList.toggle('active', t.dataset.view === name);
    for (const fn of listeners) fn(name);
  }

  function fromHash() {
    const h = location.hash.replace('#', '');
    // #forces (the banner's link) is a panel of the monitor view
    show(h === 'forces' ? 'monitor' : h);
    if (h === 'forces') { const f = document.getElementById('forces'); if (f) f.scrollIntoView(); }
  }

  window.addEventListener('hashchange', fromHash);
  document.addEventListener('DOMContentLoaded', fromHash);
  return { show, current: () => current, onShow: (fn) => listeners.push(fn) };
})();
