// The selected district's panel: population and devices, rivers, pumps, bridges, weather, children out.
import { escapeHtml } from '../map.js';
import { t, pickName, formatTime, childCount } from '../i18n.js';
import { state } from '../state.js';
import { $ } from '../dom.js';
import { statusBadge } from './badge.js';
import { riverSegments } from './rivers.js';

export function renderDistrictPanel() {
  const panel = $('#district-panel');
  const d = state.districts.get(state.selectedDistrict);
  if (!d) {
    panel.innerHTML = '';
    return;
  }
  const p = d.pumps ?? {};
  const b = d.bridges ?? {};
  const w = d.weather;
  const num = (v, unit) => (typeof v === 'number' ? `${v.toFixed(1)} ${unit}` : '—');
  panel.dataset.districtId = d.id;
  panel.dataset.status = d.status;
  panel.innerHTML = `
    <h2>${escapeHtml(pickName(d))} ${statusBadge(d.status)}</h2>
    <p class="muted">${escapeHtml(t('population'))} ${Number(d.population ?? 0).toLocaleString()} · ${escapeHtml(t('devices'))} ${d.counts?.total ?? 0}${
      d.counts?.silent ? ` · ${escapeHtml(t('silent'))} ${d.counts.silent}` : ''}</p>
    <h3>${escapeHtml(t('rivers'))}</h3>
    ${riverSegments(d.id)}
    <h3>${escapeHtml(t('pumps'))}</h3>
    <dl class="figures">
      <div><dt>${escapeHtml(t('pumps.running'))}</dt><dd>${p.running ?? 0}</dd></div>
      <div><dt>${escapeHtml(t('pumps.available'))}</dt><dd>${p.available ?? 0}</dd></div>
      <div class="${p.faults ? 'bad' : ''}"><dt>${escapeHtml(t('pumps.faults'))}</dt><dd data-pump-faults>${p.faults ?? 0}</dd></div>
      <div><dt>${escapeHtml(t('pumps.lowWater'))}</dt><dd>${p.lowWater ?? 0}</dd></div>
      <div><dt>${escapeHtml(t('pumps.silent'))}</dt><dd>${p.silent ?? 0}</dd></div>
      <div><dt>${escapeHtml(t('pumps.total'))}</dt><dd>${p.total ?? 0}</dd></div>
    </dl>
    <h3>${escapeHtml(t('bridges'))} ${statusBadge(b.worst ?? 'unknown')}</h3>
    <dl class="figures">
      <div><dt>${escapeHtml(t('bridges.joints'))}</dt><dd>${b.joints ?? 0}</dd></div>
      <div class="${b.alarms ? 'bad' : ''}"><dt>${escapeHtml(t('bridges.alarms'))}</dt><dd>${b.alarms ?? 0}</dd></div>
    </dl>
    <h3>${escapeHtml(t('weather'))}</h3>
    ${w ? `<dl class="figures">
      <div><dt>${escapeHtml(t('weather.temp'))}</dt><dd>${num(w.airTempC, '°C')}</dd></div>
      <div><dt>${escapeHtml(t('weather.precip'))}</dt><dd>${num(w.precipitationMmH, 'mm/h')}</dd></div>
      <div><dt>${escapeHtml(t('weather.snow'))}</dt><dd>${num(w.snowfallCmH, 'cm/h')}</dd></div>
    </dl><p class="muted small">${escapeHtml(formatTime(w.ts))}</p>` : `<p class="muted">${escapeHtml(t('weather.none'))}</p>`}
    <h3>${escapeHtml(t('children'))}</h3>
    <p class="big-number" data-children-out>${escapeHtml(childCount(d.children?.out))}</p>
    <p class="muted small">${escapeHtml(t('children.note'))}</p>`;
}
