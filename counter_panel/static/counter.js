// Counter panel: log in, pick a counter, run it with buttons or keys over Socket.IO.

import { applyStatic, bi, bindToggle, esc, onLangChange, t } from "/web/static/js/i18n.js";
import { icon, paintIcons } from "/web/static/js/icons.js";
import { connectLive } from "/web/static/js/live.js";
import { api, bindStaffLogin, duration, errorText, setHtml, toast } from "/web/static/js/ui.js";
import { createSidebar } from "./sidebar.js";

const CONFIG = JSON.parse(document.getElementById("counter-config").textContent);
const $ = (id) => document.getElementById(id);
const store = window.sessionStorage;

const STATUS = {
  waiting: ["Đang chờ", "Waiting"], called: ["Đã gọi – chờ công dân đến", "Called – waiting"],
  serving: ["Đang phục vụ", "Serving"], held: ["Đang giữ", "On hold"],
  done: ["Hoàn thành", "Done"], no_show: ["Vắng mặt", "No-show"],
  cancelled: ["Đã huỷ", "Cancelled"],
};
const COUNTER_STATUS = { open: ["Đang mở", "Open"], paused: ["Tạm dừng", "Paused"],
  closed: ["Đóng", "Closed"] };
const PAUSE_REASONS = [
  ["Nghỉ giải lao", "Break"], ["Họp", "Meeting"], ["Hỗ trợ nghiệp vụ", "Helping a colleague"],
  ["Sự cố kỹ thuật", "Technical problem"], ["Tra cứu hồ sơ", "Looking up a dossier"],
];
const KEYS = {
  F1: "call_next", " ": "call_next", F2: "recall", r: "recall", F3: "no_show", n: "no_show",
  F4: "start", s: "start", F5: "complete", c: "complete", F6: "transfer", t: "transfer",
  F7: "hold", h: "hold", F8: "pause", p: "pause", F9: "resume", u: "resume", F10: "reprint",
};

const app = {
  token: store.getItem("motcua.counter.token"),
  user: JSON.parse(store.getItem("motcua.counter.user") || "null"),
  counterId: Number(store.getItem("motcua.counter.id")) || null,
  counters: [],
  live: null,
  busy: false,
  view: null,
};

const sidebar = createSidebar(app, $);

// ---------- helpers ----------

function show(view) {
  app.view = view;
  for (const v of ["login", "pick", "panel"]) $(`view-${v}`).hidden = v !== view;
  const signedIn = view !== "login";
  $("logout").hidden = !signedIn;
  $("user").hidden = !signedIn;
  $("switch").hidden = view !== "panel";
  $("act-close").hidden = view !== "panel";
  $("head-counter").hidden = view !== "panel";
  $("conn").hidden = !signedIn;
  if (app.user) $("user").textContent = app.user.username;
}

function services() { return (app.live && app.live.state && app.live.state.services) || []; }

function serviceBi(code) {
  const s = services().find((x) => x.code === code);
  return s ? bi(s.name_vi, s.name_en) : esc(code || "");
}

function serviceName(code) {
  const s = services().find((x) => x.code === code);
  return s ? t(s.name_vi, s.name_en) : code || "";
}

function myCounter() {
  const fromLive = app.live && app.live.state &&
    app.live.state.counters.find((c) => c.id === app.counterId);
  return fromLive || app.counters.find((c) => c.id === app.counterId) || null;
}

function statusText(map, key) {
  const pair = map[key] || [key, key];
  return t(pair[0], pair[1]);
}

// ---------- login ----------

async function onLogin(res) {
  app.token = res.token;
  app.user = { username: res.username, staff_id: res.staff_id, role: res.role };
  store.setItem("motcua.counter.token", app.token);
  store.setItem("motcua.counter.user", JSON.stringify(app.user));
  await enterPick();
}

function signOut(message) {
  if (app.token) api("/api/v1/auth/logout", { method: "POST", token: app.token }).catch(() => {});
  if (app.live) app.live.socket.disconnect();
  app.live = null;
  window.motcuaLive = null;
  app.token = null;
  app.user = null;
  app.counterId = null;
  for (const k of ["token", "user", "id", "stats"]) store.removeItem(`motcua.counter.${k}`);
  sidebar.resetStats();
  document.getElementById("offline-banner")?.setAttribute("hidden", "");
  show("login");
  if (message) { $("login-error").textContent = message; $("login-error").hidden = false; }
  $("username").focus();
}

