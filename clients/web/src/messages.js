// Applies what the server says (the hub's messages, and REST at start-up and while the hub is down) to the
// state store, the map and the panels.
import { state, DISTRICT_IDS } from './state.js';
import { getPicture, getChildCells } from './api.js';
import { alertCritical } from './alert.js';
import { t } from './i18n.js';
import { toast } from './dom.js';
import { deviceMessage } from './device-panel.js';
import { receiveAlarm, loadAlarms } from './alarm-feed.js';
import { scheduleRender } from './render/frame.js';
import { invalidateAttention } from './render/attention.js';
import { scheduleAlarms } from './render/alarms.js';

/** The hub's handlers (city, district, river, device, alarm) and the REST loader, both drawing on `map`. */
export function twinMessages(map) {
  function applyDeviceStatus(id, status, silent) {
    const d = state.devices.get(id);
    if (!d) return;
    const wasCritical = d.status === 'critical';
    if (d.status !== status || d.silent !== !!silent) invalidateAttention();
    d.status = status;
    d.silent = !!silent;
    map.setDeviceStatus(id, status, silent);
    if (status === 'critical' && !wasCritical) alertCritical();
  }

  function applyDistrict(snapshot) {
    const previous = state.districts.get(snapshot.id);
    // A city message carries district summaries without childCells; keep the ones a district message brought.
    state.districts.set(snapshot.id, { ...previous, ...snapshot });
    map.setDistrict(snapshot);
    if (snapshot.status === 'critical' && previous && previous.status !== 'critical') alertCritical();
    for (const seg of snapshot.rivers ?? []) if (!state.rivers.has(seg.id)) state.rivers.set(seg.id, seg);
  }

  function applyChanged(changed) {
    for (const c of changed ?? []) applyDeviceStatus(c.id, c.status, c.silent);
  }

  const handlers = {
    city(msg) {
      state.city = msg;
      for (const d of msg.districts ?? []) applyDistrict(d);
      applyChanged(msg.changed);
      scheduleRender();
    },
    district(msg) {
      applyDistrict(msg);
      applyChanged(msg.changed);
      if (msg.childCells) map.setChildCells(msg.id, msg.childCells);
      scheduleRender();
    },
    river(msg) {
      state.rivers.set(msg.id, msg);
      scheduleRender();
    },
    device(msg) {
      const known = state.devices.get(msg.id);
      if (known) applyDeviceStatus(msg.id, msg.status, msg.health?.silent ?? msg.silent);
      deviceMessage(msg);
    },
    alarm: receiveAlarm,
  };

  /** The whole picture from REST, alarms included; the first time also every district's child cells. */
  async function loadFromRest(initial) {
    const alarms = loadAlarms().catch((err) => toast(t('alarms.loadFailed', { error: err.message })));
    const [city, devices, rivers] = await getPicture();
    for (const seg of rivers ?? []) state.rivers.set(seg.id, seg);
    for (const d of devices ?? []) {
      // A child tracker is listed without status or position: the page shows children only as counts.
      if (d.kind === 'child-tracker') continue;
      const known = state.devices.get(d.id);
      if (known) applyDeviceStatus(d.id, d.status, d.silent);
      else {
        invalidateAttention();
        state.devices.set(d.id, { ...d });
        map.upsertDevice(d);
      }
    }
    if (city) handlers.city({ ...city, changed: [] });
    if (initial) {
      const cells = await getChildCells(DISTRICT_IDS);
      DISTRICT_IDS.forEach((id, i) => { if (Array.isArray(cells[i])) map.setChildCells(id, cells[i]); });
    }
    await alarms;
    scheduleAlarms(); // the rows name sources and districts, which may have come after the alarms
  }

  return { handlers, loadFromRest };
}
