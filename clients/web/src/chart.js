// The device panel's history chart (uPlot): the reading's main number over the last 24 hours, with the
// device's thresholds as flat lines so the operator sees how far a level is from the next warning.
import uPlot from 'uplot';
import { t } from './i18n.js';

/** The number a kind's reading is charted by. */
export function chartField(kind, reading) {
  switch (kind) {
    case 'river-gauge': return 'level_m';
    case 'snow-pump': return 'pressure_mpa';
    case 'bridge-joint': return 'gap_mm';
    case 'env-sensor': {
      const names = Object.keys(reading?.metrics ?? {});
      return names.length ? `metrics.${names[0]}` : null;
    }
    default: return null; // child trackers: never charted here (their readings are positions)
  }
}

function valueOf(reading, field) {
  if (!field || !reading) return null;
  const v = field.startsWith('metrics.') ? reading.metrics?.[field.slice(8)] : reading[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const THRESHOLD_LINES = {
  'river-gauge': [['standby_m', '#3bc9db'], ['caution_m', '#f5b700'], ['evacuation_m', '#e03131'], ['danger_m', '#8e2de2']],
  'snow-pump': [['min_pressure_mpa', '#f5b700'], ['max_pressure_mpa', '#e03131']],
  'bridge-joint': [['gap_min_mm', '#e03131'], ['gap_max_mm', '#e03131']],
};

export class HistoryChart {
  constructor(container) {
    this.container = container;
    this.plot = null;
    this.readings = [];
  }

  destroy() {
    this.plot?.destroy();
    this.plot = null;
    this.readings = [];
  }

  /** Draws readings (oldest first); returns false when there is nothing to draw. */
  draw(device, readings) {
    this.destroy();
    this.device = device;
    this.field = chartField(device.kind, device.reading ?? readings.at(-1));
    this.readings = readings.filter((r) => valueOf(r, this.field) !== null && r.ts);
    return this.#render();
  }

  /** Appends a live reading if it is newer than the last one charted. */
  append(device) {
    const r = device.reading;
    if (!this.device || device.id !== this.device.id || !r || valueOf(r, this.field) === null) return false;
    const last = this.readings.at(-1);
    if (last && Date.parse(last.ts) >= Date.parse(r.ts)) return false;
    this.device = device;
    this.readings.push(r);
    this.plot?.destroy();
    this.plot = null;
    return this.#render();
  }

  #render() {
    this.container.textContent = '';
    if (this.readings.length === 0) return false;
    const xs = this.readings.map((r) => Date.parse(r.ts) / 1000);
    const ys = this.readings.map((r) => valueOf(r, this.field));
    const series = [{}, { label: this.field, stroke: '#1c7ed6', width: 2, points: { show: this.readings.length < 60 } }];
    const data = [xs, ys];
    for (const [key, stroke] of THRESHOLD_LINES[this.device.kind] ?? []) {
      const v = this.device.thresholds?.[key];
      if (typeof v !== 'number') continue;
      series.push({ label: t(`threshold.${key}`), stroke, width: 1, dash: [6, 4], points: { show: false } });
      data.push(xs.map(() => v));
    }
    const width = Math.max(240, this.container.clientWidth || 360);
    this.plot = new uPlot({
      width,
      height: Math.round(width * 0.5),
      series,
      axes: [{}, { label: this.field }],
      legend: { show: true },
      scales: { x: { time: true } },
    }, data, this.container);
    return true;
  }
}
