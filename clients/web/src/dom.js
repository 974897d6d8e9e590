// The page's fixed elements by selector, and the toast for a short notice to the operator.

export const $ = (sel) => document.querySelector(sel);

let toastTimer = 0;

export function toast(text) {
  const el = $('#toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}
