// Shared by the supervisor pages: login (token in sessionStorage), header, API, charts.

import { applyStatic, bindToggle, esc, onLangChange, t } from "/web/static/js/i18n.js";
import { paintIcons } from "/web/static/js/icons.js";
import { api, bindStaffLogin, longDate, zonedParts } from "/web/static/js/ui.js";

export const CONFIG = JSON.parse(document.getElementById("sv-config").textContent);
const store = window.sessionStorage;
const KEY = "motcua.supervisor";
export const $ = (id) => document.getElementById(id);

export const session = {
  token: store.getItem(`${KEY}.token`),
  user: JSON.parse(store.getItem(`${KEY}.user`) || "null"),
};

/** Call the API with the supervisor's token; a 401 sends back to the login form. */
export async function call(path) {
  try {
    return await api(path, { token: session.token });
  } catch (err) {
    if (err.status === 401) signOut(t("Phiên đăng nhập đã hết hạn", "Your session has expired"));
    throw err;
  }
}

/** Download an export (the token goes in a header, so no plain link). */
export async function download(path, name) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

let onEnter = null;
let onLeave = null;

function show(signedIn) {
  $("view-login").hidden = signedIn;
  $("view-main").hidden = !signedIn;
  for (const id of ["logout", "user", "nav"]) $(id).hidden = !signedIn;
  if (session.user) $("user").textContent = session.user.username;
}

export function signOut(message) {
  if (session.token) api("/api/v1/auth/logout", { method: "POST", token: session.token })
    .catch(() => {});
  session.token = null;
  session.user = null;
  store.removeItem(`${KEY}.token`);
  store.removeItem(`${KEY}.user`);
  if (onLeave) onLeave();
  show(false);
  const err = $("login-error");
  err.hidden = !message;
  if (message) err.textContent = message;
}

async function onLogin(res) {
  if (!["supervisor", "admin"].includes(res.role)) {
    api("/api/v1/auth/logout", { method: "POST", token: res.token }).catch(() => {});
    throw new Error(t("Tài khoản này không có quyền giám sát",
      "This account is not a supervisor"));
  }
  session.token = res.token;
  session.user = { username: res.username, role: res.role };
  store.setItem(`${KEY}.token`, session.token);
  store.setItem(`${KEY}.user`, JSON.stringify(session.user));
  show(true);
  if (onEnter) onEnter();
}

/** Wire the header and login; `enter` runs once signed in, `leave` on sign-out. */
export function startPage({ enter, leave, rerender }) {
  onEnter = enter;
  onLeave = leave;
  paintIcons(document);
  applyStatic();
  bindToggle($("lang"));
  onLangChange(() => { paintIcons(document); if (rerender) rerender(); });
  bindStaffLogin($("login-form"), onLogin);
  $("logout").addEventListener("click", () => signOut());
  const tick = () => {
    const now = new Date();
    const p = zonedParts(now, CONFIG.timezone);
    $("clock").textContent = `${p.h}:${p.m} · ${p.day}/${p.month}/${p.year}`;
    $("clock").title = longDate(now, CONFIG.timezone);
  };
  tick();
  setInterval(tick, 1000);
  show(Boolean(session.token));
  if (session.token && enter) enter();
}

export function setCenter(center) {
  if (center) $("center-name").textContent = center.name;
}

// ---------- formatting ----------

export function fmtInt(n) {
  return n === null || n === undefined ? "–" : Number(n).toLocaleString("vi-VN");
}

export function fmtPct(x) {
  return x === null || x === undefined ? "–" : `${(x * 100).toFixed(1).replace(".", ",")} %`;
}

/** Minutes for people: "12 phút", "1 giờ 05" (seconds in). */
export function fmtMin(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 60) return t(`${Math.round(seconds)} giây`, `${Math.round(seconds)} s`);
  const m = Math.round(seconds / 60);
  if (m < 60) return t(`${m} phút`, `${m} min`);
  return t(`${Math.floor(m / 60)} giờ ${String(m % 60).padStart(2, "0")}`,
    `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")}`);
}

export function kpi(label, value, sub = "", cls = "") {
  return `<div class="sv-kpi ${cls}"><div class="sv-kpi-label">${esc(label)}</div>` +
    `<div class="sv-kpi-value">${esc(value)}</div><div class="sv-kpi-sub">${sub}</div></div>`;
}

// ---------- charts (vendored Chart.js, window.Chart) ----------

export const COLORS = {
  brand: "#0b3d91", brand2: "#5b8def", green: "#146c2e", green2: "#6abf69",
  amber: "#d99100", red: "#b71c1c", grey: "#8a94a6", teal: "#00838f", purple: "#6a3d9a",
};
const charts = {};

/** Create or update a chart on a canvas id (keeps one Chart per canvas). */
export function chart(id, config) {
  const Chart = window.Chart;
  if (!Chart) return null;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#45536b";
  const old = charts[id];
  if (old && old.config.type === config.type) {
    old.data = config.data;
    old.options = config.options || {};
    old.update("none");
    return old;
  }
  if (old) old.destroy();
  charts[id] = new Chart($(id), {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: false,
      ...(config.options || {}) },
  });
  return charts[id];
}
