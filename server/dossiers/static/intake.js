// Officer intake: sign in (same token as the counter panel), pick the visit's ticket and a
// procedure (search with or without diacritics), record the dossier, print, move it on.

import { applyStatic, bindToggle, esc, onLangChange, t } from "/web/static/js/i18n.js";
import { api, bindStaffLogin, errorText, toast } from "/web/static/js/ui.js";

const $ = (id) => document.getElementById(id);
const TICKET_STATUS = { called: ["đã gọi", "called"], serving: ["đang phục vụ", "serving"],
  held: ["đang giữ", "on hold"] };
const store = window.sessionStorage;
const app = {
  token: store.getItem("motcua.counter.token"),
  user: JSON.parse(store.getItem("motcua.counter.user") || "null"),
  procedures: [], groups: [], chosen: null, current: null,
  recent: JSON.parse(store.getItem("motcua.intake.recent") || "[]"),
};

/** Lower case without Vietnamese diacritics: "Đăng ký" -> "dang ky". */
export function fold(text) {
  return String(text || "").replace(/[đĐ]/g, "d").normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
}

function show(view) {
  $("view-login").hidden = view !== "login";
  $("view-main").hidden = view !== "main";
  $("logout").hidden = view === "login";
  $("user").hidden = view === "login";
  if (app.user) $("user").textContent = app.user.username;
}

async function call(path, opts = {}) {
  try {
    return await api(path, { token: app.token, ...opts });
  } catch (ex) {
    if (ex.status === 401) signOut(errorText(ex));
    throw ex;
  }
}

// ---------- sign in ----------

async function onLogin(res) {
  app.token = res.token;
  app.user = { username: res.username, staff_id: res.staff_id, role: res.role };
  store.setItem("motcua.counter.token", app.token);
  store.setItem("motcua.counter.user", JSON.stringify(app.user));
  await enter();
}

function signOut(message) {
  if (app.token) api("/api/v1/auth/logout", { method: "POST", token: app.token }).catch(() => {});
  app.token = null;
  app.user = null;
  store.removeItem("motcua.counter.token");
  store.removeItem("motcua.counter.user");
  show("login");
  if (message) { $("login-error").textContent = message; $("login-error").hidden = false; }
}

async function enter() {
  show("main");
  renderRecent();
  await Promise.all([loadTickets(), loadCatalogue()]);
}

// ---------- ticket of the visit ----------

async function loadTickets() {
  const select = $("ticket");
  const keep = select.value;
  let counters = [];
  try { counters = (await call("/api/v1/counters")).counters; } catch { return; }
  const mine = counters.filter((c) => c.current && (c.officer_id === app.user.staff_id));
  const others = counters.filter((c) => c.current && c.officer_id !== app.user.staff_id);
  const opt = (c) => `<option value="${esc(c.current.tracking_code)}">` +
    `${esc(t("Quầy", "Counter"))} ${c.number} · ${esc(c.current.number)} ` +
    `(${esc(t(...(TICKET_STATUS[c.current.status] || [c.current.status, c.current.status])))})</option>`;
  select.innerHTML = [...mine, ...others].map(opt).join("") +
    `<option value="">${esc(t("— Không gắn số thứ tự —", "— No ticket —"))}</option>`;
  if (keep && [...select.options].some((o) => o.value === keep)) select.value = keep;
}

// ---------- procedures ----------

async function loadCatalogue() {
  const [procs, groups] = await Promise.all([
    api("/api/v1/procedures"), api("/api/v1/procedure-groups")]);
  app.procedures = procs.procedures.map((p) => indexed({ kind: "procedure", ...p }, ""));
  app.groups = groups.groups.map((g) => indexed({ kind: "group", ...g, field: "Liên thông",
    field_en: "Linked" }, "lien thong linked"));
  renderProcedures();
}

/** Rank like the server: whole words beat prefixes, phrases in names and keywords win. */
function matches() {
  const words = fold($("proc-search").value).split(" ").filter(Boolean);
  const all = [...app.groups, ...app.procedures];
  if (!words.length) return all;
  const phrase = words.join(" ");
  const scored = [];
  for (const p of all) {
    let score = 0;
    for (const w of words) {
      if (p.tokens.has(w)) score += 2;
      else if ([...p.tokens].some((tok) => tok.startsWith(w))) score += 1;
      else { score = 0; break; }
    }
    if (!score) continue;
    score += (p.name_folded.includes(phrase) ? 6 : 0) + (p.keys.includes(phrase) ? 8 : 0) +
      (p.keys.some((k) => k.includes(phrase)) ? 4 : 0);
    scored.push([p, score]);
  }
  return scored.sort((a, b) => b[1] - a[1]).map((x) => x[0]);
}

