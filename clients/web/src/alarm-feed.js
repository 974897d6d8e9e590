// Where alarms come in: the hub's `alarm` messages, an action's answer, and the list from REST (at start,
// after every (re)connect, and while the hub is down). Each updates the store, the list and the open panel.
import { getAlarms } from './api.js';
import { alertCritical } from './alert.js';
import { applyAlarm, beginAlarmLoad, replaceAlarms, soundsAlert } from './alarm-store.js';
import { alarmUpdated } from './alarm-detail.js';
import { scheduleAlarms } from './render/alarms.js';

/** One alarm (the contract's JSON): replaced by id, dropped when normal; a new raise sounds the alert. */
export function receiveAlarm(alarm) {
  const { applied, previous } = applyAlarm(alarm);
  if (!applied) return;
  if (soundsAlert(alarm, previous)) alertCritical();
  alarmUpdated(alarm);
  scheduleAlarms();
}

/** Every alarm not normal, from GET /api/alarms; what the hub said meanwhile is kept; one missed meanwhile sounds. */
export async function loadAlarms() {
  const since = beginAlarmLoad();
  const list = await getAlarms();
  if (!Array.isArray(list)) return;
  if (replaceAlarms(list, since)) alertCritical(); // silent while the page is still loading
  scheduleAlarms();
}
