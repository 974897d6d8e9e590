// The control room: REST for the first picture, then the SignalR hub for every change after it.
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'uplot/dist/uPlot.min.css';
import './app.css';

import L from './leaflet-global.js';
import { TwinMap, escapeHtml } from './map.js';
import { TwinHub } from './hub.js';
import { HistoryChart } from './chart.js';
import { t, pickName, setLang, currentLang, onLangChange, applyStatic, formatTime } from './i18n.js';
import { colour, rank, LADDER } from './status.js';
import { beep, installUnlock, onSoundChange, soundEnabled, unlockSound } from './sound.js';
import { state, DISTRICT_IDS } from './state.js';
import { $, toast } from './dom.js';
import { getLayers, getPicture, getChildCells, getDevice, getHistory, postAck } from './api.js';

const LAYERS = ['boundary', 'districts', 'rail-lines', 'rail-stations'];
const REST_FALLBACK_MS = 20_000;

let attentionDirty = true; // the attention list is rebuilt only when a device's status changed

// ---------- map ----------

const map = new TwinMap($('#map'), {
  onDeviceClick: (id) => openDevice(id),
  onDistrictClick: (id) => selectDistrict(id),
});
addLegend();

function addLegend() {
  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = () => {
    const div = L.DomUtil.create('div', 'legend');
    L.DomEvent.disableClickPropagation(div);
    legend.render = () => {
      div.innerHTML = `
        <div class="legend-statuses">${LADDER.map((s) => `<span><i style="background:${colour(s)}"></i>${escapeHtml(t(`status.${s}`))}</span>`).join('')}
          <span><i class="legend-silent"></i>${escapeHtml(t('silent'))}</span></div>
        <div class="legend-kinds">
          <span><b class="glyph kind-river-gauge">W</b>${escapeHtml(t('kind.river-gauge'))}</span>
          <span><b class="glyph kind-snow-pump">P</b>${escapeHtml(t('kind.snow-pump'))}</span>
          <span><b class="glyph kind-bridge-joint">B</b>${escapeHtml(t('kind.bridge-joint'))}</span>
          <span><b class="glyph kind-env-sensor">E</b>${escapeHtml(t('kind.env-sensor'))}</span>
          <span><b class="glyph child">5</b>${escapeHtml(t('children.note'))}</span>
        </div>
        <div class="legend-note">${escapeHtml(t('map.districtsApprox'))} · ${escapeHtml(t('map.generated'))}</div>`;
    };
    legend.render();
    return div;
  };
  legend.addTo(map.map);
  onLangChange(() => legend.render());
}

// ---------- applying messages ----------

function applyDeviceStatus(id, status, silent) {
  const d = state.devices.get(id);
  if (!d) return;
  const wasCritical = d.status === 'critical';
  if (d.status !== status || d.silent !== !!silent) attentionDirty = true;
  d.status = status;
  d.silent = !!silent;
  map.setDeviceStatus(id, status, silent);
  if (status === 'critical' && !wasCritical) alertCritical();
}

function applyDistrict(snapshot) {
  const previous = state.districts.get(snapshot.id);
  // A city message carries district summaries without childCells; keep the ones a district message brought.
  state.districts.set(snapshot.id, { ...previous, ...snapshot });
  map.setDistrict(snapshot);
  if (snapshot.status === 'critical' && previous && previous.status !== 'critical') alertCritical();
  for (const seg of snapshot.rivers ?? []) if (!state.rivers.has(seg.id)) state.rivers.set(seg.id, seg);
}

function applyChanged(changed) {
  for (const c of changed ?? []) applyDeviceStatus(c.id, c.status, c.silent);
}

