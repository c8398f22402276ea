// Vietnamese first, English on demand: t(vi, en), data-vi/data-en on static text.

const screen = document.body ? document.body.dataset.screen || "app" : "app";
const KEY = `motcua.lang.${screen}`;
const listeners = [];
let current = readStored() || document.documentElement.lang || "vi";

function readStored() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

/** Return the current language code ("vi" or "en"). */
export function lang() { return current; }

/** Pick the text of the current language. */
export function t(vi, en) { return current === "en" && en ? en : vi; }

/** Escape text for innerHTML. */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

/** Both languages: the current one large, the other one small below it. */
export function bi(vi, en, cls = "") {
  const main = t(vi, en);
  const other = current === "en" ? vi : en;
  return `<span class="bi ${cls}"><span class="bi-main">${esc(main)}</span>` +
    (other && other !== main ? `<span class="bi-sub">${esc(other)}</span>` : "") + "</span>";
}

/** Fill every [data-vi] element (and [data-vi-placeholder], [data-vi-label]) of a root. */
export function applyStatic(root = document) {
  root.querySelectorAll("[data-vi]").forEach((el) => {
    el.textContent = t(el.dataset.vi, el.dataset.en);
  });
  root.querySelectorAll("[data-vi-placeholder]").forEach((el) => {
    el.placeholder = t(el.dataset.viPlaceholder, el.dataset.enPlaceholder);
  });
  root.querySelectorAll("[data-vi-label]").forEach((el) => {
    el.setAttribute("aria-label", t(el.dataset.viLabel, el.dataset.enLabel));
    el.title = t(el.dataset.viLabel, el.dataset.enLabel);
  });
}

/** Switch language, refresh static text and tell the page to re-render. */
export function setLang(code, { persist = true } = {}) {
  current = code === "en" ? "en" : "vi";
  document.documentElement.lang = current;
  if (persist) {
    try { localStorage.setItem(KEY, current); } catch { /* private mode */ }
  }
  applyStatic();
  for (const fn of listeners) fn(current);
}

/** Run fn(lang) after every language switch. */
export function onLangChange(fn) { listeners.push(fn); }

/** Wire a toggle button: shows the other language's name (persist: remember the choice). */
export function bindToggle(button, { persist = true } = {}) {
  const paint = () => {
    button.textContent = current === "en" ? "Tiếng Việt" : "English";
    button.setAttribute("lang", current === "en" ? "vi" : "en");
  };
  button.addEventListener("click", () => {
    setLang(current === "en" ? "vi" : "en", { persist });
  });
  onLangChange(paint);
  paint();
}

document.documentElement.lang = current;