function indexed(p, extra) {
  const name = fold(`${p.name} ${p.name_en || ""}`);
  const keys = (p.keywords || []).map(fold);
  const text = [name, ...keys, fold(p.field), fold(p.field_en), p.code.toLowerCase(), extra]
    .join(" ").replace(/[,()]/g, " ");
  return { ...p, name_folded: name, keys, tokens: new Set(text.split(" ").filter(Boolean)) };
}

function label(p) {
  const name = t(p.name, p.name_en);
  if (p.kind !== "group" || /^(liên thông|linked)/i.test(name)) return name;
  return `${t("Liên thông", "Linked")}: ${name}`;
}

function renderProcedures() {
  const items = matches().slice(0, 60);
  $("procs").innerHTML = items.map((p) => {
    const on = app.chosen && app.chosen.kind === p.kind && app.chosen.code === p.code;
    const meta = p.kind === "group" ? `${p.procedures.length} ${t("thủ tục", "procedures")}`
      : `${p.code} · ${t(p.field, p.field_en || p.field)} · ${t(p.duration, p.duration_en)}`;
    return `<button type="button" class="ik-proc${on ? " is-on" : ""}" role="option"
      data-kind="${p.kind}" data-code="${esc(p.code)}" aria-selected="${on}">${esc(label(p))}
      <div class="ik-meta">${esc(meta)}</div></button>`;
  }).join("") || `<div class="ik-proc dz-muted">${esc(t("Không tìm thấy thủ tục", "No procedure found"))}</div>`;
  const chosen = $("chosen");
  chosen.hidden = !app.chosen;
  if (app.chosen) chosen.textContent = `✓ ${label(app.chosen)}`;
}

function choose(e) {
  const btn = e.target.closest(".ik-proc[data-code]");
  if (!btn) return;
  const list = btn.dataset.kind === "group" ? app.groups : app.procedures;
  app.chosen = list.find((p) => p.code === btn.dataset.code) || null;
  renderProcedures();
}

// ---------- record ----------

async function submit(e) {
  e.preventDefault();
  const err = $("form-error");
  err.hidden = true;
  if (!app.chosen) {
    err.textContent = t("Cần chọn thủ tục hành chính", "Choose a procedure");
    err.hidden = false;
    return;
  }
  const body = {
    channel: document.querySelector("input[name=channel]:checked").value,
    ticket: $("ticket").value || null,
    applicant: { name: $("name").value.trim(), phone: $("phone").value.trim(),
      id_number: $("id-number").value.trim(), consent: $("consent").checked },
  };
  body[app.chosen.kind === "group" ? "group" : "procedure"] = app.chosen.code;
  $("submit").disabled = true;
  try {
    const res = await call("/api/v1/dossiers", { method: "POST", body });
    for (const d of res.dossiers) remember(d);
    showResult(res);
    toast(t(`Đã tiếp nhận hồ sơ ${res.code}`, `Dossier ${res.code} recorded`), "ok");
    for (const id of ["name", "phone", "id-number"]) $(id).value = "";
    $("consent").checked = false;
  } catch (ex) {
    err.textContent = errorText(ex);
    err.hidden = false;
  } finally {
    $("submit").disabled = false;
  }
}

function remember(d) {
  app.recent = [{ code: d.code, procedure: d.procedure.name, status_code: d.status_code,
    status: d.status }, ...app.recent.filter((x) => x.code !== d.code)].slice(0, 12);
  store.setItem("motcua.intake.recent", JSON.stringify(app.recent));
  renderRecent();
}

function renderRecent() {
  $("recent").innerHTML = app.recent.map((d) => `<li>
    <button type="button" class="btn btn-ghost btn-small" data-open="${esc(d.code)}">${esc(d.code)}</button>
    <span class="pill st-${d.status_code}" style="font-size:14px">${esc(t(d.status.vi, d.status.en))}</span></li>`
  ).join("") || `<li class="dz-muted">${esc(t("Chưa có hồ sơ nào trong phiên này", "Nothing recorded in this session"))}</li>`;
}

async function open(code) {
  try {
    const d = await call(`/api/v1/dossiers/${encodeURIComponent(code)}`);
    showResult({ ...d, dossiers: [d] });
  } catch (ex) { toast(errorText(ex), "error"); }
}