// ---------- pick a counter ----------

async function enterPick() {
  show("pick");
  connect();
  try {
    const res = await api("/api/v1/counters", { token: app.token });
    app.counters = res.counters;
    renderPick();
  } catch (ex) {
    if (ex.status === 401) { signOut(errorText(ex)); return; }
    toast(errorText(ex), "error");
  }
}

function renderPick() {
  const me = app.user && app.user.staff_id;
  const counters = (app.live && app.live.state && app.live.state.counters) || app.counters;
  setHtml($("counters"), counters.map((c) => {
    const mine = c.officer_id === me && c.status !== "closed";
    const taken = c.status !== "closed" && c.officer_id && !mine;
    const who = mine ? t("Quầy của bạn", "Your counter")
      : (taken ? t("Cán bộ khác đang làm việc", "Another officer is working here") : "");
    return `<button type="button" class="cp-counter st-${esc(c.status)}${mine ? " is-mine" : ""}"
      data-counter="${c.id}" data-number="${c.number}" ${taken ? 'aria-disabled="true"' : ""}>
      <span class="cp-counter-no">${esc(t("Quầy", "Counter"))} <b>${c.number}</b></span>
      <span class="cp-counter-label">${esc(c.label)}</span>
      <span class="cp-counter-svcs">${c.services.map((s) => esc(serviceName(s))).join(" · ")}</span>
      <span class="cp-pill st-${esc(c.status)}">${esc(statusText(COUNTER_STATUS, c.status))}</span>
      ${who ? `<span class="cp-counter-who">${esc(who)}</span>` : ""}
    </button>`;
  }).join(""));
}

async function pickCounter(id) {
  const c = app.counters.find((x) => x.id === id) ||
    ((app.live && app.live.state && app.live.state.counters) || []).find((x) => x.id === id);
  if (!c) return;
  try {
    if (c.status === "closed" || c.officer_id !== app.user.staff_id) {
      await api(`/api/v1/counters/${id}/open`, { method: "POST", token: app.token });
      toast(t(`Đã mở quầy ${c.number}`, `Counter ${c.number} is open`), "ok");
    }
    app.counterId = id;
    store.setItem("motcua.counter.id", String(id));
    show("panel");
    renderPanel();
  } catch (ex) {
    if (ex.status === 401) { signOut(errorText(ex)); return; }
    toast(errorText(ex), "error", 5000);
  }
}

// ---------- live connection ----------

function connect() {
  if (app.live) return;
  app.live = connectLive("/counter", {
    token: app.token,
    onSnapshot(snap) {
      if (snap.center) $("center-name").textContent = snap.center.name;
      rerender();
    },
    onEvent(env) {
      if (env.type === "dossier.alert") { sidebar.addDossierAlert(env.data); return; }
      sidebar.trackStats(env);
      rerender();
    },
    onStatus: paintConn,
    onRefused() {
      signOut(t("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại",
        "Your session has expired, please sign in again"));
    },
  });
  window.motcuaLive = app.live;
  paintConn(false);
  sidebar.loadDossierAlerts();
}

function paintConn(connected) {
  const el = $("conn");
  const on = connected ?? (app.live && app.live.connected);
  el.className = `cp-conn ${on ? "is-on" : "is-off"}`;
  el.textContent = on ? t("Trực tuyến", "Online") : t("Mất kết nối", "Offline");
}

function rerender() {
  if (app.view === "pick") renderPick();
  if (app.view === "panel") renderPanel();
}

// ---------- the panel ----------

