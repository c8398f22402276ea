// Kiosk: one tap on a service issues a number; a priority category first makes it priority.

import { applyStatic, bi, bindToggle, esc, lang, onLangChange, setLang, t } from
  "/web/static/js/i18n.js";
import { icon, paintIcons } from "/web/static/js/icons.js";
import { connectLive } from "/web/static/js/live.js";
import { api, deviceToken, errorText, speak, zonedParts } from "/web/static/js/ui.js";

const CONFIG = JSON.parse(document.getElementById("kiosk-config").textContent);
const IDLE_MS = Math.max(5, Number(CONFIG.idle_s) || 30) * 1000;
const REFRESH_MS = 30000;

const PRIORITIES = [
  { code: "elderly", vi: "Người cao tuổi", en: "Elderly" },
  { code: "disability", vi: "Người khuyết tật", en: "Person with disability" },
  { code: "pregnant", vi: "Phụ nữ mang thai", en: "Pregnant woman" },
  { code: "small_child", vi: "Người có con nhỏ", en: "With a small child" },
];
const PRIORITY_BY_CODE = Object.fromEntries(PRIORITIES.map((p) => [p.code, p]));

const $ = (id) => document.getElementById(id);
const state = {
  token: deviceToken("motcua.kiosk.token"),
  services: [],
  loaded: false,
  priority: null,
  ticket: null,
  busy: false,
  timezone: "Asia/Ho_Chi_Minh",
  screen: "home",
  countdown: 0,
};
let idleTimer = null;
let ticketTimer = null;
let refreshTimer = null;

// ---------- rendering ----------

function minutes(seconds) {
  if (seconds === null || seconds === undefined) return null;
  return Math.max(1, Math.round(seconds / 60));
}

function waitText(service) {
  if (!service.waiting) return t("Không phải chờ", "No wait");
  const m = minutes(service.estimated_wait_s);
  if (m === null) return t("Chưa có quầy mở", "No counter open yet");
  return t(`Chờ khoảng ${m} phút`, `About ${m} min wait`);
}

function closedReason(service) {
  if (service.cap_reached) return t("Đã hết số hôm nay", "No numbers left today");
  if (!service.in_hours) return t("Ngoài giờ làm việc", "Closed now");
  return t("Tạm ngưng", "Not available");
}

function renderPriority() {
  // Buttons are built once per language; taps must never land on a node being replaced.
  const box = $("priority");
  if (box.dataset.lang !== lang()) {
    box.innerHTML = PRIORITIES.map((p) => `<button type="button" class="k-prio"
      data-priority="${p.code}" aria-pressed="false" data-speak="${esc(p.vi)}">
      ${icon(p.code, "k-prio-icon")}${bi(p.vi, p.en)}${icon("check", "k-prio-check")}</button>`)
      .join("");
    box.dataset.lang = lang();
  }
  for (const b of box.querySelectorAll("[data-priority]")) {
    const on = state.priority === b.dataset.priority;
    b.classList.toggle("is-on", on);
    b.setAttribute("aria-pressed", String(on));
  }
  const hint = $("prio-hint");
  if (state.priority) {
    const p = PRIORITY_BY_CODE[state.priority];
    hint.innerHTML = `${icon("next")} <span>${esc(t(
      `Ưu tiên: ${p.vi}. Bây giờ chọn dịch vụ bên dưới.`,
      `Priority: ${p.en}. Now choose a service below.`))}</span>`;
    hint.hidden = false;
  } else {
    hint.hidden = true;
  }
}

function serviceFoot(s) {
  if (!s.open) return `<span class="k-svc-closed">${icon("lock")} ${esc(closedReason(s))}</span>`;
  const waiting = `${icon("people")} <b>${s.waiting}</b> ${esc(t("người đang chờ",
    s.waiting === 1 ? "person waiting" : "people waiting"))}`;
  return `<span class="k-svc-wait">${waiting}</span><span class="k-svc-eta">${icon("clock")} ${
    esc(waitText(s))}</span>`;
}