const handlers = {
  city(msg) {
    state.city = msg;
    for (const d of msg.districts ?? []) applyDistrict(d);
    applyChanged(msg.changed);
    scheduleRender();
  },
  district(msg) {
    applyDistrict(msg);
    applyChanged(msg.changed);
    if (msg.childCells) map.setChildCells(msg.id, msg.childCells);
    scheduleRender();
  },
  river(msg) {
    state.rivers.set(msg.id, msg);
    scheduleRender();
  },
  device(msg) {
    const known = state.devices.get(msg.id);
    if (known) applyDeviceStatus(msg.id, msg.status, msg.health?.silent ?? msg.silent);
    if (state.openDevice?.id === msg.id) {
      state.openDevice = msg;
      renderDevice();
      if (chart.append(msg)) {
        $('#device-history-empty').hidden = true;
      } else if (!chart.plot && msg.reading?.ts && !recentReadings.some((r) => r.ts === msg.reading.ts && r.seq === msg.reading.seq)) {
        recentReadings.push(msg.reading);
        if (renderReadingList(recentReadings)) $('#device-history-empty').hidden = true;
      }
    }
  },
  alarm(msg) {
    const previous = state.alarms.get(msg.id);
    if (msg.state === 'normal') state.alarms.delete(msg.id);
    else state.alarms.set(msg.id, msg);
    if (msg.severity === 'critical' && msg.state === 'active-unacknowledged' && previous?.state !== msg.state) alertCritical();
    renderAlarms();
  },
};

// Messages can come in bursts (a snow storm); render the panels at most once per frame.
let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    renderHeader();
    renderDistrictList();
    renderDistrictPanel();
    renderAttention();
  });
}

let lastBeep = 0;
function alertCritical() {
  if (!state.loaded) return;
  document.body.classList.remove('flash');
  void document.body.offsetWidth; // restart the CSS animation
  document.body.classList.add('flash');
  const now = Date.now();
  if (now - lastBeep > 3000) {
    lastBeep = now;
    beep();
  }
}

// ---------- rendering ----------

function statusBadge(status, silent) {
  return `<span class="badge st-${escapeHtml(status)}" style="--c:${colour(status)}">${escapeHtml(t(`status.${status}`))}</span>${
    silent ? ` <span class="badge silent">${escapeHtml(t('silent'))}</span>` : ''}`;
}

function renderHeader() {
  const c = state.city;
  const el = $('#city-status');
  if (!c) {
    el.innerHTML = '';
    return;
  }
  el.dataset.status = c.status;
  el.innerHTML = `${escapeHtml(t('city'))} ${statusBadge(c.status)}
    <span class="muted">${escapeHtml(t('pumps.faults'))} ${c.pumps?.faults ?? 0} · ${escapeHtml(t('children'))} ${c.children?.out ?? 0}</span>`;
}

function renderDistrictList() {
  const ul = $('#district-list');
  ul.innerHTML = DISTRICT_IDS.map((id) => {
    const d = state.districts.get(id);
    const status = d?.status ?? 'unknown';
    return `<li><button type="button" class="district-tile${id === state.selectedDistrict ? ' selected' : ''}"
      data-district-id="${id}" data-status="${escapeHtml(status)}" style="--c:${colour(status)}">
      <span class="name">${escapeHtml(d ? pickName(d) : id)}</span>${statusBadge(status)}</button></li>`;
  }).join('');
}

