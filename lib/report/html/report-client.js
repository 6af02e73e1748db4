// The compliance report's script, inlined into compliance-report.html: filters by
// status, policy and text; opens a clause's detail for one environment; follows
// #<clause>--<environment> links. It reads the page only and requests nothing.
'use strict';

(function () {
  const statusBoxes = Array.from(document.querySelectorAll('input[name="status"]'));
  const policyBoxes = Array.from(document.querySelectorAll('input[name="policy"]'));
  const search = document.getElementById('search');
  const shown = document.getElementById('shown');
  const rows = Array.from(document.querySelectorAll('tr.clause'));

  function checkedValues(boxes) {
    return new Set(boxes.filter((box) => box.checked).map((box) => box.value));
  }

  function setExpanded(button, open) {
    const detail = document.getElementById(button.getAttribute('aria-controls'));
    button.setAttribute('aria-expanded', String(open));
    if (detail) detail.hidden = !open;
  }

  function applyFilters() {
    const statuses = checkedValues(statusBoxes);
    const policies = checkedValues(policyBoxes);
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let visible = 0;
    for (const row of rows) {
      const show =
        policies.has(row.dataset.policy) &&
        row.dataset.statuses.split(' ').some((status) => statuses.has(status)) &&
        words.every((word) => row.dataset.search.includes(word));
      row.hidden = !show;
      if (!show) {
        for (const button of row.querySelectorAll('button.status')) setExpanded(button, false);
      }
      if (show) visible += 1;
    }
    shown.textContent = `${visible} of ${rows.length} clauses shown`;
  }

  function showEverything() {
    for (const box of [...statusBoxes, ...policyBoxes]) box.checked = true;
    search.value = '';
    applyFilters();
  }

  function onlyStatus(status) {
    for (const box of statusBoxes) box.checked = box.value === status;
    for (const box of policyBoxes) box.checked = true;
    search.value = '';
    applyFilters();
    document.getElementById('clauses').scrollIntoView();
  }

  function openFromHash() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    const target = document.getElementById(id);
    if (!target) return;
    const button = target.classList.contains('detail')
      ? document.querySelector(`button[aria-controls="${CSS.escape(id)}"]`)
      : null;
    const clauseRow = (button || target).closest('tr.clause');
    if (clauseRow && clauseRow.hidden) showEverything();
    if (button) setExpanded(button, true);
    target.scrollIntoView({ block: 'start' });
  }

  document.addEventListener('change', (event) => {
    if (event.target.matches('input[name="status"], input[name="policy"]')) applyFilters();
  });
  search.addEventListener('input', applyFilters);

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.classList.contains('status')) {
      const open = button.getAttribute('aria-expanded') !== 'true';
      setExpanded(button, open);
      if (open) window.history.replaceState(null, '', `#${button.getAttribute('aria-controls')}`);
    } else if (button.dataset.onlyStatus) {
      onlyStatus(button.dataset.onlyStatus);
    } else if (button.id === 'show-all') {
      showEverything();
    } else if (button.id === 'expand-all' || button.id === 'collapse-all') {
      const open = button.id === 'expand-all';
      for (const row of rows) {
        if (row.hidden) continue;
        for (const status of row.querySelectorAll('button.status')) setExpanded(status, open);
      }
    }
  });

  window.addEventListener('hashchange', openFromHash);
  applyFilters();
  openFromHash();
})();
