// The control room: REST for the first picture, then the SignalR hub for every change after it.
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'uplot/dist/uPlot.min.css';
import './app.css';

import { TwinMap, escapeHtml } from './map.js';
import { TwinHub } from './hub.js';
import { t, setLang, currentLang, onLangChange, applyStatic } from './i18n.js';
import { beep, installUnlock, onSoundChange, unlockSound } from './sound.js';
import { state, DISTRICT_IDS } from './state.js';
import { $, toast } from './dom.js';
import { getLayers, getPicture, getChildCells } from './api.js';
import { openDevice, closeDevice, deviceMessage, onFollowDevice, relabelDevicePanel } from './device-panel.js';
import { addLegend } from './render/legend.js';
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
    deviceMessage(msg);
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

// ---------- connection and start-up ----------

const hub = new TwinHub(handlers, setConnection);
onFollowDevice((id) => hub.followDevice(id));
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
  relabelDevicePanel();
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
