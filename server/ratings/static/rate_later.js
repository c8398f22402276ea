// "Rate this service" on a tracking page: once, within the window after the visit, no login.
// Shown in #rate-later[data-ticket] when GET /api/v1/ratings/open/<code> says it is open.

import { bi, esc } from "/web/static/js/i18n.js";
import { api, errorText } from "/web/static/js/ui.js";
import { face } from "./faces.js";

const box = document.getElementById("rate-later");
const code = box ? box.dataset.ticket : "";
const state = { status: null, reasons: [], score: null, chosen: new Set(), done: false };
window.motcuaRateLater = state; // read by the tests

function render() {
  const s = state.status;
  if (state.done) {
    box.hidden = false;
    box.innerHTML = `<h2>${bi("Cảm ơn quý khách đã đánh giá!", "Thank you for your rating!")}</h2>`;
    return;
  }
  if (!s || !s.open) { box.hidden = true; return; }
  box.hidden = false;
  const low = state.score !== null && state.score <= 2;
  box.innerHTML = `
    <h2>${bi("Đánh giá mức độ hài lòng", "Rate this service")}</h2>
    <p class="dz-small dz-muted">${bi("Quý khách có thể đánh giá một lần, trong vài ngày sau khi được phục vụ.",
      "You may rate once, within a few days of your visit.")}</p>
    <div class="rl-faces" role="group">${s.levels.map((lv) => `
      <button type="button" class="rl-face${state.score === lv.score ? " is-on" : ""}"
        data-score="${lv.score}">${face(lv.face)}${bi(lv.label_vi, lv.label_en)}</button>`).join("")}
    </div>
    ${low ? `<div>${bi("Xin cho biết lý do (chọn ít nhất một)", "Please tell us why (at least one)")}</div>
      <div class="rl-reasons">${state.reasons.map((r) => `
        <button type="button" class="rl-reason${state.chosen.has(r.code) ? " is-on" : ""}"
          data-reason="${esc(r.code)}">${bi(r.label_vi, r.label_en)}</button>`).join("")}</div>` : ""}
    ${state.score !== null ? `<textarea class="rl-comment" id="rl-comment" maxlength="1000"
        placeholder="Ý kiến thêm (không bắt buộc) · Anything else? (optional)"></textarea>
      <button type="button" class="rl-send" id="rl-send"
        ${low && !state.chosen.size ? "disabled" : ""}>${bi("Gửi đánh giá", "Send")}</button>` : ""}
    <div class="rl-error" id="rl-error" hidden></div>`;
}

async function check() {
  if (!code || state.done) return;
  try {
    state.status = await api(`/api/v1/ratings/open/${encodeURIComponent(code)}`);
    if (state.status.open && !state.reasons.length) state.reasons = await api("/api/v1/ratings/reasons");
  } catch { state.status = null; }
  render();
}

async function send() {
  const comment = (document.getElementById("rl-comment") || {}).value || "";
  const body = { ticket: code, score: state.score, reasons: [...state.chosen] };
  if (comment.trim()) body.comment = comment.trim();
  try {
    await api("/api/v1/ratings", { method: "POST", body });
    state.done = true;
    render();
  } catch (err) {
    const el = document.getElementById("rl-error");
    el.textContent = errorText(err);
    el.hidden = false;
  }
}

if (box) {
  box.addEventListener("click", (e) => {
    const face_ = e.target.closest("[data-score]");
    const reason = e.target.closest("[data-reason]");
    if (face_) {
      const comment = (document.getElementById("rl-comment") || {}).value || "";
      state.score = Number(face_.dataset.score);
      render();
      if (comment) document.getElementById("rl-comment").value = comment;
    } else if (reason) {
      const comment = (document.getElementById("rl-comment") || {}).value || "";
      if (state.chosen.has(reason.dataset.reason)) state.chosen.delete(reason.dataset.reason);
      else state.chosen.add(reason.dataset.reason);
      render();
      document.getElementById("rl-comment").value = comment;
    } else if (e.target.closest("#rl-send")) {
      send();
    }
  });
  // The ticket page tells us when its ticket changes (completed while the page is open).
  document.addEventListener("motcua:ticket", (e) => {
    if (e.detail && e.detail.status === "done" && !(state.status && state.status.open)) check();
  });
  check();
}
