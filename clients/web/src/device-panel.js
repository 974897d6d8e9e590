// The device panel: one device's details, live while it is open, and its last 24 hours as a chart or a list.
import { escapeHtml } from './map.js';
import { HistoryChart } from './chart.js';
import { t, pickName, formatTime } from './i18n.js';
import { state } from './state.js';
import { $ } from './dom.js';
import { getDevice, getHistory } from './api.js';
import { statusBadge } from './render/badge.js';

const chart = new HistoryChart($('#device-history'));
let historyRequest = 0;
let recentReadings = [];
let follow = () => {};

/** fn(id) follows the open device's live messages, fn(null) stops following. */
export function onFollowDevice(fn) {
  follow = fn;
}

export async function openDevice(id) {
  const summary = state.devices.get(id);
  if (summary?.kind === 'child-tracker') return; // never shown one by one
  follow(id);
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

export function closeDevice() {
  $('#device-panel').hidden = true;
  state.openDevice = null;
  historyRequest++;
  chart.destroy();
  recentReadings = [];
  $('#device-history').textContent = '';
  follow(null);
}

/** A device message from the hub: shown (and charted) if it is the open device's. */
export function deviceMessage(msg) {
  if (state.openDevice?.id !== msg.id) return;
  state.openDevice = msg;
  renderDevice();
  if (chart.append(msg)) {
    $('#device-history-empty').hidden = true;
  } else if (!chart.plot && msg.reading?.ts && !recentReadings.some((r) => r.ts === msg.reading.ts && r.seq === msg.reading.seq)) {
    recentReadings.push(msg.reading);
    if (renderReadingList(recentReadings)) $('#device-history-empty').hidden = true;
  }
}

/** After a language change: the details, and the history again for the chart's threshold labels. */
export function relabelDevicePanel() {
  renderDevice();
  if (state.openDevice) loadHistory(state.openDevice.id);
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
