// A district's river segments for its panel: each gauge's level on a bar with its thresholds as ticks.
import { escapeHtml } from '../map.js';
import { t, pickName } from '../i18n.js';
import { colour } from '../status.js';
import { state } from '../state.js';
import { statusBadge } from './badge.js';

const LEVELS = ['standby_m', 'caution_m', 'evacuation_m', 'danger_m'];

function levelBar(g) {
  const th = g.thresholds ?? {};
  const top = (th.danger_m ?? Math.max(g.levelM ?? 1, 1)) * 1.15;
  const pct = (v) => `${Math.max(0, Math.min(100, (v / top) * 100)).toFixed(1)}%`;
  const ticks = LEVELS
    .filter((k) => typeof th[k] === 'number')
    .map((k) => `<i class="tick tick-${k}" style="left:${pct(th[k])}" title="${escapeHtml(t(`threshold.${k}`))} ${th[k]} m"></i>`).join('');
  const fill = typeof g.levelM === 'number' ? `<b style="width:${pct(g.levelM)};background:${colour(g.status)}"></b>` : '';
  // The next level up is what the operator needs to know: "0.92 m — caution 0.80 m, evacuation 1.10 m".
  const next = LEVELS.find((k) => typeof th[k] === 'number' && !(g.levelM >= th[k]));
  const label = typeof g.levelM === 'number' ? `${g.levelM.toFixed(2)} m` : '—';
  const nextText = next ? ` <span class="muted">→ ${escapeHtml(t(`threshold.${next}`))} ${th[next]} m</span>` : '';
  return `<div class="gauge" data-gauge-id="${escapeHtml(g.id)}">
    <div class="gauge-head"><button type="button" class="link" data-open-device="${escapeHtml(g.id)}">${escapeHtml(g.name)}</button>
      ${statusBadge(g.status, g.silent)}</div>
    <div class="level-bar">${fill}${ticks}</div>
    <div class="gauge-value">${label}${nextText}</div></div>`;
}

/** The segments of one district, or a note that it has none. */
export function riverSegments(districtId) {
  const rivers = [...state.rivers.values()].filter((s) => s.district === districtId);
  return rivers.length ? rivers.map((s) => `<div class="segment" data-segment-id="${escapeHtml(s.id)}">
        <div class="segment-head">${escapeHtml(pickName(s))} ${statusBadge(s.status)}</div>
        ${(s.gauges ?? []).map(levelBar).join('')}</div>`).join('') : `<p class="muted">${escapeHtml(t('rivers.none'))}</p>`;
}
