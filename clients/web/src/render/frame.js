// Schedules the header's city summary and the side panels to be rendered together on the next frame.
import { renderCity } from './city.js';
import { renderDistrictList } from './districts.js';
import { renderDistrictPanel } from './district-panel.js';
import { renderAttention } from './attention.js';

/** A function that runs `render` on the next animation frame, once however often it is called before then. */
export function oncePerFrame(render) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      render();
    });
  };
}

// Messages can come in bursts (a snow storm); render the panels at most once per frame.
export const scheduleRender = oncePerFrame(() => {
  renderCity();
  renderDistrictList();
  renderDistrictPanel();
  renderAttention();
});