function levelBar(g) {
  const th = g.thresholds ?? {};
  const top = (th.danger_m ?? Math.max(g.levelM ?? 1, 1)) * 1.15;
  const pct = (v) => `${Math.max(0, Math.min(100, (v / top) * 100)).toFixed(1)}%`;
  const ticks = ['standby_m', 'caution_m', 'evacuation_m', 'danger_m']
    .filter((k) => typeof th[k] === 'number')
    .map((k) => `<i class="tick tick-${k}" style="left:${pct(th[k])}" title="${escapeHtml(t(`threshold.${k}`))} ${th[k]} m"></i>`).join('');
  const fill = typeof g.levelM === 'number' ? `<b style="width:${pct(g.levelM)};background:${colour(g.status)}"></b>` : '';
  // The next level up is what the operator needs to know: "0.92 m — caution 0.80 m, evacuation 1.10 m".
  const next = ['standby_m', 'caution_m', 'evacuation_m', 'danger_m'].find((k) => typeof th[k] === 'number' && !(g.levelM >= th[k]));
  const label = typeof g.levelM === 'number' ? `${g.levelM.toFixed(2)} m` : '—';
  const nextText = next ? ` <span class="muted">→ ${escapeHtml(t(`threshold.${next}`))} ${th[next]} m</span>` : '';
  return `<div class="gauge" data-gauge-id="${escapeHtml(g.id)}">
    <div class="gauge-head"><button type="button" class="link" data-open-device="${escapeHtml(g.id)}">${escapeHtml(g.name)}</button>
      ${statusBadge(g.status, g.silent)}</div>
    <div class="level-bar">${fill}${ticks}</div>
    <div class="gauge-value">${label}${nextText}</div></div>`;
}

function renderDistrictPanel() {
  const panel = $('#district-panel');
  const d = state.districts.get(state.selectedDistrict);
  if (!d) {
    panel.innerHTML = '';
    return;
  }
  const rivers = [...state.rivers.values()].filter((s) => s.district === d.id);
  const p = d.pumps ?? {};
  const b = d.bridges ?? {};
  const w = d.weather;
  const num = (v, unit) => (typeof v === 'number' ? `${v.toFixed(1)} ${unit}` : '—');
  panel.dataset.districtId = d.id;
  panel.dataset.status = d.status;
  panel.innerHTML = `
    <h2>${escapeHtml(pickName(d))} ${statusBadge(d.status)}</h2>
    <p class="muted">${escapeHtml(t('population'))} ${Number(d.population ?? 0).toLocaleString()} · ${escapeHtml(t('devices'))} ${d.counts?.total ?? 0}${
      d.counts?.silent ? ` · ${escapeHtml(t('silent'))} ${d.counts.silent}` : ''}</p>
    <h3>${escapeHtml(t('rivers'))}</h3>
    ${rivers.length ? rivers.map((s) => `<div class="segment" data-segment-id="${escapeHtml(s.id)}">
        <div class="segment-head">${escapeHtml(pickName(s))} ${statusBadge(s.status)}</div>
        ${(s.gauges ?? []).map(levelBar).join('')}</div>`).join('') : `<p class="muted">${escapeHtml(t('rivers.none'))}</p>`}
    <h3>${escapeHtml(t('pumps'))}</h3>
    <dl class="figures">
      <div><dt>${escapeHtml(t('pumps.running'))}</dt><dd>${p.running ?? 0}</dd></div>
      <div><dt>${escapeHtml(t('pumps.available'))}</dt><dd>${p.available ?? 0}</dd></div>
      <div class="${p.faults ? 'bad' : ''}"><dt>${escapeHtml(t('pumps.faults'))}</dt><dd data-pump-faults>${p.faults ?? 0}</dd></div>
      <div><dt>${escapeHtml(t('pumps.lowWater'))}</dt><dd>${p.lowWater ?? 0}</dd></div>
      <div><dt>${escapeHtml(t('pumps.silent'))}</dt><dd>${p.silent ?? 0}</dd></div>
      <div><dt>${escapeHtml(t('pumps.total'))}</dt><dd>${p.total ?? 0}</dd></div>
    </dl>
    <h3>${escapeHtml(t('bridges'))} ${statusBadge(b.worst ?? 'unknown')}</h3>
    <dl class="figures">
      <div><dt>${escapeHtml(t('bridges.joints'))}</dt><dd>${b.joints ?? 0}</dd></div>
      <div class="${b.alarms ? 'bad' : ''}"><dt>${escapeHtml(t('bridges.alarms'))}</dt><dd>${b.alarms ?? 0}</dd></div>
    </dl>
    <h3>${escapeHtml(t('weather'))}</h3>
    ${w ? `<dl class="figures">
      <div><dt>${escapeHtml(t('weather.temp'))}</dt><dd>${num(w.airTempC, '°C')}</dd></div>
      <div><dt>${escapeHtml(t('weather.precip'))}</dt><dd>${num(w.precipitationMmH, 'mm/h')}</dd></div>
      <div><dt>${escapeHtml(t('weather.snow'))}</dt><dd>${num(w.snowfallCmH, 'cm/h')}</dd></div>
    </dl><p class="muted small">${escapeHtml(formatTime(w.ts))}</p>` : `<p class="muted">${escapeHtml(t('weather.none'))}</p>`}
    <h3>${escapeHtml(t('children'))}</h3>
    <p class="big-number" data-children-out>${d.children?.out ?? 0}</p>
    <p class="muted small">${escapeHtml(t('children.note'))}</p>`;
}

