// Lobby board: latest call, recent calls, counters, waiting counts, chime queue.
// URL: ?token= (once), ?layout=portrait|landscape|scoreboard, ?services=LAND,CIVIL, ?counters=1,2,
// ?counter=5 (compact screen above one counter), ?lang=en.

import { bi, esc, setLang, t } from "/web/static/js/i18n.js";
import { icon, paintIcons } from "/web/static/js/icons.js";
import { connectLive } from "/web/static/js/live.js";
import { api, deviceToken, longDate, setHtml, zonedParts } from "/web/static/js/ui.js";
import { renderScoreboard } from "/ratings/static/scoreboard_view.js";

const CONFIG = JSON.parse(document.getElementById("board-config").textContent);
const params = new URLSearchParams(window.location.search);
const listParam = (name) => (params.get(name) || "").split(",").map((s) => s.trim())
  .filter(Boolean);
const FILTER = {
  services: new Set(listParam("services").map((s) => s.toUpperCase())),
  counters: new Set(listParam("counters").map(Number).filter(Number.isFinite)),
  counter: params.get("counter") ? Number(params.get("counter")) : null,
};
const FLASH_MS = 8000;
const $ = (id) => document.getElementById(id);

const board = {
  token: deviceToken("motcua.board.token"),
  device: null,
  timezone: "Asia/Ho_Chi_Minh",
  flashUntil: 0,
  flashTicket: null,
  flashSerial: 0,
  announcement: null,
  live: null,
};

// ---------- filters ----------

function counterByNumber(state, number) {
  return state.counters.find((c) => c.number === number);
}

/** Services shown: the filter, or those of the filtered counters, or all. */
function shownServices(state) {
  if (FILTER.services.size) return state.services.filter((s) => FILTER.services.has(s.code));
  const numbers = FILTER.counter !== null ? new Set([FILTER.counter]) : FILTER.counters;
  if (numbers.size) {
    const codes = new Set(state.counters.filter((c) => numbers.has(c.number))
      .flatMap((c) => c.services));
    return state.services.filter((s) => codes.has(s.code));
  }
  return state.services;
}

function callShown(call) {
  if (FILTER.counter !== null) return call.counter === FILTER.counter;
  if (FILTER.counters.size && !FILTER.counters.has(call.counter)) return false;
  if (FILTER.services.size && !FILTER.services.has(call.service)) return false;
  return true;
}

function counterShown(c) {
  if (FILTER.counters.size && !FILTER.counters.has(c.number)) return false;
  if (FILTER.services.size && !c.services.some((s) => FILTER.services.has(s))) return false;
  return true;
}

// ---------- layout ----------

function layout() {
  const asked = params.get("layout") || (board.device && board.device.config &&
    board.device.config.layout);
  if (asked === "scoreboard") return "scoreboard"; // the month's public scoreboard (ratings)
  if (FILTER.counter !== null) return "compact";
  if (asked === "portrait" || asked === "landscape") return asked;
  return window.innerHeight > window.innerWidth ? "portrait" : "landscape";
}

function applyLayout() {
  const mode = layout();
  document.body.dataset.layout = mode;
  $("main").hidden = mode === "compact" || mode === "scoreboard";
  $("compact").hidden = mode !== "compact";
  $("scoreboard-view").hidden = mode !== "scoreboard";
  if (mode === "scoreboard" && !scores.timer) {
    loadScores();
    scores.timer = setInterval(loadScores, 60000);
  }
}

// ---------- scoreboard layout: reloaded every minute and shortly after a rating ----------

const scores = { timer: null, soon: null, data: null, loads: 0 };

async function loadScores() {
  try {
    scores.data = await api("/api/v1/scoreboard");
    scores.loads += 1;
    renderScoreboard($("scoreboard-view"), scores.data, { heading: true });
  } catch { /* offline: the next minute tries again */ }
}

function reloadScoresSoon() {
  clearTimeout(scores.soon);
  scores.soon = setTimeout(loadScores, 1500);
}

