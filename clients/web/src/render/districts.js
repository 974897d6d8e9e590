// The district tiles in the sidebar: one per district with its status, the selected one marked.
import { escapeHtml } from '../map.js';
import { pickName } from '../i18n.js';
import { colour } from '../status.js';
import { state, DISTRICT_IDS } from '../state.js';
import { $ } from '../dom.js';
import { statusBadge } from './badge.js';

export function renderDistrictList() {
  const ul = $('#district-list');
  ul.innerHTML = DISTRICT_IDS.map((id) => {
    const d = state.districts.get(id);
    const status = d?.status ?? 'unknown';
    return `<li><button type="button" class="district-tile${id === state.selectedDistrict ? ' selected' : ''}"
      data-district-id="${id}" data-status="${escapeHtml(status)}" style="--c:${colour(status)}">
      <span class="name">${escapeHtml(d ? pickName(d) : id)}</span>${statusBadge(status)}</button></li>`;
  }).join('');
}
