// The base map: the twin's own GeoJSON layers from /api/layers, and their sources in the attribution.
import { escapeHtml } from './map.js';
import { t } from './i18n.js';
import { getLayers } from './api.js';

const LAYERS = ['boundary', 'districts', 'rail-lines', 'rail-stations'];

export async function loadBaseMap(map) {
  const [index, ...layers] = await getLayers(LAYERS);
  // The index lists every source once (and the generated-positions note); the layers' own attribution
  // members repeat them in combinations, so they are the fallback only.
  const attributions = index?.attributions ?? layers.map((l) => l?.attribution).filter(Boolean);
  for (const a of new Set(attributions)) map.map.attributionControl.addAttribution(escapeHtml(a));
  if (!index) map.map.attributionControl.addAttribution(escapeHtml(t('map.generated')));
  LAYERS.forEach((name, i) => { if (layers[i]) map.addBaseLayer(name, layers[i]); });
  map.map.attributionControl.addAttribution(escapeHtml(t('map.districtsApprox')));
}
