// The attention list beneath the alarms: the devices at warning or above, rebuilt only when something changed.
import { escapeHtml } from '../map.js';
import { t, pickName } from '../i18n.js';
import { colour, rank } from '../status.js';
import { state } from '../state.js';
import { $ } from '../dom.js';
import { statusBadge } from './badge.js';

// Until alarms are raised and acknowledged (the alarm service), the operator still sees at a glance which
// devices stand at warning or above, worst first. Child trackers are never listed one by one.
const ATTENTION_SHOWN = 30;

let dirty = true;

/** The next renderAttention rebuilds the list (a device's status changed, a device came, the language changed). */
export function invalidateAttention() {
  dirty = true;
}

export function renderAttention() {
  if (!dirty) return;
  dirty = false;
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