function renderServices() {
  const box = $("services");
  if (!state.loaded) return;
  if (!state.services.length) {
    box.innerHTML = `<div class="k-loading">${esc(t("Chưa có dịch vụ nào",
      "No services configured"))}</div>`;
    box.dataset.shape = "";
    return;
  }
  // Rebuild only when the buttons themselves change; counts and estimates update in place.
  const shape = [lang(), ...state.services.map((s) => [s.code, s.open, s.cap_reached,
    s.in_hours, s.name_vi, s.name_en, s.icon, s.prefix].join("|"))].join(";");
  if (box.dataset.shape !== shape) {
    box.innerHTML = state.services.map((s, i) => `<button type="button"
      class="k-svc c${i % 8}${s.open ? "" : " is-closed"}" data-service="${esc(s.code)}"
      ${s.open ? "" : 'aria-disabled="true"'} data-speak="${esc(s.name_vi)}">
      <span class="k-svc-icon">${icon(s.icon, "icon")}</span>
      <span class="k-svc-text">${bi(s.name_vi, s.name_en, "k-svc-name")}
        <span class="k-svc-foot"></span></span>
      <span class="k-svc-letter" aria-hidden="true">${esc(s.prefix)}</span>
    </button>`).join("");
    box.dataset.shape = shape;
  }
  for (const s of state.services) {
    const foot = box.querySelector(`[data-service="${CSS.escape(s.code)}"] .k-svc-foot`);
    const html = serviceFoot(s);
    if (foot && foot.motcuaHtml !== html) {
      foot.innerHTML = html;
      foot.motcuaHtml = html;
    }
  }
}

function renderTicket() {
  const tk = state.ticket;
  if (!tk) return;
  const p = tk.priority ? PRIORITY_BY_CODE[tk.priority] : null;
  const m = minutes(tk.estimated_wait_s);
  const eta = tk.waiting_ahead === 0 ? t("Sắp đến lượt", "You are next")
    : (m === null ? t("Chưa có quầy mở", "No counter open yet") : t(`khoảng ${m} phút`,
      `about ${m} min`));
  const qr = `${CONFIG.qr_url}?data=${encodeURIComponent(tk.tracking_url)}`;
  $("ticket").innerHTML = `
    <div class="k-ticket-main">
      <div class="k-ticket-label">${bi("Số thứ tự của bạn", "Your number")}</div>
      <div class="k-ticket-number" id="ticket-number">${esc(tk.number)}</div>
      <div class="k-ticket-service">${bi(tk.service_name, tk.service_name_en)}</div>
      ${p ? `<div class="k-ticket-prio">${icon(p.code)} ${esc(t(`Ưu tiên: ${p.vi}`,
        `Priority: ${p.en}`))}</div>` : ""}
      <div class="k-ticket-facts">
        <div class="k-fact">${icon("people")}<div><span>${esc(t("Số người trước bạn",
          "People ahead of you"))}</span><b id="ticket-ahead">${tk.waiting_ahead}</b></div></div>
        <div class="k-fact">${icon("clock")}<div><span>${esc(t("Thời gian chờ dự kiến",
          "Estimated wait"))}</span><b>${esc(eta)}</b></div></div>
      </div>
      <p class="k-ticket-watch">${esc(t(
        "Vui lòng theo dõi bảng hiển thị và loa gọi số.",
        "Please watch the display board and listen for your number."))}</p>
    </div>
    <div class="k-ticket-side">
      <img class="k-qr" src="${esc(qr)}" alt="${esc(t("Mã QR theo dõi lượt",
        "QR code to follow your turn"))}" width="260" height="260">
      <div class="k-qr-text">${esc(t("Quét mã để theo dõi lượt trên điện thoại",
        "Scan to follow your turn on your phone"))}</div>
      ${printLine(tk)}
      <div class="k-photo${photoFirst(tk) ? " k-photo-urgent" : ""}" id="photo-prompt">
        ${icon("camera")}<span>${bi("Chụp ảnh phiếu này", "Take a photo of this ticket")}</span>
      </div>
    </div>
    <div class="k-ticket-actions">
      <button type="button" class="btn k-btn-big" id="ticket-done">${icon("check")} ${esc(t(
        "Xong", "Done"))}</button>
      <span class="k-countdown" id="countdown">${esc(countdownText())}</span>
    </div>`;
  $("screen-ticket").dataset.speak = `Số thứ tự của bạn là ${tk.number}. ${tk.service_name}.`;
}