function renderPanel() {
  const c = myCounter();
  if (!c) return;
  const cur = c.current;
  setHtml($("head-counter"), `<span class="cp-head-no">${esc(t("Quầy", "Counter"))} ${c.number}</span>
    <span class="cp-head-label">${esc(c.label)}</span>
    <span class="cp-pill st-${esc(c.status)}" id="counter-status">${esc(statusText(COUNTER_STATUS,
      c.status))}</span>`);
  let body;
  if (c.status === "closed") {
    body = `<div class="cp-empty">${icon("door", "cp-empty-icon")}<p>${esc(t(
      "Quầy đang đóng.", "The counter is closed."))}</p>
      <button type="button" class="btn" id="reopen">${esc(t("Mở quầy", "Open counter"))}</button></div>`;
  } else if (cur) {
    body = `<div class="cp-cur-label">${esc(statusText(STATUS, cur.status))}</div>
      <div class="cp-cur-row">
        <div class="cp-cur-number" id="current-number">${esc(cur.number)}</div>
        <div class="cp-cur-meta">
          <div class="cp-cur-service">${serviceBi(cur.service)}</div>
          <div class="cp-cur-elapsed">${icon("clock")} <span id="elapsed">--:--</span>
            <small>${esc(t("từ lúc gọi", "since called"))}</small></div>
          <div class="cp-cur-calls">${esc(t(`Đã gọi ${cur.calls}/${CONFIG.max_calls} lần`,
            `Called ${cur.calls} of ${CONFIG.max_calls} times`))}</div>
        </div>
      </div>`;
  } else {
    body = `<div class="cp-empty">${icon("ticket", "cp-empty-icon")}<p>${esc(t(
      "Chưa có số nào tại quầy.", "No ticket at the counter."))}</p>
      <p class="cp-muted">${esc(t("Nhấn “Gọi số tiếp theo” (F1 hoặc phím cách).",
        "Press “Call next” (F1 or Space)."))}</p></div>`;
  }
  if (c.status === "paused") {
    body = `<div class="cp-paused">${icon("pause")} <div><b>${esc(t("Quầy đang tạm dừng",
      "Counter paused"))}</b><span>${esc(c.pause_reason || "")}</span></div></div>` + body;
  }
  $("current").className = `cp-card cp-current st-${cur ? cur.status : "none"}`;
  setHtml($("current"), body);
  tickElapsed();
  paintActions(c);
  renderWaiting(c);
  renderHeld(c);
  sidebar.renderStats();
}

function paintActions(c) {
  const cur = c.current;
  const open = c.status === "open";
  const enabled = {
    call_next: open,
    recall: open && cur && cur.status === "called",
    no_show: open && cur && cur.status === "called",
    start: open && cur && cur.status === "called",
    complete: open && !!cur,
    transfer: open && !!cur,
    hold: open && !!cur,
    pause: open,
    resume: c.status === "paused" || (open && !cur && c.held.length > 0),
    close: c.status !== "closed" && !cur,
    reprint: !!cur,
  };
  for (const [action, on] of Object.entries(enabled)) {
    const b = $(`act-${action}`);
    if (b) b.disabled = !on || app.busy;
  }
}

function renderWaiting(c) {
  const waiting = (app.live && app.live.state && app.live.state.waiting) || {};
  const total = c.services.reduce((n, code) => n + (waiting[code] || 0), 0);
  setHtml($("waiting"), c.services.map((code) => `
    <div class="cp-wait-row"><span>${esc(serviceName(code))}</span>
      <b data-waiting="${esc(code)}">${waiting[code] || 0}</b></div>`).join("") +
    `<div class="cp-wait-row cp-wait-total"><span>${esc(t("Tổng", "Total"))}</span>
      <b id="waiting-total">${total}</b></div>`);
}

function renderHeld(c) {
  setHtml($("held"), c.held.length
    ? c.held.map((n) => `<div class="cp-held-row"><b>${esc(n)}</b>
        <button type="button" class="btn btn-ghost" data-resume="${esc(n)}" ${c.current ||
          c.status !== "open" ? "disabled" : ""}>${icon("resume")} ${esc(t("Tiếp tục",
          "Resume"))}</button></div>`).join("")
    : `<p class="cp-muted">${esc(t("Không có", "None"))}</p>`);
}

function tickElapsed() {
  const c = myCounter();
  const el = $("elapsed");
  if (!c || !c.current || !el || !c.current.called_at) return;
  const since = Date.parse(c.current.called_at);
  const now = app.live ? app.live.now() : Date.now();
  el.textContent = duration((now - since) / 1000);
}

