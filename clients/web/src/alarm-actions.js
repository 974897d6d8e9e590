// The operator's actions on an alarm: acknowledge, shelve (1, 8 or 24 h), unshelve, out of service, in service.
// Who acts is the signed-in account (the server takes it from the session); the server decides whether the action applies and whether this account may
// take it, and its refusal (ProblemDetails) is shown in the toast.
import { t } from './i18n.js';
import { state } from './state.js';
import { toast } from './dom.js';
import { postAlarmAction } from './api.js';
import { askAction } from './dialogs.js';
import { alarmText } from './render/alarm-parts.js';
import { receiveAlarm } from './alarm-feed.js';

const busy = new Set(); // "id action" in flight: a double click sends once

/** Runs `action` on alarm `id`, asking, except to acknowledge, a comment. */
export async function actOnAlarm(id, action, button) {
  const key = `${id} ${action}`;
  if (busy.has(key)) return;
  busy.add(key);
  if (button) button.disabled = true;
  try {
    const alarm = state.alarms.get(id);
    const details = action === 'ack' ? { comment: null } : await askAction(action, alarm ? alarmText(alarm) : id);
    if (!details) return;
    const body = { comment: details.comment }; // who acts is the signed-in account
    if (details.until) body.until = details.until;
    receiveAlarm(await postAlarmAction(id, action, body));
  } catch (err) {
    toast(`${t('alarm.actionFailed', { action: t(`alarm.do.${action}`) })}: ${err.message}`);
  } finally {
    busy.delete(key);
    if (button?.isConnected) button.disabled = false;
  }
}
