// The alarm panel: one alarm's details, its action buttons (out-of-service / in-service too) and its
// transitions, live while it is open. `/?alarm={id}` (the link in notifications) opens it; the address
// follows the open alarm so a reload shows it again.
import { escapeHtml } from './map.js';
import { t, formatTime } from './i18n.js';
import { state } from './state.js';
import { $, toast } from './dom.js';
import { getAlarm } from './api.js';
import { statusBadge } from './render/badge.js';
import { alarmText, sourceHtml, districtName, stateLabel, whoHtml, groupBadge, actionButtons } from './render/alarm-parts.js';

let open = null; // the open alarm (as last received), or null

const PARAM = 'alarm';

/** The alarm named in the address (`?alarm=`), or null. */
export function alarmInAddress() {
  return new URLSearchParams(location.search).get(PARAM);
}

function setAddress(id) {
  const url = new URL(location.href);
  if (id) url.searchParams.set(PARAM, id);
  else url.searchParams.delete(PARAM);
  history.replaceState(history.state, '', url);
}

export async function openAlarm(id) {
  open = state.alarms.get(id) ?? { id };
  setAddress(id);
  $('#alarm-panel').hidden = false;
  $('#alarm-panel').dataset.alarmId = id;
  render();
  let full;
  try {
    full = await getAlarm(id);
  } catch (err) {
    if (open?.id === id && !open.state) toast(t('alarm.loadFailed', { error: err.message }));
    return;
  }
  if (open?.id !== id) return;
  if (!full) {
    toast(t('alarm.notFound', { id }));
    closeAlarm();
    return;
  }
  // The hub may have brought a newer one while this was on its way.
  if ((full.transitions?.length ?? 0) >= (open.transitions?.length ?? 0)) open = full;
  render();
}

export function closeAlarm() {
  if (!open) return;
  open = null;
  $('#alarm-panel').hidden = true;
  delete $('#alarm-panel').dataset.alarmId;
  setAddress(null);
}

/** An alarm from the hub or an action's answer: shown if it is the open one (normal included). */
export function alarmUpdated(alarm) {
  if (open?.id !== alarm.id || (alarm.transitions?.length ?? 0) < (open.transitions?.length ?? 0)) return;
  open = alarm;
  render();
}

export function relabelAlarmPanel() {
  render();
}

function row(label, value) {
  return `<div><dt>${escapeHtml(label)}</dt><dd>${value}</dd></div>`;
}

function render() {
  const a = open;
  if (!a) return;
  const panel = $('#alarm-panel');
  if (!a.state) {
    panel.dataset.state = '';
    $('#alarm-body').innerHTML = `<h2>${escapeHtml(a.id)}</h2><p class="muted">${escapeHtml(t('history.loading'))}</p>`;
    return;
  }
  panel.dataset.state = a.state;
  const transitions = [...(a.transitions ?? [])].reverse().map((tr) => `<tr data-action="${escapeHtml(tr.action)}" data-to="${escapeHtml(tr.to)}">
      <td>${escapeHtml(formatTime(tr.at))}</td>
      <td>${escapeHtml(t(`alarm.state.${tr.from}`))} → ${escapeHtml(t(`alarm.state.${tr.to}`))}</td>
      <td>${escapeHtml(t(`alarm.action.${tr.action}`))}</td>
      <td>${escapeHtml(tr.by ?? '')}</td>
      <td>${escapeHtml(tr.comment ?? '')}</td></tr>`).join('');
  $('#alarm-body').innerHTML = `
    <h2>${statusBadge(a.severity)} ${escapeHtml(alarmText(a))} ${groupBadge(a)}</h2>
    <p class="muted small">${escapeHtml(a.id)} · ${escapeHtml(a.type)}</p>
    <dl class="details">
      ${row(t('alarm.source'), sourceHtml(a))}
      ${row(t('device.district'), escapeHtml(districtName(a)))}
      ${row(t('alarm.stateLabel'), `<span class="alarm-state">${escapeHtml(stateLabel(a))}</span>`)}
      ${row(t('alarm.raisedAt'), escapeHtml(formatTime(a.raisedAt)))}
      ${row(t('alarm.clearedAt'), escapeHtml(formatTime(a.clearedAt)))}
      ${row(t('alarm.ackedByLabel'), escapeHtml(a.ackedBy ? `${a.ackedBy} (${formatTime(a.ackedAt)})` : '—'))}
      ${a.shelvedUntil ? row(t('alarm.shelvedUntilLabel'), escapeHtml(formatTime(a.shelvedUntil))) : ''}
      ${a.group ? row(t('alarm.group'), escapeHtml(a.group)) : ''}
      ${a.escalatedTo?.length ? row(t('alarm.escalatedTo'), escapeHtml(a.escalatedTo.join(', '))) : ''}
    </dl>
    <p class="alarm-who small">${whoHtml(a)}</p>
    <div class="alarm-actions">${actionButtons(a, true)}</div>
    <h3>${escapeHtml(t('alarm.transitions'))}</h3>
    <table class="transitions">
      <thead><tr><th>${escapeHtml(t('alarm.at'))}</th><th>${escapeHtml(t('alarm.change'))}</th><th>${escapeHtml(t('alarm.actionLabel'))}</th>
        <th>${escapeHtml(t('alarm.by'))}</th><th>${escapeHtml(t('action.comment'))}</th></tr></thead>
      <tbody>${transitions}</tbody>
    </table>`;
}