// ---------- commands ----------

const DONE_TEXT = {
  recall: (r) => (r && r.status === "no_show"
    ? t(`${r.number}: vắng mặt sau ${CONFIG.max_calls} lần gọi`,
      `${r.number}: no-show after ${CONFIG.max_calls} calls`)
    : t(`Đã gọi lại số ${r.number}`, `Recalled ${r.number}`)),
  no_show: (r) => t(`Số ${r.number}: vắng mặt`, `${r.number} marked as no-show`),
  start: (r) => t(`Bắt đầu phục vụ số ${r.number}`, `Serving ${r.number}`),
  complete: (r) => t(`Đã hoàn thành số ${r.number}`, `${r.number} completed`),
  hold: (r) => t(`Đang giữ số ${r.number}`, `${r.number} is on hold`),
  transfer: (r) => t(`Đã chuyển số ${r.number}`, `${r.number} transferred`),
  pause: () => t("Quầy đã tạm dừng", "Counter paused"),
  // Resuming a paused counter answers with the counter; resuming a held ticket, with the ticket.
  resume: (r) => (r && r.tracking_code ? t(`Tiếp tục phục vụ số ${r.number}`,
    `Resumed ${r.number}`) : t("Quầy đã mở lại", "Counter resumed")),
  close: () => t("Quầy đã đóng", "Counter closed"),
  call: (r) => t(`Đã gọi số ${r.number}`, `Called ${r.number}`),
  call_next: (r) => (r ? t(`Đã gọi số ${r.number}`, `Called ${r.number}`)
    : t("Không còn ai đang chờ", "Nobody is waiting")),
};

function command(action, extra = {}) {
  return new Promise((resolve) => {
    if (!app.live || !app.live.connected) {
      toast(t("Mất kết nối: lệnh chưa được gửi", "Offline: the command was not sent"), "error");
      resolve(null);
      return;
    }
    if (app.busy) { resolve(null); return; }
    app.busy = true;
    paintActions(myCounter());
    app.live.socket.timeout(8000).emit("command", { action, counter_id: app.counterId, ...extra },
      (err, ack) => {
        app.busy = false;
        if (err) {
          toast(t("Máy chủ không trả lời, vui lòng thử lại",
            "The server did not answer, please retry"), "error");
        } else if (ack && ack.ok) {
          const text = DONE_TEXT[action] ? DONE_TEXT[action](ack.result) : t("Xong", "Done");
          toast(text, action === "call_next" && !ack.result ? "info" : "ok");
          if (action === "close") { store.removeItem("motcua.counter.id"); enterPick(); }
        } else {
          toast(errorText(ack && ack.error), "error", 5000);
        }
        if (app.view === "panel") renderPanel();
        resolve(ack);
      });
  });
}

function runAction(action) {
  const c = myCounter();
  if (!c || app.view !== "panel") return;
  const b = $(`act-${action}`);
  if (b && b.disabled) return;
  if (action === "transfer") { openTransfer(); return; }
  if (action === "pause") { openPause(); return; }
  if (action === "close") { $("dlg-close").showModal(); return; }
  if (action === "reprint") { reprint(c.current); return; }
  command(action);
}

async function reprint(cur) {
  try {
    await api(`/api/v1/tickets/${encodeURIComponent(cur.tracking_code)}/reprint`,
      { method: "POST", token: app.token, body: {} });
    toast(t(`Đã gửi lệnh in lại số ${cur.number}`, `Reprint of ${cur.number} sent`), "ok");
  } catch (err) {
    toast(errorText(err), "error", 5000);
  }
}

function openTransfer() {
  const c = myCounter();
  const counters = (app.live && app.live.state && app.live.state.counters) || [];
  $("transfer-services").innerHTML = services().map((s) => `
    <button type="button" class="cp-choice" data-service="${esc(s.code)}">
      <b>${esc(s.prefix)}</b> ${esc(t(s.name_vi, s.name_en))}</button>`).join("");
  $("transfer-counters").innerHTML = counters.filter((x) => x.id !== c.id).map((x) => `
    <button type="button" class="cp-choice st-${esc(x.status)}" data-counter-no="${x.number}">
      <b>${x.number}</b> ${esc(x.label)} <small>${esc(statusText(COUNTER_STATUS,
        x.status))}</small></button>`).join("");
  $("dlg-transfer").showModal();
}