// ---------- rendering ----------

function serviceOf(state, code) {
  return state.services.find((s) => s.code === code) || { code, name_vi: code, name_en: code };
}

function flashing(call) {
  return call && board.flashTicket === call.ticket_id && Date.now() < board.flashUntil;
}

function renderLatest(state, recent) {
  const call = recent[0];
  const el = $("latest");
  if (!call) {
    el.className = "b-latest is-empty";
    setHtml(el, `<div class="b-latest-label">${bi("Xin mời quý khách lấy số thứ tự",
      "Please take a number at the kiosk")}</div>`);
    return;
  }
  const svc = serviceOf(state, call.service);
  el.classList.remove("is-empty");
  if (flashing(call)) {
    if (el.dataset.flash !== String(board.flashSerial)) {
      el.classList.remove("is-flash");
      void el.offsetWidth; // restart the animation for every new call, recalls included
      el.dataset.flash = String(board.flashSerial);
    }
    el.classList.add("is-flash");
  } else {
    el.classList.remove("is-flash");
  }
  setHtml(el, `
    <div class="b-latest-label">${bi("Mời công dân có số", "Now calling number")}</div>
    <div class="b-latest-row">
      <div class="b-latest-number" id="latest-number">${esc(call.number)}</div>
      <div class="b-latest-arrow">${icon("next")}</div>
      <div class="b-latest-counter">
        <span class="b-latest-counter-word">${esc(t("Quầy", "Counter"))}</span>
        <span class="b-latest-counter-no" id="latest-counter">${call.counter}</span>
      </div>
    </div>
    <div class="b-latest-service">${bi(svc.name_vi, svc.name_en)}
      ${call.counter_label && call.counter_label !== svc.name_vi
        ? `<span class="b-latest-label2">${esc(call.counter_label)}</span>` : ""}</div>`);
}

function renderRecent(state, recent) {
  setHtml($("recent"), recent.length ? recent.map((c, i) => {
    const svc = serviceOf(state, c.service);
    return `<li class="b-recent-row${i === 0 ? " is-first" : ""}${flashing(c) ? " is-flash" : ""}"
        data-number="${esc(c.number)}" data-counter="${c.counter}" data-service="${esc(c.service)}">
      <span class="b-recent-number">${esc(c.number)}</span>
      <span class="b-recent-arrow">${icon("next")}</span>
      <span class="b-recent-counter"><small>${esc(t("Quầy", "Counter"))}</small> ${c.counter}</span>
      <span class="b-recent-service">${esc(t(svc.name_vi, svc.name_en))}</span>
    </li>`;
  }).join("") : `<li class="b-empty">${esc(t("Chưa có số nào được gọi hôm nay",
    "No number called yet today"))}</li>`);
}

function renderCounters(state) {
  const list = state.counters.filter((c) => c.status !== "closed" && counterShown(c));
  setHtml($("counters"), list.length ? list.map((c) => {
    let body;
    if (c.status === "paused") {
      body = `<span class="b-ctr-paused">${esc(t("Tạm dừng", "Paused"))}</span>`;
    } else if (c.current) {
      body = `<span class="b-ctr-number${c.current.status === "called" ? " is-called" : ""}">${
        esc(c.current.number)}</span>`;
    } else {
      body = '<span class="b-ctr-idle">–</span>';
    }
    return `<div class="b-ctr st-${esc(c.status)}" data-counter="${c.number}">
      <span class="b-ctr-no"><small>${esc(t("Quầy", "Counter"))}</small> ${c.number}</span>${body}
      <span class="b-ctr-label">${esc(c.label)}</span></div>`;
  }).join("") : `<div class="b-empty">${esc(t("Chưa có quầy nào mở", "No counter open yet"))}</div>`);
}

function renderWaiting(state) {
  setHtml($("waiting"), shownServices(state).map((s, i) => `
    <div class="b-wait c${i % 8}" data-service="${esc(s.code)}">
      <span class="b-wait-letter">${esc(s.prefix)}</span>
      <span class="b-wait-name">${bi(s.name_vi, s.name_en)}</span>
      <span class="b-wait-count">${state.waiting[s.code] || 0}</span>
    </div>`).join(""));
}

