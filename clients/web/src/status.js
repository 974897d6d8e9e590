// The status ladder of the wire contract, and its colours. The upper three follow the JMA flood-warning
// colour code that residents know from TV (はん濫注意 yellow, 避難判断 red, はん濫危険 purple).

export const LADDER = ['unknown', 'normal', 'advisory', 'warning', 'alarm', 'critical'];

export const COLOURS = {
  unknown: '#8c939d',
  normal: '#2f9e44',
  advisory: '#3bc9db',
  warning: '#f5b700',
  alarm: '#e03131',
  critical: '#8e2de2',
};

export function rank(status) {
  const i = LADDER.indexOf(status);
  return i < 0 ? 0 : i;
}

export function worst(statuses) {
  let best = 'unknown';
  for (const s of statuses) if (rank(s) > rank(best)) best = s;
  return best;
}

export function colour(status) {
  return COLOURS[status] ?? COLOURS.unknown;
}