function showResult(res) {
  app.current = res;
  const box = $("result");
  box.hidden = false;
  const items = res.dossiers && res.dossiers.length ? res.dossiers : [res];
  box.innerHTML = `
    <h2>${esc(t("Đã tiếp nhận", "Recorded"))}</h2>
    ${res.group ? `<p><b>${esc(t("Liên thông", "Linked"))}:</b> ${esc(t(res.group.name || res.group.code, res.group.name_en))}</p>` : ""}
    <div class="dz-label">${esc(t("Mã tra cứu (in trên giấy hẹn)", "Lookup secret (on the receipt)"))}</div>
    <div class="ik-secret" id="result-secret">${esc(res.secret)}</div>
    ${items.map(card).join("")}
    <div class="ik-actions">
      <a class="btn" id="receipt-link" href="${esc(res.receipt_url)}" target="_blank" rel="noopener">${esc(t("In giấy hẹn", "Print receipt"))}</a>
      <a class="btn btn-ghost" href="${esc(res.tracking_url)}" target="_blank" rel="noopener noreferrer">${esc(t("Trang tra cứu", "Tracking page"))}</a>
    </div>`;
}

function card(d) {
  const next = (d.next_statuses || []).map((s) => `<button type="button" class="btn btn-ghost btn-small"
      data-move="${s.status_code}" data-code="${esc(d.code)}">→ ${s.status_code}. ${esc(t(s.vi, s.en))}</button>`);
  const stages = d.stages || [];
  const idx = d.stage ? d.stage.index : null;
  if ([2, 4, 6].includes(d.status_code) && idx !== null && idx + 1 < stages.length) {
    next.unshift(`<button type="button" class="btn btn-small" data-stage="${idx + 1}" data-code="${esc(d.code)}"
      data-status="${d.status_code}">${esc(t("Chuyển bước", "Next stage"))}: ${esc(t(stages[idx + 1].name, stages[idx + 1].name_en))}</button>`);
  }
  return `<div class="dz-fact" style="margin-top:12px" data-dossier="${esc(d.code)}">
    <div class="dz-code result-code">${esc(d.code)}</div>
    <div>${esc(t(d.procedure.name, d.procedure.name_en))}</div>
    <div class="dz-row" style="margin-top:6px">
      <span class="pill st-${d.status_code} result-status">${esc(t(d.status.vi, d.status.en))}</span>
      ${d.stage ? `<span class="dz-small">${esc(t("Bước", "Stage"))}: ${esc(t(d.stage.name, d.stage.name_en))}</span>` : ""}
    </div>
    <div style="margin-top:6px">${esc(t("Ngày hẹn trả", "Due"))}: <b class="result-due">${esc(d.due_text || "—")}</b></div>
    <div class="ik-actions">${next.join("")}</div>
  </div>`;
}

async function move(e) {
  const btn = e.target.closest("button[data-move], button[data-stage]");
  if (!btn) return;
  const code = btn.dataset.code;
  const body = btn.dataset.move ? { status_code: Number(btn.dataset.move) }
    : { status_code: Number(btn.dataset.status), stage: Number(btn.dataset.stage) };
  if (body.status_code === 10 && btn.dataset.move) {
    const how = window.prompt(t("Hình thức trả kết quả: in_person, post, online",
      "Result returned how: in_person, post, online"), "in_person");
    if (!how) return;
    body.result_method = how.trim();
  }
  if ([3, 7, 8, 5].includes(body.status_code) && btn.dataset.move) {
    const note = window.prompt(t("Lý do / ghi chú", "Reason / note"), "");
    if (note === null) return;
    body.note = note;
  }
  btn.disabled = true;
  try {
    const d = await call(`/api/v1/dossiers/${encodeURIComponent(code)}/transitions`,
      { method: "POST", body });
    remember(d);
    const items = (app.current.dossiers || [app.current]).map((x) => (x.code === d.code ? d : x));
    showResult({ ...app.current, ...(app.current.code === d.code ? d : {}), dossiers: items,
      secret: app.current.secret, receipt_url: app.current.receipt_url,
      tracking_url: app.current.tracking_url, group: app.current.group });
    toast(t(`Hồ sơ ${d.code}: ${d.status.vi}`, `Dossier ${d.code}: ${d.status.en}`), "ok");
  } catch (ex) {
    toast(errorText(ex), "error", 5000);
    btn.disabled = false;
  }
}

// ---------- wiring ----------

bindStaffLogin($("login-form"), onLogin);
$("logout").addEventListener("click", () => signOut());
$("intake-form").addEventListener("submit", submit);
$("ticket-refresh").addEventListener("click", loadTickets);
$("proc-search").addEventListener("input", renderProcedures);
$("procs").addEventListener("click", choose);
$("result").addEventListener("click", move);
$("recent").addEventListener("click", (e) => {
  const btn = e.target.closest("button[data-open]");
  if (btn) open(btn.dataset.open);
});
bindToggle($("lang"));
onLangChange(() => { renderProcedures(); renderRecent(); if (app.current) showResult(app.current); loadTickets(); });
applyStatic();
if (app.token && app.user) enter(); else show("login");
