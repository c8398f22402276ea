// Rating screen beside a counter: idle -> ask (faces) -> reasons (score 1-2) -> thanks -> idle.
// The visit arrives as `rating.ask` on Socket.IO /rating (the device's own room); the answer
// goes to POST /api/v1/ratings with the device's token. URL: ?token= (once), ?lang=en.

import { applyStatic, bi, bindToggle, esc, onLangChange, t } from "/web/static/js/i18n.js";
import { api, deviceToken, errorText } from "/web/static/js/ui.js";
import { face } from "./faces.js";

const $ = (id) => document.getElementById(id);
const WARN_S = 10; // the countdown turns into a warning this close to the end

const rate = {
  token: deviceToken("motcua.rating.token"),
  config: null, // snapshot: device, center, scale, levels, reasons, ask_s, thanks_s
  visit: null, // the rating.ask payload being answered
  state: "idle",
  score: null,
  chosen: new Set(),
  deadline: 0,
  timer: null,
  connected: false,
  recorded: [],
};
window.motcuaRate = rate; // read by the browser tests

function show(state) {
  rate.state = state;
  $("app").dataset.state = state;
  for (const name of ["idle", "ask", "reasons", "thanks"]) {
    $(`screen-${name}`).hidden = name !== state;
  }
  if (state === "idle") { rate.visit = null; stopTimer(); }
}

function stopTimer() { clearInterval(rate.timer); rate.timer = null; }

/** Count down to `seconds` from now, then go back to idle; warn near the end. */
function countdown(seconds) {
  stopTimer();
  rate.deadline = Date.now() + seconds * 1000;
  const tick = () => {
    const left = Math.max(0, Math.ceil((rate.deadline - Date.now()) / 1000));
    for (const el of [$("countdown"), $("countdown-reasons")]) {
      el.classList.toggle("is-warning", left <= WARN_S);
      el.textContent = left <= WARN_S
        ? t(`Màn hình sẽ trở về sau ${left} giây`, `This screen resets in ${left} s`)
        : t(`Còn ${left} giây`, `${left} s left`);
    }
    if (left <= 0) show("idle");
  };
  tick();
  rate.timer = setInterval(tick, 500);
}

function renderIdle() {
  const levels = rate.config ? rate.config.levels : [];
  $("idle-faces").innerHTML = levels.map((lv) => `<span class="r-idle-face">${face(lv.face)}</span>`)
    .join("");
  if (rate.config) {
    $("center-name").textContent = rate.config.center;
    const counter = rate.config.device.counter;
    $("counter-line").textContent = counter
      ? t(`Đánh giá mức độ hài lòng · Quầy ${counter}`, `Rate our service · Counter ${counter}`)
      : t("Chưa gán quầy cho màn hình này", "This screen has no counter yet");
  }
}

function renderAsk() {
  const v = rate.visit;
  if (!v || !rate.config) return;
  $("visit").innerHTML = `
    <div class="r-visit-number"><small>${esc(t("Số", "Number"))}</small> ${esc(v.number)}</div>
    <div class="r-visit-facts">
      <div class="r-visit-officer">${esc(t("Cán bộ", "Officer"))}: <b>${esc(v.officer_name)}</b></div>
      <div>${esc(t("Quầy", "Counter"))} <b>${v.counter}</b> · ${esc(t(v.service_name, v.service_name_en))}</div>
    </div>`;
  $("faces").className = `r-faces r-faces-${rate.config.levels.length}`;
  $("faces").innerHTML = rate.config.levels.map((lv) => `
    <button class="r-face" type="button" data-score="${lv.score}" data-face="${esc(lv.face)}">
      ${face(lv.face)}${bi(lv.label_vi, lv.label_en, "r-face-label")}
    </button>`).join("");
}

function renderReasons() {
  if (!rate.config) return;
  $("reasons").innerHTML = rate.config.reasons.map((r) => `
    <button class="r-reason${rate.chosen.has(r.code) ? " is-on" : ""}" type="button"
      data-reason="${esc(r.code)}" aria-pressed="${rate.chosen.has(r.code)}">
      <span class="r-check" aria-hidden="true">${rate.chosen.has(r.code) ? "✓" : ""}</span>
      ${bi(r.label_vi, r.label_en)}</button>`).join("");
  $("send").disabled = rate.chosen.size === 0;
}

function renderAll() {
  applyStatic();
  renderIdle();
  renderAsk();
  renderReasons();
}

function ask(visit) {
  rate.visit = visit;
  rate.score = null;
  rate.chosen = new Set();
  $("comment").value = "";
  $("error").hidden = true;
  renderAsk();
  show("ask");
  countdown(visit.ask_s || (rate.config && rate.config.ask_s) || 90);
}

async function send(score, reasons = [], comment = "") {
  $("error").hidden = true;
  try {
    const body = { ticket: rate.visit.tracking_code, score, reasons };
    if (comment.trim()) body.comment = comment.trim();
    const done = await api("/api/v1/ratings", { method: "POST", token: rate.token, body });
    rate.recorded.push(done);
    thanks(score);
  } catch (err) {
    if (err.code === "rating.exists") { thanks(score); return; }
    $("error").textContent = errorText(err);
    $("error").hidden = false;
  }
}

function thanks(score) {
  const level = rate.config.levels.find((lv) => lv.score === score);
  $("thanks-face").innerHTML = face(level ? level.face : "happy");
  show("thanks");
  stopTimer();
  const seconds = (rate.visit && rate.visit.thanks_s) || rate.config.thanks_s || 8;
  rate.timer = setTimeout(() => show("idle"), seconds * 1000);
}

$("faces").addEventListener("click", (e) => {
  const btn = e.target.closest("[data-score]");
  if (!btn || !rate.visit) return;
  const score = Number(btn.dataset.score);
  rate.score = score;
  if (score <= 2) {
    renderReasons();
    show("reasons");
    countdown((rate.config && rate.config.ask_s) || 90);
    return;
  }
  send(score);
});

$("reasons").addEventListener("click", (e) => {
  const btn = e.target.closest("[data-reason]");
  if (!btn) return;
  const code = btn.dataset.reason;
  if (rate.chosen.has(code)) rate.chosen.delete(code); else rate.chosen.add(code);
  renderReasons();
  countdown((rate.config && rate.config.ask_s) || 90); // a citizen still choosing keeps time
});

$("comment").addEventListener("input", () => countdown((rate.config && rate.config.ask_s) || 90));
$("back").addEventListener("click", () => { show("ask"); countdown(rate.config.ask_s || 90); });
$("send").addEventListener("click", () => {
  if (rate.chosen.size) send(rate.score, [...rate.chosen], $("comment").value);
});

bindToggle($("lang"));
onLangChange(renderAll);
if (new URLSearchParams(window.location.search).get("lang") === "en") $("lang").click();

function connect() {
  if (!window.io) return;
  const socket = window.io("/rating", { auth: { token: rate.token },
    transports: ["websocket", "polling"], reconnectionDelayMax: 5000 });
  socket.on("connect", () => { rate.connected = true; });
  socket.on("disconnect", () => { rate.connected = false; });
  socket.on("connect_error", () => {
    rate.connected = false;
    $("error").textContent = t("Mã màn hình đánh giá không hợp lệ hoặc mất kết nối",
      "Invalid rating screen token, or offline");
    $("error").hidden = false;
  });
  socket.on("snapshot", (snap) => {
    rate.config = snap;
    $("error").hidden = true;
    renderAll();
    if (rate.state !== "idle") renderAsk();
  });
  socket.on("rating.ask", (env) => { if (env && env.data) ask(env.data); });
}

show("idle");
renderAll();
connect();
