// The planner's views in the control room: each district's population 2005–2065 as a chart (uPlot, log scale so
// the mountain districts show beside Toyama's 300,000), and facility coverage as a map layer — covered and uncovered
// people per 500 m cell for a chosen year and facility set (/api/planning/coverage).
import uPlot from 'uplot';
import L from './leaflet-global.js';
import { getJson } from './api.js';
import { currentLang, onLangChange, pickName } from './i18n.js';
import { toast } from './dom.js';

const TEXT = {
  ja: {
    title: '計画：人口と施設カバー率',
    population: '地域別人口 2005–2065（2020年以降は推計）',
    year: '年',
    facilities: '施設',
    radius: '半径 m（空欄は既定）',
    show: 'カバー率を地図に表示',
    hide: '消す',
    layer: '施設カバー率（500 mメッシュ）',
    summary: ({ year, set, radius, covered, population, share }) =>
      `${year}年・${set}・半径${radius} m：${covered.toLocaleString('ja-JP')} / ${population.toLocaleString('ja-JP')} 人（${share} %）`,
    cell: (p) => `メッシュ ${p.mesh}：カバー ${p.covered} 人・圏外 ${p.uncovered} 人`,
    failed: (m) => `カバー率を取得できません：${m}`,
    sets: { admin: '行政施設（2 km）', schools: '小学校', 'junior-high': '中学校', childcare: '保育・幼稚園', stations: '駅' },
  },
  en: {
    title: 'Planning: population and facility coverage',
    population: 'Population by district 2005–2065 (projected from 2020)',
    year: 'Year',
    facilities: 'Facilities',
    radius: 'Radius m (blank: default)',
    show: 'Show coverage on the map',
    hide: 'Hide',
    layer: 'Facility coverage (500 m cells)',
    summary: ({ year, set, radius, covered, population, share }) =>
      `${year}, ${set}, ${radius} m: ${covered.toLocaleString('en')} of ${population.toLocaleString('en')} people (${share} %)`,
    cell: (p) => `cell ${p.mesh}: ${p.covered} covered, ${p.uncovered} out of reach`,
    failed: (m) => `Coverage could not be loaded: ${m}`,
    sets: { admin: 'Administrative (2 km)', schools: 'Elementary schools', 'junior-high': 'Junior high schools', childcare: 'Childcare', stations: 'Stations' },
  },
};
const SETS = ['admin', 'schools', 'junior-high', 'childcare', 'stations'];
const YEARS = Array.from({ length: 10 }, (_, i) => 2020 + 5 * i);
const DISTRICT_COLOURS = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c'];

const tx = () => TEXT[currentLang()] ?? TEXT.ja;

/** Cell colour by the share of its people out of reach: blue all covered, amber some, red most. */
function cellColour(p) {
  const out = p.population ? p.uncovered / p.population : 0;
  if (out === 0) return '#2b7bb9';
  return out < 0.5 ? '#f5b700' : '#e03131';
}

export function installPlanning(map, container) {
  const section = document.createElement('section');
  section.id = 'planning-panel';
  section.className = 'panel planning';
  section.innerHTML = `
    <h2 data-planning-text="title"></h2>
    <h3 data-planning-text="population"></h3>
    <div id="planning-chart" class="history"></div>
    <form id="planning-form" class="planning-form" style="display:grid;gap:4px;margin-top:6px">
      <label><span data-planning-text="year"></span> <select name="year">${YEARS.map((y) => `<option>${y}</option>`).join('')}</select></label>
      <label><span data-planning-text="facilities"></span> <select name="facilities">${SETS.map((s) => `<option value="${s}"></option>`).join('')}</select></label>
      <label><span data-planning-text="radius"></span> <input name="radius" type="number" min="1" max="50000" step="1" inputmode="numeric"></label>
      <button type="submit" style="color:#222" data-planning-text="show"></button>
      <button type="button" id="planning-hide" style="color:#222" data-planning-text="hide"></button>
    </form>
    <p id="planning-summary" class="muted" aria-live="polite"></p>`;
  container.append(section);

  const chartBox = section.querySelector('#planning-chart');
  const form = section.querySelector('#planning-form');
  const summary = section.querySelector('#planning-summary');
  let plot = null;
  let population = null;
  let layer = null;
  let last = null;

  function label() {
    const text = tx();
    for (const el of section.querySelectorAll('[data-planning-text]')) el.textContent = text[el.dataset.planningText];
    for (const option of form.facilities.options) option.textContent = text.sets[option.value];
    if (layer) {
      map.layersControl.removeLayer(layer);
      map.layersControl.addOverlay(layer, text.layer);
    }
    if (last) summary.textContent = describe(last);
  }

  function drawChart() {
    plot?.destroy();
    chartBox.textContent = '';
    if (!population) return;
    const width = Math.max(240, chartBox.clientWidth || 320);
    plot = new uPlot({
      width,
      height: Math.round(width * 0.6),
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ values: (u, ticks) => ticks.map((v) => String(v)) }, { size: 72 }],
      series: [{ label: tx().year }, ...population.districts.map((d, i) => ({
        label: pickName(d), stroke: DISTRICT_COLOURS[i % DISTRICT_COLOURS.length], width: 2,
        points: { show: true, size: 4 },
      }))],
      legend: { show: true },
    }, [population.years, ...population.districts.map((d) => d.population)], chartBox);
  }

  function describe(geo) {
    return tx().summary({
      year: geo.year, set: tx().sets[geo.facilityType] ?? geo.facilityType, radius: geo.radiusM,
      covered: geo.covered, population: geo.population, share: geo.sharePct,
    });
  }

  async function showCoverage(year, facilities, radius) {
    const query = new URLSearchParams({ year: String(year), facilities });
    if (radius) query.set('radius', String(radius));
    const geo = await getJson(`/api/planning/coverage?${query}`);
    hideCoverage();
    layer = L.geoJSON(geo, {
      style: (f) => ({ fillColor: cellColour(f.properties), fillOpacity: 0.55, color: '#444', weight: 0.3 }),
      onEachFeature: (f, l) => {
        l.bindTooltip(() => tx().cell(f.properties));
        l.on('add', () => {
          const el = l.getElement();
          el?.setAttribute('data-coverage-cell', f.properties.mesh);
          el?.setAttribute('data-uncovered', String(f.properties.uncovered));
        });
      },
    });
    layer.addTo(map.map);
    map.layersControl.addOverlay(layer, tx().layer);
    last = geo;
    summary.textContent = describe(geo);
    summary.dataset.sharePct = String(geo.sharePct);
    return geo.features.length;
  }

  function hideCoverage() {
    if (!layer) return;
    map.layersControl.removeLayer(layer);
    layer.remove();
    layer = null;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    showCoverage(form.year.value, form.facilities.value, form.radius.value.trim())
      .catch((err) => toast(tx().failed(err.message)));
  });
  section.querySelector('#planning-hide').addEventListener('click', () => {
    hideCoverage();
    last = null;
    summary.textContent = '';
  });
  onLangChange(() => {
    label();
    drawChart();
  });
  label();

  // For the browser tests and planners' scripts.
  window.twinPlanning = { showCoverage, hideCoverage, seriesCount: () => (plot ? plot.series.length - 1 : 0) };

  return getJson('/api/planning/population').then((p) => {
    population = p;
    drawChart();
  });
}
