// The REST calls: the first picture (and the stand-in while the hub is down), the device panel's details
// and history, the alarms and the operator's actions on them. A 404 reads as null; a 401 (not signed in, or
// the session ended) goes to /login; any other failure throws. The sign-in cookie goes with every same-origin call.

/** Leaves for the sign-in page, which comes back here afterwards. */
export function signIn() {
  const back = location.pathname + location.search + location.hash;
  location.assign(`/login?returnUrl=${encodeURIComponent(back)}`);
}

export async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (res.status === 401) {
    signIn();
    throw new Error(`${url}: not signed in`);
  }
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** The layer index and the named base layers, each null when it cannot be had. */
export function getLayers(names) {
  return Promise.all([
    getJson('/api/layers').catch(() => null),
    ...names.map((name) => getJson(`/api/layers/${name}`).catch(() => null)),
  ]);
}

/** [city, devices, rivers]: the summaries the map and the panels start from. */
export function getPicture() {
  return Promise.all([
    getJson('/api/city'),
    getJson('/api/devices'),
    getJson('/api/rivers'),
  ]);
}

/** Each district's child cells, null for a district whose cells cannot be had. */
export function getChildCells(districtIds) {
  return Promise.all(districtIds.map((id) => getJson(`/api/districts/${id}/children/cells`).catch(() => null)));
}

export function getDevice(id) {
  return getJson(`/api/devices/${encodeURIComponent(id)}`);
}

export function getHistory(id, from, to) {
  return getJson(`/api/devices/${encodeURIComponent(id)}/history?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
}

/** The signed-in account {name, roles, schools}; goes to /login when there is none. */
export function getMe() {
  return getJson('/api/auth/me');
}

/** Every alarm not `normal` (the server's default when no state is asked for). */
export function getAlarms() {
  return getJson('/api/alarms');
}

export function getAlarm(id) {
  return getJson(`/api/alarms/${encodeURIComponent(id)}`);
}

/**
 * POST /api/alarms/{id}/{action} (ack, shelve, unshelve, out-of-service, in-service) with {comment, until?, by};
 * resolves to the alarm as the server now has it. A refusal throws an Error whose message is the server's
 * ProblemDetails (title — detail), or the HTTP status when the answer has none.
 */
export async function postAlarmAction(id, action, body) {
  const res = await fetch(`/api/alarms/${encodeURIComponent(id)}/${action}`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 401) signIn();
  if (res.ok) return res.json();
  const problem = await res.json().catch(() => null);
  const text = [problem?.title, problem?.detail].filter(Boolean).join(' — ');
  const err = new Error(text || `HTTP ${res.status}`);
  err.status = res.status;
  throw err;
}
