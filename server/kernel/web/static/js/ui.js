// Small shared helpers: REST calls with readable errors, toasts, clocks, speech hook.

import { esc, t } from "./i18n.js";

/** An API failure: `code` is stable, messages are for people. */
export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `HTTP ${status}`);
    this.status = status;
    this.code = err.code || (status ? `http.${status}` : "network");
    this.message_vi = err.message_vi || err.message || "";
    this.message_en = err.message_en || err.message || "";
  }
}

/** Call the JSON API; throws ApiError (status 0 when the server cannot be reached). */
export async function api(path, { method = "GET", token, body } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, { error: { code: "network",
      message_vi: "Không kết nối được máy chủ", message_en: "Cannot reach the server" } });
  }
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** Words for an error (ApiError, socket ack error or anything else). */
export function errorText(err) {
  if (!err) return t("Lỗi không xác định", "Unknown error");
  if (err.message_vi || err.message_en) return t(err.message_vi || err.message, err.message_en);
  return err.message || String(err);
}

let toastBox = null;

/** Show a short message: kind is "ok", "error" or "info". */
export function toast(text, kind = "info", ms = 3500) {
  if (!toastBox) {
    toastBox = document.createElement("div");
    toastBox.className = "toasts";
    toastBox.setAttribute("aria-live", "polite");
    document.body.append(toastBox);
  }
  const el = document.createElement("div");
  el.className = `toast toast-${kind}`;
  el.setAttribute("role", kind === "error" ? "alert" : "status");
  el.innerHTML = esc(text);
  toastBox.append(el);
  setTimeout(() => { el.classList.add("toast-out"); }, ms);
  setTimeout(() => { el.remove(); }, ms + 400);
  return el;
}

const WEEKDAYS_VI = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
const WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
  "Saturday"];

/** Parts of a date in a time zone: {h, m, s, day, month, year, weekday}. */
export function zonedParts(date, timeZone) {
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone, hour12: false, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short",
  });
  const out = {};
  for (const p of fmt.formatToParts(date)) out[p.type] = p.value;
  const wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(out.weekday);
  return { h: out.hour === "24" ? "00" : out.hour, m: out.minute, s: out.second, day: out.day,
    month: out.month, year: out.year, weekday: wd };
}

/** "Thứ Hai, 28/11/2026" (Vietnamese) or "Monday, 28/11/2026". */
export function longDate(date, timeZone) {
  const p = zonedParts(date, timeZone);
  const names = t(WEEKDAYS_VI, WEEKDAYS_EN);
  return `${names[p.weekday]}, ${p.day}/${p.month}/${p.year}`;
}

/** mm:ss or h:mm:ss for a duration in seconds. */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/**
 * Speech hook for the voice feature: dispatches `motcua:speak` {text, lang}; if no
 * listener handles it (preventDefault), falls back to the browser's speech, if any.
 */
export function speak(text, language = "vi") {
  const ev = new CustomEvent("motcua:speak", { detail: { text, lang: language },
    cancelable: true });
  if (!document.dispatchEvent(ev)) return;
  if ("speechSynthesis" in window) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = language === "en" ? "en-US" : "vi-VN";
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(u);
  }
}

/** Read a device token from ?token= into localStorage, then drop it from the address bar. */
export function deviceToken(key) {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    try { localStorage.setItem(key, fromUrl); } catch { /* private mode: URL only */ }
    url.searchParams.delete("token");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try { return localStorage.getItem(key); } catch { return null; }
}

/** Replace an element's content only when it changed (keeps taps, focus and animations). */
export function setHtml(el, html) {
  if (!el || el.motcuaHtml === html) return false;
  el.innerHTML = html;
  el.motcuaHtml = html;
  return true;
}

/**
 * Wire a staff sign-in form (#username, #password, #login-submit, #login-error) to
 * POST /api/v1/auth/login; `onLogin(answer)` keeps the token and opens the page, and may
 * throw to refuse the account (its message is shown in words).
 */
export function bindStaffLogin(form, onLogin) {
  const $id = (id) => document.getElementById(id);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    $id("login-error").hidden = true;
    $id("login-submit").disabled = true;
    try {
      const res = await api("/api/v1/auth/login", { method: "POST", body: {
        username: $id("username").value.trim(), password: $id("password").value } });
      $id("password").value = "";
      await onLogin(res);
    } catch (ex) {
      $id("login-error").textContent = errorText(ex);
      $id("login-error").hidden = false;
    } finally {
      $id("login-submit").disabled = false;
    }
  });
}
