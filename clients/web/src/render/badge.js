// The status badge every panel shows: the status in its ladder colour, and "silent" beside it when so.
import { escapeHtml } from '../map.js';
import { t } from '../i18n.js';
import { colour } from '../status.js';

export function statusBadge(status, silent) {
  return `<span class="badge st-${escapeHtml(status)}" style="--c:${colour(status)}">${escapeHtml(t(`status.${status}`))}</span>${
    silent ? ` <span class="badge silent">${escapeHtml(t('silent'))}</span>` : ''}`;
}