function renderAlarms() {
  const ul = $('#alarm-list');
  const alarms = [...state.alarms.values()].sort((a, b) =>
    (unacked(b) - unacked(a)) || (rank(b.severity) - rank(a.severity)) || String(b.raisedAt).localeCompare(String(a.raisedAt)));
  $('#alarm-count').textContent = alarms.length ? String(alarms.length) : '';
  if (alarms.length === 0) {
    ul.innerHTML = `<li class="muted empty">${escapeHtml(t('alarms.none'))}</li>`;
    return;
  }
  ul.innerHTML = alarms.map((a) => {
    const device = state.devices.get(a.deviceId);
    const district = state.districts.get(a.district);
    return `<li class="alarm st-${escapeHtml(a.severity)}${unacked(a) ? ' unacked' : ''}" data-alarm-id="${escapeHtml(a.id)}" style="--c:${colour(a.severity)}">
      <div class="alarm-head">${statusBadge(a.severity)} <button type="button" class="link" data-open-device="${escapeHtml(a.deviceId)}">${escapeHtml(device?.name ?? a.deviceId)}</button></div>
      <div class="alarm-body">${escapeHtml(a.message ?? '')}</div>
      <div class="alarm-foot muted small">${escapeHtml(district ? pickName(district) : a.district ?? '')} · ${escapeHtml(formatTime(a.raisedAt))} · ${escapeHtml(t(`alarm.state.${a.state}`))}
        ${unacked(a) ? `<button type="button" class="ack" data-ack="${escapeHtml(a.id)}">${escapeHtml(t('alarms.ack'))}</button>` : ''}</div></li>`;
  }).join('');
}

// Until alarms are raised and acknowledged (the alarm service), the operator still sees at a glance which
// devices stand at warning or above, worst first. Child trackers are never listed one by one.
const ATTENTION_SHOWN = 30;
function renderAttention() {
  if (!attentionDirty) return;
  attentionDirty = false;
  const ul = $('#attention-list');
  const devices = [...state.devices.values()]
    .filter((d) => d.kind !== 'child-tracker' && rank(d.status) >= rank('warning'))
    .sort((a, b) => (rank(b.status) - rank(a.status)) || String(a.district).localeCompare(String(b.district)) || String(a.id).localeCompare(String(b.id)));
  $('#attention-count').textContent = devices.length ? String(devices.length) : '';
  if (devices.length === 0) {
    ul.innerHTML = `<li class="muted empty">${escapeHtml(t('attention.none'))}</li>`;
    return;
  }
  ul.innerHTML = devices.slice(0, ATTENTION_SHOWN).map((d) => {
    const district = state.districts.get(d.district);
    return `<li class="attention st-${escapeHtml(d.status)}" data-attention-id="${escapeHtml(d.id)}" data-status="${escapeHtml(d.status)}" style="--c:${colour(d.status)}">
      ${statusBadge(d.status, d.silent)} <button type="button" class="link" data-open-device="${escapeHtml(d.id)}">${escapeHtml(d.name ?? d.id)}</button>
      <span class="muted small">${escapeHtml(t(`kind.${d.kind}`))} · ${escapeHtml(district ? pickName(district) : d.district ?? '')}</span></li>`;
  }).join('') + (devices.length > ATTENTION_SHOWN
    ? `<li class="muted small">${escapeHtml(t('attention.more', { n: devices.length - ATTENTION_SHOWN }))}</li>` : '');
}

