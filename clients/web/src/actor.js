// Who acts on an alarm (the `by` of an action). Until accounts exist the operator names themselves once and
// the page remembers the name in localStorage. This is the one place to swap for the signed-in account
// when the sign-in at /login arrives.
import { askName } from './dialogs.js';

const STORAGE_KEY = 'twin.actor';
const listeners = new Set();
let remembered = null; // when storage is disabled (kiosk profiles), the name lasts as long as the page

export function currentActor() {
  try {
    return localStorage.getItem(STORAGE_KEY) || remembered;
  } catch {
    return remembered;
  }
}

function remember(name) {
  remembered = name;
  try {
    localStorage.setItem(STORAGE_KEY, name);
  } catch { /* kept in memory only */ }
  for (const fn of listeners) fn(name);
}

export function onActorChange(fn) {
  listeners.add(fn);
}

/** The name to send as `by`; asks for it the first time. Null when the operator cancels. */
export async function actingAs() {
  return currentActor() ?? changeActor();
}

/** Asks for the operator's name again (another operator takes the desk). Null when cancelled. */
export async function changeActor() {
  const name = (await askName(currentActor() ?? ''))?.trim();
  if (!name) return null;
  remember(name);
  return name;
}