function openPause() {
  $("pause-reasons").innerHTML = PAUSE_REASONS.map(([vi, en]) => `
    <button type="button" class="cp-choice" data-reason="${esc(vi)}">${esc(t(vi, en))}</button>`)
    .join("");
  $("pause-text").value = "";
  $("dlg-pause").showModal();
  $("pause-text").focus();
}

// ---------- wiring ----------

function wire() {
  bindStaffLogin($("login-form"), onLogin);
  $("logout").addEventListener("click", () => signOut());
  $("switch").addEventListener("click", () => enterPick());
  bindToggle($("lang"));
  onLangChange(() => { rerender(); paintConn(); });
  $("counters").addEventListener("click", (e) => {
    const b = e.target.closest("[data-counter]");
    if (b && b.getAttribute("aria-disabled") !== "true") pickCounter(Number(b.dataset.counter));
  });
  $("act-close").addEventListener("click", () => runAction("close"));
  $("actions").addEventListener("click", (e) => {
    const b = e.target.closest("[data-action]");
    if (!b) return;
    b.blur(); // Space must call the next number, not press the last button again
    runAction(b.dataset.action);
  });
  $("current").addEventListener("click", (e) => {
    if (e.target.closest("#reopen")) pickCounter(app.counterId);
  });
  $("held").addEventListener("click", (e) => {
    const b = e.target.closest("[data-resume]");
    if (b) command("resume", { ticket: b.dataset.resume });
  });
  $("call-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const ref = $("call-ref").value.trim().toUpperCase();
    if (!ref) return;
    command("call", { ticket: ref }).then((ack) => { if (ack && ack.ok) $("call-ref").value = ""; });
    $("call-ref").blur();
  });
  document.querySelectorAll("dialog [data-close]").forEach((b) => b.addEventListener("click",
    () => b.closest("dialog").close()));
  $("transfer-services").addEventListener("click", (e) => {
    const b = e.target.closest("[data-service]");
    if (!b) return;
    $("dlg-transfer").close();
    command("transfer", { service: b.dataset.service });
  });
  $("transfer-counters").addEventListener("click", (e) => {
    const b = e.target.closest("[data-counter-no]");
    if (!b) return;
    $("dlg-transfer").close();
    command("transfer", { counter: Number(b.dataset.counterNo) });
  });
  $("pause-reasons").addEventListener("click", (e) => {
    const b = e.target.closest("[data-reason]");
    if (b) $("pause-text").value = b.textContent.trim();
  });
  $("pause-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const reason = $("pause-text").value.trim();
    if (!reason) return;
    $("dlg-pause").close();
    command("pause", { reason });
  });
  $("close-confirm").addEventListener("click", () => { $("dlg-close").close(); command("close"); });
  document.addEventListener("keydown", onKey);
  setInterval(tickElapsed, 1000);
}

function onKey(e) {
  if (app.view !== "panel" || e.ctrlKey || e.altKey || e.metaKey) return;
  if (document.querySelector("dialog[open]")) return;
  const tag = (e.target && e.target.tagName) || "";
  if (["INPUT", "TEXTAREA", "SELECT"].includes(tag)) return;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const action = KEYS[key];
  if (!action) return;
  e.preventDefault(); // F1 help, F5 reload, Space scrolling
  if (e.repeat) return;
  runAction(action);
}

async function start() {
  paintIcons();
  applyStatic();
  wire();
  if (!app.token) { show("login"); return; }
  if (app.counterId) {
    try {
      const res = await api("/api/v1/counters", { token: app.token });
      app.counters = res.counters;
      const c = myCounter();
      if (c && c.status !== "closed" && c.officer_id === app.user.staff_id) {
        connect();
        show("panel");
        renderPanel();
        return;
      }
    } catch (ex) {
      if (ex.status === 401) { signOut(errorText(ex)); return; }
    }
  }
  enterPick();
}

start();
