// The operator's small form, as a native <dialog>: the details of an alarm action (a comment; for shelving,
// until when). Each resolves to the answer, or null when cancelled (button or Esc).
import { $ } from './dom.js';
import { t } from './i18n.js';

export const SHELVE_HOURS = [1, 8, 24];

function ask(dialog, read) {
  const form = dialog.querySelector('form');
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? read(form) : null), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

/** {comment, until} for `action` on `alarm`; `until` (ISO) only when shelving, from the 1/8/24 h presets. */
export function askAction(action, alarmTitle) {
  const dialog = $('#action-dialog');
  const form = dialog.querySelector('form');
  const shelving = action === 'shelve';
  $('#action-title').textContent = `${t(`alarm.do.${action}`)}: ${alarmTitle}`;
  $('#action-until').hidden = !shelving;
  form.elements.comment.value = '';
  form.elements.hours.value = String(SHELVE_HOURS[0]);
  return ask(dialog, () => ({
    comment: form.elements.comment.value.trim() || null,
    until: shelving ? new Date(Date.now() + Number(form.elements.hours.value) * 3600_000).toISOString() : undefined,
  }));
}
