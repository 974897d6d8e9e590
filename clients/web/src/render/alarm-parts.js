// What the alarm list and the alarm panel both show of an alarm: its text, its source, who acted, its buttons.
import { escapeHtml } from '../map.js';
import { t, currentLang, pickName, formatTime } from '../i18n.js';
import { state } from '../state.js';

// What an operator may try in each state; the server has the last word (409 when it does not apply).
const OPERATOR_ACTIONS = {
  'active-unacknowledged': ['ack', 'shelve'],
  'returned-unacknowledged': ['ack', 'shelve'],
  'active-acknowledged': ['shelve'],
  shelved: ['unshelve'],
  'out-of-service': [],
  normal: [],
};

/** The type as text in the page's language (the alarm's own text, else the type's code). */
export function alarmText(a) {
  const text = a.text ?? {};
  return (currentLang() === 'en' ? text.en || text.ja : text.ja || text.en) || a.type;
}

/** The source's name (the alarm's, else the device's), as a button opening the device when it is one. */
export function sourceHtml(a) {
  const device = state.devices.get(a.source);
  const name = escapeHtml(a.name ?? device?.name ?? a.source);
  return device
    ? `<button type="button" class="link" data-show-device="${escapeHtml(a.source)}" title="${escapeHtml(a.source)}">${name}</button>`
    : `<span title="${escapeHtml(a.source)}">${name}</span>`;
}

export function districtName(a) {
  const district = state.districts.get(a.district);
  return district ? pickName(district) : a.district ?? '';
}

export function stateLabel(a) {
  return t(`alarm.state.${a.state}`);
}

/** Who acknowledged and who acted last (when someone else, or something else than acknowledging), and when. */
export function whoHtml(a) {
  const parts = [];
  if (a.ackedBy) parts.push(t('alarm.ackedBy', { by: a.ackedBy, at: formatTime(a.ackedAt) }));
  const last = a.transitions?.at(-1);
  if (last?.by && !(last.action === 'acknowledge' && last.by === a.ackedBy)) {
    parts.push(t('alarm.actedBy', { action: t(`alarm.action.${last.action}`), by: last.by, at: formatTime(last.at) }));
  }
  if (a.state === 'shelved' && a.shelvedUntil) parts.push(t('alarm.shelvedUntil', { at: formatTime(a.shelvedUntil) }));
  return parts.map((p) => `<span>${escapeHtml(p)}</span>`).join(' · ');
}

export function groupBadge(a) {
  return a.group ? `<span class="badge group" title="${escapeHtml(a.group)}">${escapeHtml(t('alarm.group'))}</span>` : '';
}

/** The action buttons for the alarm's state; `managers` adds out-of-service / in-service. */
export function actionButtons(a, managers) {
  const actions = [...(OPERATOR_ACTIONS[a.state] ?? [])];
  if (managers && a.state !== 'normal') actions.push(a.state === 'out-of-service' ? 'in-service' : 'out-of-service');
  return actions.map((action) => `<button type="button" class="act act-${action}" data-alarm-action="${action}" data-alarm="${escapeHtml(a.id)}">${
    escapeHtml(t(`alarm.do.${action}`))}</button>`).join('');
}
