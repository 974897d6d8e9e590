// The map's legend: the status colours, "silent", the device kinds' glyphs and the child-cell count.
import L from '../leaflet-global.js';
import { escapeHtml } from '../map.js';
import { t, onLangChange } from '../i18n.js';
import { colour, LADDER } from '../status.js';

export function addLegend(map) {
  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = () => {
    const div = L.DomUtil.create('div', 'legend');
    L.DomEvent.disableClickPropagation(div);
    legend.render = () => {
      div.innerHTML = `
        <div class="legend-statuses">${LADDER.map((s) => `<span><i style="background:${colour(s)}"></i>${escapeHtml(t(`status.${s}`))}</span>`).join('')}
          <span><i class="legend-silent"></i>${escapeHtml(t('silent'))}</span></div>
        <div class="legend-kinds">
          <span><b class="glyph kind-river-gauge">W</b>${escapeHtml(t('kind.river-gauge'))}</span>
          <span><b class="glyph kind-snow-pump">P</b>${escapeHtml(t('kind.snow-pump'))}</span>
          <span><b class="glyph kind-bridge-joint">B</b>${escapeHtml(t('kind.bridge-joint'))}</span>
          <span><b class="glyph kind-env-sensor">E</b>${escapeHtml(t('kind.env-sensor'))}</span>
          <span><b class="glyph child">5</b>${escapeHtml(t('children.note'))}</span>
        </div>
        <div class="legend-note">${escapeHtml(t('map.districtsApprox'))} · ${escapeHtml(t('map.generated'))}</div>`;
    };
    legend.render();
    return div;
  };
  legend.addTo(map.map);
  onLangChange(() => legend.render());
}