function renderCompact(state) {
  const c = counterByNumber(state, FILTER.counter);
  const el = $("compact");
  if (!c) {
    setHtml(el, `<div class="b-cp-no">${esc(t("Quầy", "Counter"))} ${FILTER.counter}</div>
      <div class="b-cp-state">${esc(t("Không có quầy này", "No such counter"))}</div>`);
    return;
  }
  let main;
  if (c.status === "closed") {
    main = `<div class="b-cp-state">${bi("Quầy đóng", "Closed")}</div>`;
  } else if (c.status === "paused") {
    main = `<div class="b-cp-state">${bi("Tạm dừng", "Paused")}</div>`;
  } else if (c.current) {
    const svc = serviceOf(state, c.current.service);
    main = `<div class="b-cp-label">${bi("Đang phục vụ số", "Now serving")}</div>
      <div class="b-cp-number${flashing({ ticket_id: c.current.ticket_id }) ? " is-flash" : ""}"
        id="compact-number">${esc(c.current.number)}</div>
      <div class="b-cp-service">${esc(t(svc.name_vi, svc.name_en))}</div>`;
  } else {
    main = `<div class="b-cp-state">${bi("Mời số tiếp theo", "Next please")}</div>`;
  }
  el.className = `b-compact st-${c.status}`;
  setHtml(el, `<div class="b-cp-head"><span class="b-cp-no">${esc(t("Quầy", "Counter"))}
      <b>${c.number}</b></span><span class="b-cp-name">${esc(c.label)}</span></div>${main}`);
}

function render() {
  applyLayout();
  const state = board.live && board.live.state;
  if (!state) return;
  if (state.center) {
    $("center-name").textContent = state.center.name;
    board.timezone = state.center.timezone || board.timezone;
  }
  if (layout() === "compact") { renderCompact(state); return; }
  if (layout() === "scoreboard") return;
  const recent = state.recent.filter(callShown);
  renderLatest(state, recent);
  renderRecent(state, recent);
  renderCounters(state);
  renderWaiting(state);
}

function renderTicker() {
  const a = board.announcement;
  $("ticker").hidden = !a;
  if (!a) return;
  $("ticker-text").innerHTML = esc(a);
  // Slow, steady speed whatever the length: about 120 px per second.
  const track = document.querySelector(".b-ticker-track");
  const width = track.scrollWidth + window.innerWidth;
  track.style.animationDuration = `${Math.max(12, width / 120)}s`;
}

function tick() {
  const now = new Date(board.live ? board.live.now() : Date.now());
  const p = zonedParts(now, board.timezone);
  $("clock").textContent = `${p.h}:${p.m}`;
  $("date").textContent = longDate(now, board.timezone);
  if (board.flashUntil && Date.now() > board.flashUntil) {
    board.flashUntil = 0;
    render();
  }
}

// ---------- sound: one announcement after another, never over each other ----------

const sound = {
  queue: [],
  playing: false,
  blocked: false,
  log: [], // what played, in order (tests read it)
};

function playUrl(url) {
  return new Promise((resolve, reject) => {
    const audio = new Audio(url);
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      sound.log.push({ url, at: Date.now(), event: ok ? "ended" : "error" });
      resolve();
    };
    const guard = setTimeout(() => finish(false), 20000);
    audio.addEventListener("ended", () => finish(true));
    audio.addEventListener("error", () => finish(false));
    sound.log.push({ url, at: Date.now(), event: "start" });
    audio.play().catch((err) => {
      if (err && err.name === "NotAllowedError") {
        done = true;
        clearTimeout(guard);
        sound.log.pop();
        reject(err);
      } else {
        finish(false);
      }
    });
  });
}

