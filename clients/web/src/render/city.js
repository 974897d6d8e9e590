// The city summary in the header: the city's status, pump faults and children out.
import { escapeHtml } from '../map.js';
import { t, childCount } from '../i18n.js';
import { state } from '../state.js';
import { $ } from '../dom.js';
import { statusBadge } from './badge.js';

export function renderCity() {
  const c = state.city;
  const el = $('#city-status');
  if (!c) {
    el.innerHTML = '';
    return;
  }
  el.dataset.status = c.status;
  el.innerHTML = `${escapeHtml(t('city'))} ${statusBadge(c.status)}
    <span class="muted">${escapeHtml(t('pumps.faults'))} ${c.pumps?.faults ?? 0} · ${escapeHtml(t('children'))} ${escapeHtml(childCount(c.children?.out))}</span>`;
}
