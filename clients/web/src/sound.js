// The alert beep for a new critical status. Browsers refuse to start audio before a user gesture, so
// the audio context is created lazily and unlocked on the first click or key anywhere on the page; until
// then the header shows "enable sound" and a beep that cannot play is simply skipped (never an error).

let ctx = null;
const listeners = new Set();

function context() {
  if (!ctx) {
    const AC = window.AudioContext ?? window.webkitAudioContext;
    if (!AC) return null;
    try {
      ctx = new AC();
      ctx.onstatechange = notify;
    } catch {
      return null;
    }
  }
  return ctx;
}

function notify() {
  for (const fn of listeners) fn(soundEnabled());
}

export function soundEnabled() {
  return ctx?.state === 'running';
}

export function onSoundChange(fn) {
  listeners.add(fn);
}

/** Call from a user gesture: resumes (creates) the audio context. */
export function unlockSound() {
  const c = context();
  c?.resume().then(notify, () => {});
}

/** Three short high beeps; silently nothing if audio is still locked. */
export function beep() {
  const c = context();
  if (!c || c.state !== 'running') return false;
  const start = c.currentTime + 0.02;
  for (let i = 0; i < 3; i++) {
    const osc = c.createOscillator();
    const gain = c.createGain();
    osc.type = 'square';
    osc.frequency.value = 988;
    gain.gain.setValueAtTime(0.0001, start + i * 0.3);
    gain.gain.exponentialRampToValueAtTime(0.25, start + i * 0.3 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.3 + 0.2);
    osc.connect(gain).connect(c.destination);
    osc.start(start + i * 0.3);
    osc.stop(start + i * 0.3 + 0.22);
  }
  return true;
}

export function installUnlock() {
  const unlock = () => unlockSound();
  window.addEventListener('pointerdown', unlock, { capture: true });
  window.addEventListener('keydown', unlock, { capture: true });
}