async function pump() {
  if (sound.playing || sound.blocked || !sound.queue.length) return;
  sound.playing = true;
  const item = sound.queue[0];
  try {
    if (!item.chimed) { await playUrl(CONFIG.chime); item.chimed = true; }
    if (item.audio_url) await playUrl(item.audio_url);
    sound.queue.shift();
  } catch {
    blockSound(); // autoplay refused: keep the item, ask for a tap
  } finally {
    sound.playing = false;
  }
  if (!sound.blocked && sound.queue.length) setTimeout(pump, 400);
}

function announce(data) {
  sound.queue.push({ number: data.number, counter: data.counter, audio_url: data.audio_url || null });
  while (sound.queue.length > 12) sound.queue.shift(); // a backlog is useless: keep the latest
  pump();
}

function blockSound() {
  sound.blocked = true;
  $("sound-gate").hidden = false;
}

function unblockSound() {
  sound.blocked = false;
  $("sound-gate").hidden = true;
  pump();
}

function probeAutoplay() {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return;
  try {
    const ctx = new Ctx();
    if (ctx.state === "suspended") blockSound();
    ctx.close();
  } catch { /* no audio at all: stay silent */ }
}

// ---------- events ----------

function onEvent(env, state, applied) {
  if (env.type === "board.announcement") {
    const d = env.data || {};
    const text = d.text || [d.text_vi, d.text_en].filter(Boolean).join("  ·  ") || d.message || "";
    board.announcement = d.clear ? null : text || null;
    renderTicker();
    return;
  }
  if (layout() === "scoreboard" && (env.type === "rating.recorded" ||
      env.type === "ticket.completed" || env.type === "ticket.called")) reloadScoresSoon();
  if (applied && (env.type === "ticket.called" || env.type === "ticket.recalled")) {
    if (callShown(env.data)) {
      board.flashTicket = env.data.ticket_id;
      board.flashUntil = Date.now() + FLASH_MS;
      board.flashSerial += 1;
      announce(env.data);
    }
  }
  render();
}

// What an administrator set for this board (motcua device configure NAME services=[...]
// counters=[...] counter=5 layout=portrait); the address bar's parameters win.
function applyDeviceFilters(cfg) {
  if (!params.get("services") && Array.isArray(cfg.services)) {
    for (const s of cfg.services) FILTER.services.add(String(s).toUpperCase());
  }
  if (!params.get("counters") && Array.isArray(cfg.counters)) {
    for (const n of cfg.counters) if (Number.isFinite(Number(n))) FILTER.counters.add(Number(n));
  }
  if (!params.get("counter") && Number.isFinite(Number(cfg.counter)) && cfg.counter !== null
      && cfg.counter !== undefined) {
    FILTER.counter = Number(cfg.counter);
  }
  applyLayout();
}

function start() {
  if (params.get("lang") === "en") setLang("en", { persist: false });
  else setLang("vi", { persist: false });
  paintIcons();
  applyLayout();
  tick();
  setInterval(tick, 1000);
  window.addEventListener("resize", render);
  $("sound-gate").addEventListener("click", unblockSound);
  document.addEventListener("pointerdown", () => { if (sound.blocked) unblockSound(); });
  if (!board.token) {
    $("main").hidden = true;
    $("compact").hidden = true;
    $("setup").hidden = false;
    return;
  }
  probeAutoplay();
  board.live = connectLive("/board", {
    token: board.token,
    onSnapshot: (state) => {
      // The snapshot says who this board is: the settings its administrator gave it.
      board.device = state.device || null;
      const cfg = (board.device && board.device.config) || {};
      applyDeviceFilters(cfg);
      const a = state && state.announcement;
      board.announcement = a ? [a.text_vi, a.text_en].filter(Boolean).join("  ·  ")
        : cfg.announcement || null;
      renderTicker();
      render();
    },
    onEvent,
    onRefused() { $("main").hidden = true; $("compact").hidden = true; $("setup").hidden = false; },
  });
  window.motcuaLive = board.live;
  window.motcuaBoard = { board, sound, filter: FILTER, render, scores };
}

start();