function unacked(a) {
  return a.state === 'active-unacknowledged' || a.state === 'returned-unacknowledged' ? 1 : 0;
}

async function acknowledge(id, button) {
  button.disabled = true;
  try {
    const res = await postAck(id);
    if (res.status === 404 || res.status === 405) toast(t('alarms.ackUnavailable'));
    else if (!res.ok) toast(t('alarms.ackFailed'));
    // Success shows when the server sends the alarm again in its acknowledged state.
  } catch {
    toast(t('alarms.ackFailed'));
  } finally {
    button.disabled = false;
  }
}

// ---------- device panel ----------

const chart = new HistoryChart($('#device-history'));
let historyRequest = 0;

async function openDevice(id) {
  const summary = state.devices.get(id);
  if (summary?.kind === 'child-tracker') return; // never shown one by one
  hub.followDevice(id);
  const panel = $('#device-panel');
  panel.hidden = false;
  panel.dataset.deviceId = id;
  state.openDevice = summary ? { ...summary } : { id };
  renderDevice();
  try {
    const full = await getDevice(id);
    if (full && state.openDevice?.id === id) {
      state.openDevice = full;
      renderDevice();
    }
  } catch { /* the panel keeps the summary; the hub snapshot may still fill it */ }
  loadHistory(id);
}

async function loadHistory(id) {
  const request = ++historyRequest;
  const empty = $('#device-history-empty');
  chart.destroy();
  empty.hidden = false;
  empty.textContent = t('history.loading');
  const to = new Date();
  const from = new Date(to.getTime() - 24 * 3600 * 1000);
  let readings = [];
  let failed = false;
  try {
    const body = await getHistory(id, from, to);
    readings = Array.isArray(body) ? body : Array.isArray(body?.readings) ? body.readings : [];
  } catch {
    failed = true; // said so, not passed off as "no history"
  }
  if (request !== historyRequest || state.openDevice?.id !== id) return;
  readings.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  recentReadings = readings;
  const drawn = state.openDevice.kind ? chart.draw(state.openDevice, readings) : false;
  // Nothing to chart (a pump reporting only its state): the latest readings as a list instead.
  const listed = !drawn && renderReadingList(readings);
  empty.textContent = t(failed ? 'history.failed' : 'history.none');
  empty.hidden = drawn || listed;
}

let recentReadings = [];

