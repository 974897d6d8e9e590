// The flash and the beep for a new critical status, and for a newly raised alarm of severity alarm or critical
// (none for what is already so when the page opens).
import { state } from './state.js';
import { beep } from './sound.js';

let lastBeep = 0;

export function alertCritical() {
  if (!state.loaded) return;
  document.body.classList.remove('flash');
  void document.body.offsetWidth; // restart the CSS animation
  document.body.classList.add('flash');
  const now = Date.now();
  if (now - lastBeep > 3000) {
    lastBeep = now;
    beep();
  }
}