// Paper is a convenience: without a printer, or when it fails, the photo is the ticket.
function photoFirst(tk) {
  return !tk.print || tk.printed === false || ["failed", "expired"].includes(tk.printState);
}

function printLine(tk) {
  if (!tk.print) return "";
  const state = tk.printState || tk.print.state;
  if (photoFirst(tk)) {
    return `<div class="k-print k-print-bad" id="print-state">${esc(t(
      "Máy in đang gặp sự cố — vui lòng chụp ảnh phiếu trên màn hình",
      "The printer has a problem — please take a photo of the screen"))}</div>`;
  }
  if (state === "printed") {
    return `<div class="k-print" id="print-state">${esc(t("Đã in phiếu — mời nhận phiếu bên dưới",
      "Ticket printed — please take it below"))}</div>`;
  }
  return `<div class="k-print" id="print-state">${esc(t("Đang in phiếu…", "Printing your ticket…"))}</div>`;
}

function show(screen) {
  state.screen = screen;
  for (const name of ["home", "ticket", "locked", "setup"]) {
    $(`screen-${name}`).hidden = name !== screen;
  }
  document.body.dataset.view = screen;
}

function renderAll() {
  if (!state.token) { show("setup"); return; }
  renderPriority();
  renderServices();
  if (state.screen === "ticket") return;
  const anyOpen = state.services.some((s) => s.open);
  show(state.loaded && !anyOpen ? "locked" : "home");
}

// ---------- data ----------

async function loadServices() {
  if (!state.token) return;
  try {
    const data = await api("/api/v1/services", { token: state.token });
    state.services = data.services;
    state.loaded = true;
    renderAll();
  } catch (err) {
    if (!state.loaded) {
      $("services").innerHTML = `<div class="k-loading">${esc(errorText(err))}</div>`;
    }
  }
}

function scheduleRefresh(delay = 600) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(loadServices, delay);
}

async function issue(code) {
  if (state.busy) return;
  const service = state.services.find((s) => s.code === code);
  if (!service) return;
  if (!service.open) { showError({ message_vi: `${service.name_vi}: ${closedReason(service)}`,
    message_en: `${service.name_en}: ${closedReason(service)}` }); return; }
  state.busy = true;
  $("busy").hidden = false;
  try {
    const ticket = await api("/api/v1/tickets", {
      method: "POST", token: state.token, body: { service: code, priority: state.priority },
    });
    state.ticket = ticket;
    state.priority = null;
    renderPriority();
    startTicketCountdown();
    renderTicket();
    show("ticket");
    scheduleRefresh(200);
  } catch (err) {
    showError(err);
    scheduleRefresh(200);
  } finally {
    state.busy = false;
    $("busy").hidden = true;
  }
}

function showError(err) {
  $("error-text").textContent = errorText(err);
  const dlg = $("error-dialog");
  if (!dlg.open) dlg.showModal();
}

// ---------- idle handling ----------

function goHome() {
  clearInterval(ticketTimer);
  state.ticket = null;
  state.priority = null;
  if ($("error-dialog").open) $("error-dialog").close();
  if (lang() !== "vi") setLang("vi", { persist: false });
  state.screen = "home";
  renderAll();
}

function countdownText() {
  const left = state.countdown;
  return t(`Tự quay lại màn hình đầu sau ${left} giây`, `Back to the start in ${left} s`);
}

function startTicketCountdown() {
  clearInterval(ticketTimer);
  state.countdown = Math.round(IDLE_MS / 1000);
  ticketTimer = setInterval(() => {
    state.countdown -= 1;
    if (state.countdown <= 0) { goHome(); return; }
    const el = $("countdown");
    if (el) el.textContent = countdownText();
  }, 1000);
}

