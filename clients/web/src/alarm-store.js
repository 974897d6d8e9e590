// The alarms the page knows (state.alarms): replaced by id as the server sends them, dropped when `normal`,
// ordered worst first. Pure bookkeeping: no DOM, no network.
import { state } from './state.js';
import { rank } from './status.js';

const UNACKED = new Set(['active-unacknowledged', 'returned-unacknowledged']);
const SUPPRESSED = new Set(['shelved', 'out-of-service']);
const SOUNDING = new Set(['raise', 'escalate']);

// A REST list is a snapshot taken when it was asked for; a hub message or an action's answer that came
// while it travelled is newer. Each single update gets a number, and a list yields to updates numbered after
// its request began.
let updates = 0;
const updatedAt = new Map(); // alarm id → number of its latest single update

export const isUnacked = (a) => UNACKED.has(a.state);
const isSuppressed = (a) => (SUPPRESSED.has(a.state) ? 1 : 0);
const transitionCount = (a) => a?.transitions?.length ?? 0;
const lastTransition = (a) => a?.transitions?.at(-1) ?? null;

/**
 * One alarm from the hub or from an action's answer. Returns {applied, previous}; an alarm with fewer
 * transitions than the one already known is older (the hub and a POST's answer can cross) and is ignored.
 */
export function applyAlarm(alarm) {
  const previous = state.alarms.get(alarm.id);
  if (previous && transitionCount(alarm) < transitionCount(previous)) return { applied: false, previous };
  updatedAt.set(alarm.id, ++updates);
  if (alarm.state === 'normal') state.alarms.delete(alarm.id);
  else state.alarms.set(alarm.id, alarm);
  return { applied: true, previous };
}

/** Call before asking for the list; hand the result to replaceAlarms with the list. */
export function beginAlarmLoad() {
  return updates;
}

/**
 * The whole list from GET /api/alarms (every alarm not normal), except what single updates said since `since`.
 * Returns whether it brought a raise the page had not heard of (sent while the hub was down).
 */
export function replaceAlarms(list, since) {
  const listed = new Set(list.map((a) => a.id));
  for (const id of [...state.alarms.keys()]) {
    if (!listed.has(id) && (updatedAt.get(id) ?? 0) <= since) state.alarms.delete(id);
  }
  let sounding = false;
  for (const a of list) {
    if ((updatedAt.get(a.id) ?? 0) > since || a.state === 'normal') continue;
    if (soundsAlert(a, state.alarms.get(a.id))) sounding = true;
    state.alarms.set(a.id, a);
  }
  for (const [id, n] of updatedAt) if (n <= since && !state.alarms.has(id)) updatedAt.delete(id);
  return sounding;
}

/** A newly raised (or escalated) unacknowledged alarm of severity alarm or critical: the operator must hear it. */
export function soundsAlert(alarm, previous) {
  if (alarm.state !== 'active-unacknowledged' || rank(alarm.severity) < rank('alarm')) return false;
  const last = lastTransition(alarm);
  if (!last || !SOUNDING.has(last.action)) return false;
  const before = lastTransition(previous);
  return !before || before.at !== last.at || before.action !== last.action;
}

/** Worst first: shelved and out-of-service last, then severity, unacknowledged before acknowledged, newest. */
export function sortedAlarms() {
  return [...state.alarms.values()].sort((a, b) =>
    (isSuppressed(a) - isSuppressed(b))
    || (rank(b.severity) - rank(a.severity))
    || ((isUnacked(b) ? 1 : 0) - (isUnacked(a) ? 1 : 0))
    || ((Date.parse(b.raisedAt) || 0) - (Date.parse(a.raisedAt) || 0))
    || String(a.id).localeCompare(String(b.id)));
}

export function unackedCount() {
  let n = 0;
  for (const a of state.alarms.values()) if (isUnacked(a)) n++;
  return n;
}
