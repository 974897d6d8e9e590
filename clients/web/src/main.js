// The control room: REST for the first picture, then the SignalR hub for every change after it.
// This module only wires the others together: the map, the hub, the panels and the page's controls.
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'uplot/dist/uPlot.min.css';
import './app.css';

import { TwinMap } from './map.js';
import { TwinHub } from './hub.js';
import { t, setLang, currentLang, onLangChange, applyStatic } from './i18n.js';
import { installUnlock, onSoundChange, unlockSound } from './sound.js';
import { state, DISTRICT_IDS } from './state.js';
import { $, toast } from './dom.js';
import { getMe } from './api.js';
import { loadBaseMap } from './base-map.js';
import { installPlanning } from './planning-panel.js';
import { twinMessages } from './messages.js';
import { openDevice, closeDevice, onFollowDevice, relabelDevicePanel } from './device-panel.js';
import { openAlarm, closeAlarm, alarmInAddress, relabelAlarmPanel } from './alarm-detail.js';
import { actOnAlarm } from './alarm-actions.js';
import { loadAlarms } from './alarm-feed.js';
import { addLegend } from './render/legend.js';
import { scheduleRender } from './render/frame.js';
import { renderAlarms, relabelAlarms } from './render/alarms.js';
import { invalidateAttention } from './render/attention.js';
import { setConnection, renderSound, renderLangButton, tickClock } from './render/controls.js';
import { initPlanner } from './planner.js';

// First, so that a planner (who may not read the live devices) has the panel whatever else fails.
initPlanner();

const REST_FALLBACK_MS = 20_000;

const map = new TwinMap($('#map'), {
  onDeviceClick: (id) => openDevice(id),
  onDistrictClick: (id) => selectDistrict(id),
});
addLegend(map);

const { handlers, loadFromRest } = twinMessages(map);
const hub = new TwinHub(handlers, (s) => {
  setConnection(s);
  // Transitions sent while the connection was down are lost with it: take the list again once subscribed.
  if (s === 'live' && state.loaded) loadAlarms().catch((err) => toast(t('alarms.loadFailed', { error: err.message })));
});
onFollowDevice((id) => hub.followDevice(id));
for (const id of DISTRICT_IDS) hub.subscribeDistrict(id); // every district: child cells and changes city-wide

async function start() {
  // Not signed in: getMe goes to /login, which brings the page back here afterwards.
  const me = await getMe();
  $('#account').textContent = me.name;
  $('#account').title = me.roles.join(', ');
  applyStatic();
  setConnection('connecting');
  renderAlarms();
  map.relabelOverlays();
  await loadBaseMap(map);
  installPlanning(map, $('.side')).catch((err) => toast(String(err?.message ?? err)));
  await loadFromRest(true);
  state.loaded = true;
  const linked = alarmInAddress(); // the link in a notification: /?alarm={id}
  if (linked) openAlarm(linked);
  hub.start();
  // While the hub is down the picture would freeze; refresh it from REST until the hub is back.
  setInterval(() => {
    if (state.conn !== 'live') loadFromRest(false).catch(() => {});
  }, REST_FALLBACK_MS);
}

function selectDistrict(id) {
  state.selectedDistrict = id;
  scheduleRender();
}

/** The device's panel, and its marker out of its cluster on the map. */
function showDevice(id) {
  openDevice(id);
  map.showDevice(id);
}

// ---------- UI wiring ----------

document.addEventListener('click', (e) => {
  const target = e.target.closest('[data-open-device],[data-show-device],[data-district-id].district-tile,[data-alarm-action],#alarm-list [data-alarm-id]');
  if (!target) return;
  if (target.dataset.alarmAction) actOnAlarm(target.dataset.alarm, target.dataset.alarmAction, target);
  else if (target.dataset.openDevice) openDevice(target.dataset.openDevice);
  else if (target.dataset.showDevice) showDevice(target.dataset.showDevice);
  else if (target.dataset.districtId) selectDistrict(target.dataset.districtId);
  else if (target.dataset.alarmId) openAlarm(target.dataset.alarmId);
});
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || e.target.closest?.('dialog')) return; // Esc in a dialog closes only the dialog
  closeAlarm();
  closeDevice();
});
$('#device-close').addEventListener('click', closeDevice);
$('#alarm-close').addEventListener('click', closeAlarm);
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
  relabelAlarms();
  relabelAlarmPanel();
  relabelDevicePanel();
});

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
  openAlarm,
  selectDistrict,
  setLang,
};

start().catch((err) => {
  setConnection('offline');
  toast(String(err?.message ?? err));
});
