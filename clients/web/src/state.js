// The page's state store: what the server has said so far and what the operator has selected or opened.

export const DISTRICT_IDS = ['toyama', 'osawano', 'oyama', 'yatsuo', 'fuchu', 'yamada', 'hosoiri'];

export const state = {
  city: null,
  districts: new Map(), // id → district summary (from city.districts or district messages)
  devices: new Map(), // id → {id, kind, district, name, position, status, silent}; children have no position
  rivers: new Map(), // segment id → segment summary
  alarms: new Map(), // alarm id → alarm
  selectedDistrict: 'toyama',
  openDevice: null, // the device panel's device (full state), or null
  conn: 'connecting',
  loaded: false, // no beeps for what is already critical when the page opens
};
