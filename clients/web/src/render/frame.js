// Schedules the header's city summary and the side panels to be rendered together on the next frame.
import { renderCity } from './city.js';
import { renderDistrictList } from './districts.js';
import { renderDistrictPanel } from './district-panel.js';
import { renderAttention } from './attention.js';

// Messages can come in bursts (a snow storm); render the panels at most once per frame.
let renderPending = false;

export function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    renderCity();
    renderDistrictList();
    renderDistrictPanel();
    renderAttention();
  });
}
