// The alarm list (worst first, each row with its acknowledge and shelve buttons), its counts, and the header's
// badge of unacknowledged alarms. Rows are kept by id and rebuilt only when they change, so a burst of other
// alarms does not swap a button from under the operator's pointer.
import { escapeHtml } from '../map.js';
import { t, formatTime } from '../i18n.js';
import { colour } from '../status.js';
import { $ } from '../dom.js';
import { sortedAlarms, unackedCount, isUnacked } from '../alarm-store.js';
import { statusBadge } from './badge.js';
import { oncePerFrame } from './frame.js';
import { alarmText, sourceHtml, districtName, stateLabel, whoHtml, groupBadge, actionButtons } from './alarm-parts.js';

const rows = new Map(); // alarm id → {html, li}

/** After a language change: every row again. */
export function relabelAlarms() {
  rows.clear();
  renderAlarms();
}

function rowHtml(a) {
  const unacked = isUnacked(a);
  return `<li class="alarm st-${escapeHtml(a.severity)}${unacked ? ' unacked' : ''}${a.state === 'shelved' || a.state === 'out-of-service' ? ' suppressed' : ''}"
    data-alarm-id="${escapeHtml(a.id)}" data-state="${escapeHtml(a.state)}" data-severity="${escapeHtml(a.severity)}"
    data-type="${escapeHtml(a.type)}" data-source="${escapeHtml(a.source)}" style="--c:${colour(a.severity)}">
      <div class="alarm-head">${statusBadge(a.severity)} <span class="alarm-type">${escapeHtml(alarmText(a))}</span> ${groupBadge(a)}</div>
      <div class="alarm-body">${sourceHtml(a)} <span class="muted small">${escapeHtml(districtName(a))}</span></div>
      <div class="alarm-foot muted small"><span class="alarm-state">${escapeHtml(stateLabel(a))}</span> · <span>${escapeHtml(formatTime(a.raisedAt))}</span></div>
      <div class="alarm-who small">${whoHtml(a)}</div>
      <div class="alarm-actions">${actionButtons(a, false)}</div></li>`;
}

export function renderAlarms() {
  const ul = $('#alarm-list');
  const alarms = sortedAlarms();
  const unacked = unackedCount();
  $('#alarm-count').textContent = alarms.length ? String(alarms.length) : '';
  const badge = $('#alarm-badge');
  badge.dataset.count = String(unacked);
  badge.textContent = t('alarms.unacked', { n: unacked });
  badge.hidden = unacked === 0;
  if (alarms.length === 0) {
    rows.clear();
    ul.innerHTML = `<li class="muted empty">${escapeHtml(t('alarms.none'))}</li>`;
    return;
  }
  const seen = new Set();
  const lis = alarms.map((a) => {
    seen.add(a.id);
    const html = rowHtml(a);
    let row = rows.get(a.id);
    if (!row || row.html !== html) {
      const template = document.createElement('template');
      template.innerHTML = html;
      row = { html, li: template.content.firstElementChild };
      rows.set(a.id, row);
    }
    return row.li;
  });
  for (const id of [...rows.keys()]) if (!seen.has(id)) rows.delete(id);
  // Moving a node keeps it (and a pending click on it); only changed rows were made anew.
  if (lis.some((li, i) => ul.children[i] !== li) || ul.children.length !== lis.length) ul.replaceChildren(...lis);
}

/** Renders the list on the next frame (alarms can come in bursts). */
export const scheduleAlarms = oncePerFrame(renderAlarms);
