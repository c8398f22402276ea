// Admin page: health tiles, printers, and the voice phrases (GET/PUT /api/v1/admin/voice).
import { api, errorText } from "/web/static/js/ui.js";

const $ = (id) => document.getElementById(id);
const KEY = "motcua.admin.token";
let token = sessionStorage.getItem(KEY);

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;",
    '"': "&quot;", "'": "&#39;" }[c]));
}

function tile(title, ok, detail) {
  return `<div class="tile ${ok ? "ok" : "bad"}"><span>${esc(title)}</span>
    <b>${ok ? "Hoạt động · OK" : "Không khả dụng · Unavailable"}</b>
    <small>${esc(detail || "")}</small></div>`;
}

async function loadHealth() {
  const res = await fetch("/healthz", { cache: "no-store" });
  const h = await res.json();
  const v = h.voice || { available: false, reason: "voice not loaded" };
  $("health").innerHTML = tile("Cơ sở dữ liệu · Database", h.database === "ok", h.backend)
    + tile("Giọng đọc · Voice", v.available, v.available ? v.engine : v.reason);
}

async function loadPrinters() {
  try {
    const body = await api("/api/v1/printers", { token });
    const rows = (body.printers || []).map((p) => `<tr><td>${esc(p.device_name || p.name)}</td>
      <td>${esc(p.printer || "— không in · paperless")}</td><td>${esc(p.status || p.last_status || "")}</td>
      </tr>`).join("");
    $("printers").innerHTML = rows ? `<table><tr><th>Kiosk</th><th>Máy in</th>
      <th>Trạng thái</th></tr>${rows}</table>` : "Chưa cấu hình máy in · No printer configured";
  } catch (err) {
    $("printers").textContent = errorText(err);
  }
}

function showVoice(state) {
  const o = state.options;
  $("t-vi").value = (o.templates.vi || {}).call || "";
  $("t-en").value = (o.templates.en || {}).call || "";
  $("mode").value = o.number_mode;
  $("repeat").value = o.repeat;
  $("previews").innerHTML = Object.entries(state.preview).map(([lang, text]) =>
    `<div class="preview"><b>${esc(lang)}</b> · ${esc(text)}</div>`).join("");
}

async function loadVoice() {
  showVoice(await api("/api/v1/admin/voice", { token }));
}

async function enter() {
  $("login-card").hidden = true;
  $("app").hidden = false;
  await Promise.all([loadHealth(), loadPrinters(), loadVoice()]);
}

$("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    const res = await api("/api/v1/auth/login", { method: "POST",
      body: { username: $("u").value, password: $("p").value } });
    if (res.role !== "admin") throw new Error("Cần tài khoản quản trị · Admin account needed");
    token = res.token;
    sessionStorage.setItem(KEY, token);
    await enter();
  } catch (err) {
    $("login-msg").textContent = errorText(err);
  }
});

$("voice").addEventListener("submit", async (e) => {
  e.preventDefault();
  const templates = { vi: $("t-vi").value };
  if ($("t-en").value) templates.en = $("t-en").value;
  try {
    showVoice(await api("/api/v1/admin/voice", { method: "PUT", token, body: {
      templates, number_mode: $("mode").value, repeat: Number($("repeat").value) } }));
    $("voice-msg").className = "msg";
    $("voice-msg").textContent = "Đã lưu · Saved";
  } catch (err) {
    $("voice-msg").className = "msg err";
    $("voice-msg").textContent = errorText(err);
  }
});

if (token) enter().catch(() => { sessionStorage.removeItem(KEY); location.reload(); });
