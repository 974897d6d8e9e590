// The planner's panel: start a run of a scenario (its options from /api/simulations/scenarios), watch its
// progress, open its report, compare two runs. Runs live in the twin (in memory), each in a sandbox of its own;
// nothing here touches the live twin. Opened by the top bar's button or the address /?planner.

const POLL_MS = 1000;

const CSS = `
.planner-panel{position:fixed;top:56px;right:12px;width:min(560px,calc(100vw - 24px));max-height:calc(100vh - 80px);overflow:auto;
  background:#fff;color:#222;border:1px solid #bbb;border-radius:6px;box-shadow:0 4px 18px rgba(0,0,0,.25);padding:12px 14px;z-index:1200;font-size:13px}
.planner-panel h2{font-size:16px;margin:0 0 8px}
.planner-panel label{display:grid;grid-template-columns:150px 1fr;gap:6px;align-items:center;margin:4px 0}
.planner-panel input,.planner-panel select{font:inherit;padding:2px 4px}
.planner-panel table{width:100%;border-collapse:collapse;margin-top:8px}
.planner-panel td,.planner-panel th{border-bottom:1px solid #ddd;padding:3px 4px;text-align:left}
.planner-panel progress{width:90px}
.planner-panel .planner-error{color:#b00020}
.planner-panel .close{float:right}
`;

async function api(url, options = {}) {
  const res = await fetch(url, {
    credentials: 'same-origin',
    ...options,
    headers: { Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) },
  });
  if (res.status === 401) {
    location.assign(`/login?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
    throw new Error('not signed in');
  }
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) throw new Error(body?.detail || body?.title || `HTTP ${res.status}`);
  return body;
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of [].concat(children)) node.append(child);
  return node;
}

/** Adds the planner's button and panel to the page. */
export function initPlanner() {
  document.head.append(el('style', { textContent: CSS }));
  const panel = el('section', { id: 'planner', className: 'planner-panel', hidden: true });
  panel.setAttribute('aria-label', 'planner');
  document.body.append(panel);
  const open = el('button', { type: 'button', id: 'planner-open', className: 'planner-open', textContent: '計画 Planner' });
  (document.querySelector('.top-controls') || document.body).prepend(open);

  let scenarios = [];
  let timer = null;
  const form = el('form', { id: 'planner-form' });
  const scenarioSelect = el('select', { id: 'planner-scenario', name: 'scenario' });
  const seedInput = el('input', { id: 'planner-seed', name: 'seed', type: 'number', value: '1', step: '1' });
  const optionsBox = el('div', { id: 'planner-options' });
  const error = el('p', { id: 'planner-error', className: 'planner-error', hidden: true });
  const runsBody = el('tbody', { id: 'planner-runs' });
  const compare = el('button', { type: 'button', id: 'planner-compare', textContent: '比較 Compare the two ticked runs', disabled: true });
  const compareLink = el('a', { id: 'planner-compare-link', target: '_blank', hidden: true, textContent: '比較レポート Comparison' });

  form.append(
    el('label', {}, ['シナリオ Scenario', scenarioSelect]),
    el('label', {}, ['シード Seed', seedInput]),
    optionsBox,
    el('button', { type: 'submit', id: 'planner-start', textContent: '実行 Start run' }),
    error,
  );
  panel.append(
    el('button', { type: 'button', className: 'close', id: 'planner-close', textContent: '×', title: 'close' }),
    el('h2', { textContent: '計画シミュレーション Planner runs' }),
    el('p', { textContent: 'Runs use the production rules in a sandbox: nothing reaches the live twin.' }),
    form,
    el('table', {}, [el('thead', {}, el('tr', {}, ['', 'scenario', 'seed', 'status', '', ''].map((h) => el('th', { textContent: h })))), runsBody]),
    compare, ' ', compareLink,
  );

  function showOptions() {
    const scenario = scenarios.find((s) => s.name === scenarioSelect.value);
    optionsBox.replaceChildren(...(scenario?.options ?? []).filter((o) => !o.file).map((o) =>
      el('label', { title: o.description }, [o.name, el('input', { name: `opt:${o.name}`, placeholder: o.default, 'data-option': o.name })])));
  }

  async function loadScenarios() {
    scenarios = await api('/api/simulations/scenarios');
    scenarioSelect.replaceChildren(...scenarios.map((s) => el('option', { value: s.name, textContent: s.name, title: s.description })));
    showOptions();
  }

  function ticked() {
    return [...runsBody.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
  }

  async function refresh() {
    const runs = await api('/api/simulations');
    const keep = new Set(ticked());
    runsBody.replaceChildren(...runs.map((r) => {
      const tick = el('input', { type: 'checkbox', value: r.id, checked: keep.has(r.id), disabled: r.status !== 'completed' });
      const report = r.status === 'completed'
        ? el('a', { href: `/api/simulations/${r.id}/report`, target: '_blank', textContent: 'レポート report', className: 'planner-report' })
        : '';
      const row = el('tr', { className: 'planner-run' }, [
        el('td', {}, tick), el('td', { textContent: r.scenario }), el('td', { textContent: String(r.seed) }),
        el('td', { className: 'planner-status', textContent: r.status + (r.error ? `: ${r.error}` : '') }),
        el('td', {}, el('progress', { max: 1, value: r.progress })), el('td', {}, report),
      ]);
      row.dataset.runId = r.id;
      row.dataset.status = r.status;
      return row;
    }));
    compare.disabled = ticked().length !== 2;
    const busy = runs.some((r) => r.status === 'queued' || r.status === 'running');
    clearTimeout(timer);
    timer = busy && !panel.hidden ? setTimeout(() => refresh().catch(showError), POLL_MS) : null;
  }

  function showError(err) {
    error.textContent = err.message;
    error.hidden = false;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const parameters = {};
    for (const input of optionsBox.querySelectorAll('input[data-option]')) {
      if (input.value.trim() !== '') parameters[input.dataset.option] = input.value.trim();
    }
    try {
      await api('/api/simulations', {
        method: 'POST',
        body: JSON.stringify({ scenario: scenarioSelect.value, seed: Number(seedInput.value || 1), parameters }),
      });
      await refresh();
    } catch (err) {
      showError(err);
    }
  });
  scenarioSelect.addEventListener('change', showOptions);
  runsBody.addEventListener('change', () => { compare.disabled = ticked().length !== 2; });
  compare.addEventListener('click', () => {
    const [a, b] = ticked();
    compareLink.href = `/api/simulations/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}&format=html`;
    compareLink.hidden = false;
  });

  async function show() {
    panel.hidden = false;
    try {
      if (scenarios.length === 0) await loadScenarios();
      await refresh();
    } catch (err) {
      showError(err);
    }
  }
  open.addEventListener('click', () => (panel.hidden ? show() : (panel.hidden = true)));
  panel.querySelector('#planner-close').addEventListener('click', () => { panel.hidden = true; });
  if (new URLSearchParams(location.search).has('planner')) show();
}