function touched() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (state.screen !== "ticket" && (state.priority || lang() !== "vi" ||
        $("error-dialog").open)) goHome();
  }, IDLE_MS);
}

// ---------- clock ----------

function tick() {
  const p = zonedParts(new Date(), state.timezone);
  $("clock").textContent = `${p.h}:${p.m}`;
}

// ---------- wiring ----------

function wire() {
  document.addEventListener("pointerdown", touched, { passive: true });
  document.addEventListener("keydown", touched);
  $("priority").addEventListener("click", (e) => {
    const b = e.target.closest("[data-priority]");
    if (!b) return;
    state.priority = state.priority === b.dataset.priority ? null : b.dataset.priority;
    renderPriority();
  });
  $("services").addEventListener("click", (e) => {
    const b = e.target.closest("[data-service]");
    if (b) issue(b.dataset.service);
  });
  $("ticket").addEventListener("click", (e) => {
    if (e.target.closest("#ticket-done")) goHome();
  });
  $("error-ok").addEventListener("click", () => $("error-dialog").close());
  // Read aloud with the server's offline Vietnamese voice; the browser's voice is the fallback.
  document.addEventListener("motcua:speak", (e) => {
    e.preventDefault();
    const { text, lang } = e.detail;
    fetch("/audio/speak", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${state.token}` },
      body: JSON.stringify({ text, lang }),
    }).then((res) => (res.ok ? res.blob() : Promise.reject(res.status)))
      .then((blob) => {
        if (state.audio) state.audio.pause();
        state.audio = new Audio(URL.createObjectURL(blob));
        return state.audio.play();
      })
      .catch(() => {
        if ("speechSynthesis" in window) {
          const u = new SpeechSynthesisUtterance(text);
          u.lang = lang === "en" ? "en-US" : "vi-VN";
          window.speechSynthesis.speak(u);
        }
      });
  });
  $("speak").addEventListener("click", () => {
    const screen = document.querySelector(".k-screen:not([hidden])");
    if (screen && screen.dataset.speak) speak(screen.dataset.speak, "vi");
  });
  bindToggle($("lang"), { persist: false }); // the next citizen starts in Vietnamese
  onLangChange(() => { renderAll(); if (state.screen === "ticket") renderTicket(); });
  // A kiosk must not zoom or open menus on long presses.
  document.addEventListener("contextmenu", (e) => e.preventDefault());
}

function start() {
  paintIcons();
  applyStatic();
  wire();
  tick();
  setInterval(tick, 5000);
  if (!state.token) { show("setup"); return; }
  renderAll();
  loadServices();
  setInterval(loadServices, REFRESH_MS);
  window.motcuaLive = connectLive("/kiosk", {
    token: state.token,
    onSnapshot(snap) {
      if (snap.center) {
        $("center-name").textContent = snap.center.name;
        state.timezone = snap.center.timezone || state.timezone;
      }
      scheduleRefresh(100);
    },
    onEvent(env) {
      if (env.type === "queue.changed" || (env.data && env.data.waiting)) {
        // Waiting counts are exact right away; estimates follow from the API.
        for (const s of state.services) {
          if (env.data.waiting[s.code] !== undefined) s.waiting = env.data.waiting[s.code];
        }
        if (state.screen === "home") renderServices();
        scheduleRefresh();
      } else if (env.type === "counter.changed") {
        scheduleRefresh();
      } else if (env.type === "print.job.changed" && state.ticket
                 && env.data.tracking_code === state.ticket.tracking_code) {
        state.ticket.printState = env.data.state;
        if (state.screen === "ticket") renderTicket();
      } else if (env.type === "printer.alert" && env.data.photo && state.ticket) {
        state.ticket.printed = false;
        if (state.screen === "ticket") renderTicket();
      }
    },
    onStatus(connected) { if (connected) scheduleRefresh(100); },
    onRefused() { show("setup"); },
  });
}

start();
