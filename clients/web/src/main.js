// The control room: REST for the first picture, then the SignalR hub for every change after it.
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'uplot/dist/uPlot.min.css';
import './app.css';

import { TwinMap, escapeHtml } from './map.js';
import { TwinHub } from './hub.js';
import { HistoryChart } from './chart.js';
import { t, pickName, setLang, currentLang, onLangChange, applyStatic, formatTime } from './i18n.js';
import { beep, installUnlock, onSoundChange, unlockSound } from './sound.js';
import { state, DISTRICT_IDS } from './state.js';
import { $, toast } from './dom.js';
import { getLayers, getPicture, getChildCells, getDevice, getHistory } from './api.js';
import { addLegend } from './render/legend.js';
import { statusBadge } from './render/badge.js';
import { scheduleRender } from './render/frame.js';
import { renderAlarms, acknowledge } from './render/alarms.js';
import { invalidateAttention } from './render/attention.js';
import { setConnection, renderSound, renderLangButton, tickClock } from './render/controls.js';

const LAYERS = ['boundary', 'districts', 'rail-lines', 'rail-stations'];
const REST_FALLBACK_MS = 20_000;

// ---------- map ----------

const map = new TwinMap($('#map'), {
  onDeviceClick: (id) => openDevice(id),
  onDistrictClick: (id) => selectDistrict(id),
});
addLegend(map);

// ---------- applying messages ----------

function applyDeviceStatus(id, status, silent) {
  const d = state.devices.get(id);
  if (!d) return;
  const wasCritical = d.status === 'critical';
  if (d.status !== status || d.silent !== !!silent) invalidateAttention();
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
      invalidateAttention();
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
onSoundChange(renderSound);

onLangChange(() => {
  renderLangButton();
  renderSound();
  setConnection(state.conn);
  map.relabelDistricts();
  map.relabelOverlays();
  invalidateAttention();
  scheduleRender();
  renderAlarms();
  renderDevice();
  if (state.openDevice) loadHistory(state.openDevice.id); // redraws the chart's threshold labels
});

function selectDistrict(id) {
  state.selectedDistrict = id;
  scheduleRender();
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
