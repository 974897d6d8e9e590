// The alarm list: unacknowledged first, then worst and newest, each with its acknowledge button.
import { escapeHtml } from '../map.js';
import { t, pickName, formatTime } from '../i18n.js';
import { colour, rank } from '../status.js';
import { state } from '../state.js';
import { $, toast } from '../dom.js';
import { postAck } from '../api.js';
import { statusBadge } from './badge.js';

function unacked(a) {
  return a.state === 'active-unacknowledged' || a.state === 'returned-unacknowledged' ? 1 : 0;
}

export function renderAlarms() {
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

export async function acknowledge(id, button) {
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