/** The newest readings of the open device, newest first, when the chart has no number to draw. */
function renderReadingList(readings) {
  const box = $('#device-history');
  if (readings.length === 0) return false;
  const rows = readings.slice(-12).reverse().map((r) => {
    const fields = Object.entries(r)
      .filter(([k]) => k !== 'ts' && k !== 'seq')
      .map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(typeof v === 'object' && v !== null
        ? Object.entries(v).map(([mk, mv]) => `${mk}=${mv}`).join(', ')
        : String(v))}`)
      .join(' · ');
    return `<tr><td>${escapeHtml(formatTime(r.ts))}</td><td>${fields}</td></tr>`;
  });
  box.innerHTML = `<table class="history-list"><tbody>${rows.join('')}</tbody></table>`;
  return true;
}

function closeDevice() {
  $('#device-panel').hidden = true;
  state.openDevice = null;
  historyRequest++;
  chart.destroy();
  recentReadings = [];
  $('#device-history').textContent = '';
  hub.followDevice(null);
}

function renderDevice() {
  const d = state.openDevice;
  if (!d) return;
  const panel = $('#device-panel');
  panel.dataset.status = d.status ?? 'unknown';
  const h = d.health ?? {};
  const district = state.districts.get(d.district);
  const reading = d.reading ? Object.entries(d.reading).filter(([k]) => k !== 'ts' && k !== 'seq' && k !== 'metrics') : [];
  const metrics = d.reading?.metrics ? Object.entries(d.reading.metrics) : [];
  const rows = (pairs) => pairs.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(typeof v === 'number' ? +v.toFixed(3) : v)}</dd></div>`).join('');
  $('#device-body').innerHTML = `
    <h2><span class="glyph kind-${escapeHtml(d.kind)}"></span>${escapeHtml(d.name ?? d.id)}</h2>
    <p class="muted small">${escapeHtml(d.id)} · ${escapeHtml(t(`kind.${d.kind}`))} · DevEUI ${escapeHtml(d.devEui ?? '—')}</p>
    <p>${statusBadge(d.status ?? 'unknown', h.silent ?? d.silent)}</p>
    <dl class="details">
      <div><dt>${escapeHtml(t('device.district'))}</dt><dd>${escapeHtml(district ? pickName(district) : d.district ?? '—')}</dd></div>
      <div><dt>${escapeHtml(t('device.lastSeen'))}</dt><dd>${escapeHtml(formatTime(h.lastSeen ?? d.reading?.ts))}</dd></div>
      <div><dt>${escapeHtml(t('device.battery'))}</dt><dd>${h.battery ?? '—'}</dd></div>
      <div><dt>${escapeHtml(t('device.signal'))}</dt><dd>${h.rssi != null ? `${h.rssi} dBm / ${h.snr ?? '—'} dB` : '—'}</dd></div>
      <div><dt>${escapeHtml(t('device.gateway'))}</dt><dd>${escapeHtml(h.gateway ?? '—')}</dd></div>
      <div><dt>${escapeHtml(t('device.position'))}</dt><dd>${d.position ? `${d.position.lat.toFixed(4)}, ${d.position.lon.toFixed(4)}${d.position.generated ? ` <span class="muted small">(${escapeHtml(t('device.generated'))})</span>` : ''}` : '—'}</dd></div>
    </dl>
    ${reading.length || metrics.length ? `<h3>${escapeHtml(t('device.reading'))} <span class="muted small">${escapeHtml(formatTime(d.reading.ts))}</span></h3>
      <dl class="details reading">${rows(reading)}${rows(metrics)}</dl>` : ''}
    ${d.thresholds && Object.keys(d.thresholds).length ? `<h3>${escapeHtml(t('device.thresholds'))}</h3>
      <dl class="details">${rows(Object.entries(d.thresholds).map(([k, v]) => [t(`threshold.${k}`) === `threshold.${k}` ? k : `${t(`threshold.${k}`)} (${k})`, v]))}</dl>` : ''}
    ${d.anomalies?.length ? `<h3>${escapeHtml(t('device.anomalies'))}</h3><ul class="anomalies">${d.anomalies.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>` : ''}`;
}

// ---------- connection and start-up ----------

function setConnection(s) {
  state.conn = s;
  const el = $('#conn');
  el.dataset.state = s;
  el.textContent = t(`conn.${s}`);
}

const hub = new TwinHub(handlers, setConnection);
for (const id of DISTRICT_IDS) hub.subscribeDistrict(id); // every district: child cells and changes city-wide

async function loadFromRest(initial) {
  const [city, devices, rivers] = await getPicture();
  for (const seg of rivers ?? []) state.rivers.set(seg.id, seg);
  for (const d of devices ?? []) {
    const known = state.devices.get(d.id);
    if (known) applyDeviceStatus(d.id, d.status, d.silent);
    else {
      // A child tracker's position never reaches the page; keep no more of it than its status.
      attentionDirty = true;
      state.devices.set(d.id, d.kind === 'child-tracker'
        ? { id: d.id, kind: d.kind, district: d.district, status: d.status, silent: d.silent }
        : { ...d });
      map.upsertDevice(d);
    }
  }
  if (city) handlers.city({ ...city, changed: [] });
  if (initial) {
    const cells = await getChildCells(DISTRICT_IDS);
    DISTRICT_IDS.forEach((id, i) => { if (Array.isArray(cells[i])) map.setChildCells(id, cells[i]); });
  }
}

async function start() {
  applyStatic();
  setConnection('connecting');
  renderAlarms();
  map.relabelOverlays();
  const [index, ...layers] = await getLayers(LAYERS);
  // The index lists every source once (and the generated-positions note); the layers' own attribution
  // members repeat them in combinations, so they are the fallback only.
  const attributions = index?.attributions ?? layers.map((l) => l?.attribution).filter(Boolean);
  for (const a of new Set(attributions)) map.map.attributionControl.addAttribution(escapeHtml(a));
  if (!index) map.map.attributionControl.addAttribution(escapeHtml(t('map.generated')));
  LAYERS.forEach((name, i) => { if (layers[i]) map.addBaseLayer(name, layers[i]); });
  map.map.attributionControl.addAttribution(escapeHtml(t('map.districtsApprox')));
  await loadFromRest(true);
  state.loaded = true;
  hub.start();
  // While the hub is down the picture would freeze; refresh it from REST until the hub is back.
  setInterval(() => {
    if (state.conn !== 'live') loadFromRest(false).catch(() => {});
  }, REST_FALLBACK_MS);
}

// ---------- UI wiring ----------

document.addEventListener('click', (e) => {
  const target = e.target.closest('[data-open-device],[data-district-id].district-tile,[data-ack]');
  if (!target) return;
  if (target.dataset.ack) acknowledge(target.dataset.ack, target);
  else if (target.dataset.openDevice) openDevice(target.dataset.openDevice);
  else if (target.dataset.districtId) selectDistrict(target.dataset.districtId);
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') closeDevice();
});
$('#device-close').addEventListener('click', closeDevice);
$('#lang').addEventListener('click', () => setLang(currentLang() === 'ja' ? 'en' : 'ja'));
$('#sound').addEventListener('click', () => unlockSound());
installUnlock();

function renderSound() {
  const on = soundEnabled();
  $('#sound').textContent = t(on ? 'sound.on' : 'sound.off');
  $('#sound').dataset.on = String(on);
}
onSoundChange(renderSound);

function renderLangButton() {
  $('#lang').textContent = currentLang() === 'ja' ? 'English' : '日本語';
}

onLangChange(() => {
  renderLangButton();
  renderSound();
  setConnection(state.conn);
  map.relabelDistricts();
  map.relabelOverlays();
  attentionDirty = true;
  scheduleRender();
  renderAlarms();
  renderDevice();
  if (state.openDevice) loadHistory(state.openDevice.id); // redraws the chart's threshold labels
});

function selectDistrict(id) {
  state.selectedDistrict = id;
  scheduleRender();
}

function tickClock() {
  $('#clock').textContent = new Date().toLocaleString(currentLang() === 'en' ? 'en-GB' : 'ja-JP', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}
setInterval(tickClock, 1000);
tickClock();
renderLangButton();
renderSound();

// For operators' scripts and the browser tests: the model behind the markers, even while clustered.
window.twin = {
  markerStatus: (id) => map.markerStatus(id),
  districtStatus: (id) => state.districts.get(id)?.status ?? null,
  connection: () => state.conn,
  showDevice: (id) => map.showDevice(id),
  openDevice,
  selectDistrict,
  setLang,
};

start().catch((err) => {
  setConnection('offline');
  toast(String(err?.message ?? err));
});
