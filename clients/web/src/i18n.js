// Japanese/English labels. Japanese is the default: the control room is in Toyama City Hall.
// The choice is kept in localStorage so a wall screen comes back in the same language after a reload.

const STORAGE_KEY = 'twin.lang';

const labels = {
  ja: {
    title: '富山市 ライブ・デジタルツイン 監視室',
    city: '富山市',
    'conn.live': 'ライブ',
    'conn.connecting': '接続中…',
    'conn.reconnecting': '再接続中…',
    'conn.offline': 'オフライン',
    'sound.off': '♪ 音を有効にする',
    'sound.on': '♪ 警報音 有効',
    districts: '地区',
    alarms: '警報',
    'alarms.none': '現在、警報はありません',
    attention: '注意以上の機器',
    'attention.none': '注意以上の機器はありません',
    'attention.more': 'ほか {n} 件',
    'alarms.unacked': '未確認 {n}',
    'alarms.loadFailed': '警報を読み込めませんでした: {error}',
    'alarm.do.ack': '確認',
    'alarm.do.shelve': '保留',
    'alarm.do.unshelve': '保留解除',
    'alarm.do.out-of-service': '休止',
    'alarm.do.in-service': '休止解除',
    'alarm.action.raise': '発報',
    'alarm.action.escalate': 'レベル上昇',
    'alarm.action.acknowledge': '確認',
    'alarm.action.shelve': '保留',
    'alarm.action.unshelve': '保留解除',
    'alarm.action.out-of-service': '休止',
    'alarm.action.in-service': '休止解除',
    'alarm.action.return': '復旧',
    'alarm.action.route': '上位へ通知',
    'alarm.ackedBy': '確認: {by} {at}',
    'alarm.actedBy': '{action}: {by} {at}',
    'alarm.shelvedUntil': '保留期限 {at}',
    'alarm.group': 'グループ',
    'alarm.source': '発生元',
    'alarm.stateLabel': '状態',
    'alarm.raisedAt': '発報時刻',
    'alarm.clearedAt': '復旧時刻',
    'alarm.ackedByLabel': '確認者',
    'alarm.shelvedUntilLabel': '保留期限',
    'alarm.escalatedTo': '上位通知先',
    'alarm.transitions': '状態の履歴',
    'alarm.at': '時刻',
    'alarm.change': '状態',
    'alarm.actionLabel': '操作',
    'alarm.by': '操作者',
    'alarm.actionFailed': '{action}できませんでした',
    'alarm.notFound': '警報 {id} は見つかりません',
    'alarm.loadFailed': '警報を読み込めませんでした: {error}',
    'action.comment': 'コメント',
    'shelve.until': '保留する期間',
    'shelve.1': '1時間',
    'shelve.8': '8時間',
    'shelve.24': '24時間',
    cancel: 'キャンセル',
    ok: 'OK',
    'alarm.state.active-unacknowledged': '発報・未確認',
    'alarm.state.active-acknowledged': '発報・確認済',
    'alarm.state.returned-unacknowledged': '復旧・未確認',
    'alarm.state.normal': '正常',
    'alarm.state.shelved': '保留',
    'alarm.state.out-of-service': '休止',
    'status.unknown': '不明',
    'status.normal': '正常',
    'status.advisory': '待機',
    'status.warning': '注意',
    'status.alarm': '警報',
    'status.critical': '危険',
    silent: '通信途絶',
    'kind.river-gauge': '水位計',
    'kind.snow-pump': '消雪ポンプ',
    'kind.bridge-joint': '橋梁伸縮装置',
    'kind.child-tracker': '見守り端末',
    'kind.env-sensor': '環境センサー',
    population: '人口',
    rivers: '河川水位',
    'rivers.none': '河川水位計なし',
    pumps: '消雪ポンプ',
    'pumps.running': '稼働',
    'pumps.available': '待機可能',
    'pumps.faults': '故障',
    'pumps.lowWater': '水位低下',
    'pumps.silent': '通信途絶',
    'pumps.total': '台数',
    bridges: '橋梁',
    'bridges.joints': '計測点',
    'bridges.alarms': '警報',
    weather: '気象',
    'weather.none': '気象データなし',
    'weather.temp': '気温',
    'weather.precip': '降水',
    'weather.snow': '降雪',
    children: '外出中の児童',
    'children.note': '250mメッシュごとの人数（5人未満は非表示）',
    'children.few': '5人未満',
    'children.cell': '児童 {n} 人（250mメッシュ）',
    devices: 'デバイス',
    close: '閉じる',
    'device.status': '状態',
    'device.district': '地区',
    'device.lastSeen': '最終受信',
    'device.battery': '電池',
    'device.signal': '電波',
    'device.gateway': 'ゲートウェイ',
    'device.reading': '最新値',
    'device.thresholds': 'しきい値',
    'device.anomalies': '異常',
    'device.position': '位置',
    'device.generated': '推定位置（生成）',
    'device.history': '直近24時間の履歴',
    'history.none': '履歴はまだありません',
    'history.loading': '読み込み中…',
    'history.failed': '履歴を読み込めませんでした',
    'threshold.standby_m': '水防団待機',
    'threshold.caution_m': 'はん濫注意',
    'threshold.evacuation_m': '避難判断',
    'threshold.danger_m': 'はん濫危険',
    'map.districtsApprox': '地区境界は概略です（正式な境界ではありません）',
    'map.generated': 'デバイス位置は生成した推定位置です',
    'layer.districts': '地区（概略）',
    'layer.rail': '鉄道・LRT',
    'layer.stations': '駅',
    'layer.devices': 'デバイス',
    'layer.children': '児童（250mメッシュ人数）',
    approximate: '概略',
    'critical.new': '危険レベルの発生',
  },
  en: {
    title: 'Toyama City Live Digital Twin — Control Room',
    city: 'Toyama City',
    'conn.live': 'live',
    'conn.connecting': 'connecting…',
    'conn.reconnecting': 'reconnecting…',
    'conn.offline': 'offline',
    'sound.off': '♪ Enable sound',
    'sound.on': '♪ Alert sound on',
    districts: 'Districts',
    alarms: 'Alarms',
    'alarms.none': 'No alarms',
    attention: 'Devices at warning or above',
    'attention.none': 'No device at warning or above',
    'attention.more': '{n} more',
    'alarms.unacked': '{n} unacknowledged',
    'alarms.loadFailed': 'The alarms could not be loaded: {error}',
    'alarm.do.ack': 'Acknowledge',
    'alarm.do.shelve': 'Shelve',
    'alarm.do.unshelve': 'Unshelve',
    'alarm.do.out-of-service': 'Out of service',
    'alarm.do.in-service': 'In service',
    'alarm.action.raise': 'raised',
    'alarm.action.escalate': 'escalated',
    'alarm.action.acknowledge': 'acknowledged',
    'alarm.action.shelve': 'shelved',
    'alarm.action.unshelve': 'unshelved',
    'alarm.action.out-of-service': 'out of service',
    'alarm.action.in-service': 'in service',
    'alarm.action.return': 'returned',
    'alarm.action.route': 'routed on',
    'alarm.ackedBy': 'Acknowledged by {by} {at}',
    'alarm.actedBy': '{action} by {by} {at}',
    'alarm.shelvedUntil': 'shelved until {at}',
    'alarm.group': 'group',
    'alarm.source': 'Source',
    'alarm.stateLabel': 'State',
    'alarm.raisedAt': 'Raised',
    'alarm.clearedAt': 'Cleared',
    'alarm.ackedByLabel': 'Acknowledged by',
    'alarm.shelvedUntilLabel': 'Shelved until',
    'alarm.escalatedTo': 'Escalated to',
    'alarm.transitions': 'Transitions',
    'alarm.at': 'At',
    'alarm.change': 'State',
    'alarm.actionLabel': 'Action',
    'alarm.by': 'By',
    'alarm.actionFailed': '{action} failed',
    'alarm.notFound': 'Alarm {id} not found',
    'alarm.loadFailed': 'The alarm could not be loaded: {error}',
    'action.comment': 'Comment',
    'shelve.until': 'Shelve for',
    'shelve.1': '1 hour',
    'shelve.8': '8 hours',
    'shelve.24': '24 hours',
    cancel: 'Cancel',
    ok: 'OK',
    'alarm.state.active-unacknowledged': 'Active, unacknowledged',
    'alarm.state.active-acknowledged': 'Active, acknowledged',
    'alarm.state.returned-unacknowledged': 'Returned, unacknowledged',
    'alarm.state.normal': 'Normal',
    'alarm.state.shelved': 'Shelved',
    'alarm.state.out-of-service': 'Out of service',
    'status.unknown': 'unknown',
    'status.normal': 'normal',
    'status.advisory': 'advisory',
    'status.warning': 'warning',
    'status.alarm': 'alarm',
    'status.critical': 'critical',
    silent: 'silent',
    'kind.river-gauge': 'River gauge',
    'kind.snow-pump': 'Snow pump',
    'kind.bridge-joint': 'Bridge joint',
    'kind.child-tracker': 'Child tracker',
    'kind.env-sensor': 'Environment sensor',
    population: 'Population',
    rivers: 'River levels',
    'rivers.none': 'No river gauges',
    pumps: 'Snow pumps',
    'pumps.running': 'running',
    'pumps.available': 'available',
    'pumps.faults': 'faults',
    'pumps.lowWater': 'low water',
    'pumps.silent': 'silent',
    'pumps.total': 'total',
    bridges: 'Bridges',
    'bridges.joints': 'joints',
    'bridges.alarms': 'alarms',
    weather: 'Weather',
    'weather.none': 'No weather data',
    'weather.temp': 'Air',
    'weather.precip': 'Rain',
    'weather.snow': 'Snow',
    children: 'Children out and about',
    'children.note': 'count per 250 m cell (cells under 5 hidden)',
    'children.few': 'fewer than 5',
    'children.cell': '{n} children (250 m cell)',
    devices: 'Devices',
    close: 'Close',
    'device.status': 'Status',
    'device.district': 'District',
    'device.lastSeen': 'Last seen',
    'device.battery': 'Battery',
    'device.signal': 'Signal',
    'device.gateway': 'Gateway',
    'device.reading': 'Reading',
    'device.thresholds': 'Thresholds',
    'device.anomalies': 'Anomalies',
    'device.position': 'Position',
    'device.generated': 'generated (estimated) position',
    'device.history': 'Last 24 hours',
    'history.none': 'No history yet',
    'history.loading': 'Loading…',
    'history.failed': 'The history could not be loaded',
    'threshold.standby_m': 'Standby',
    'threshold.caution_m': 'Caution',
    'threshold.evacuation_m': 'Evacuation',
    'threshold.danger_m': 'Danger',
    'map.districtsApprox': 'District boundaries are approximate, not official',
    'map.generated': 'Device positions are generated',
    'layer.districts': 'Districts (approximate)',
    'layer.rail': 'Rail / LRT',
    'layer.stations': 'Stations',
    'layer.devices': 'Devices',
    'layer.children': 'Children (count per 250 m cell)',
    approximate: 'approx.',
    'critical.new': 'New critical status',
  },
};

let lang = readStored();
const listeners = new Set();

function readStored() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'ja' ? v : 'ja';
  } catch {
    return 'ja'; // storage can be disabled (kiosk profiles); fall back to the default
  }
}

export function currentLang() {
  return lang;
}

/** The label for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars) {
  let s = labels[lang][key] ?? labels.ja[key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  }
  return s;
}

/** Picks the Japanese or English one of a pair of names (nameJa/nameEn). */
export function pickName(o) {
  if (!o) return '';
  return lang === 'en' ? o.nameEn ?? o.nameJa ?? o.name ?? o.id : o.nameJa ?? o.nameEn ?? o.name ?? o.id;
}

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'ja';
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not persisted; still switch */
  }
  applyStatic();
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn) {
  listeners.add(fn);
}

/** Fills every element carrying data-i18n with its label. */
export function applyStatic(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  document.title = t('title');
}

/** Formats a timestamp in the local (JST) time of the control room. */
export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP', {
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

/** A count of children as the twin gives it: null (fewer than five, never shown as a number) reads "fewer than 5". */
export function childCount(n) {
  return n === null ? t('children.few') : String(n ?? 0);
}
