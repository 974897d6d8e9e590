// The header's controls: the connection indicator, the sound and language buttons, the clock, and the alarm
// panel's button naming who acts on alarms.
import { t, currentLang } from '../i18n.js';
import { soundEnabled } from '../sound.js';
import { state } from '../state.js';
import { $ } from '../dom.js';

export function setConnection(s) {
  state.conn = s;
  const el = $('#conn');
  el.dataset.state = s;
  el.textContent = t(`conn.${s}`);
}

export function renderSound() {
  const on = soundEnabled();
  $('#sound').textContent = t(on ? 'sound.on' : 'sound.off');
  $('#sound').dataset.on = String(on);
}

export function renderLangButton() {
  $('#lang').textContent = currentLang() === 'ja' ? 'English' : '日本語';
}

export function tickClock() {
  $('#clock').textContent = new Date().toLocaleString(currentLang() === 'en' ? 'en-GB' : 'ja-JP', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

