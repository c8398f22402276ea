// The counter panel's side column: the officer's figures for today and their dossier alerts.

import { esc, t } from "/web/static/js/i18n.js";
import { api, duration, setHtml, toast } from "/web/static/js/ui.js";

/** Build the side column for `app` (its token and counter); `$` finds elements by id. */
export function createSidebar(app, $) {
  // ---------- today's figures (from the server's log: GET /api/v1/me/today) ----------

  let today = null;

  async function refreshStats() {
    try {
      today = await api("/api/v1/me/today", { token: app.token });
    } catch {
      return; // keep the last figures; the next event retries
    }
    renderStats();
  }

  function trackStats(env) {
    if (!app.counterId || !env.data || env.data.counter_id !== app.counterId) return;
    // A call-next that finishes the previous citizen says so inside ticket.called.
    if (env.type === "ticket.completed" || env.type === "ticket.no_show"
        || (env.type === "ticket.called" && env.data.completed)) refreshStats();
  }

  function renderStats() {
    if (!today) { refreshStats(); return; }
    const avg = today.avg_service_s != null ? duration(today.avg_service_s) : "–";
    setHtml($("stats"), `
      <div class="cp-stat"><b id="stat-served">${today.served}</b><span>${esc(t("Đã phục vụ",
        "Served"))}</span></div>
      <div class="cp-stat"><b>${avg}</b><span>${esc(t("Thời gian phục vụ TB",
        "Avg. service time"))}</span></div>
      <div class="cp-stat"><b>${today.no_show}</b><span>${esc(t("Vắng mặt", "No-shows"))}</span></div>
      <p class="cp-note">${esc(t("Hôm nay, của bạn.", "Today, yours."))}</p>`);
  }

  // ---------- dossier alerts (sent to this officer's room at each stage) ----------

  const dossierAlerts = new Map();

  function addDossierAlert(a) {
    dossierAlerts.set(`${a.code}:${a.stage_index}`, a);
    renderDossierAlerts();
    toast(t(`Hồ sơ ${a.code}: ${a.level === "overdue" ? "quá hạn" : "sắp đến hạn"}`,
      `Dossier ${a.code}: ${a.level === "overdue" ? "overdue" : "nearly due"}`),
      a.level === "overdue" ? "error" : "info", 6000);
  }

  function renderDossierAlerts() {
    const list = [...dossierAlerts.values()].sort((x, y) => x.due_at.localeCompare(y.due_at));
    setHtml($("dossier-alerts"), list.length ? list.map((a) => `
      <li class="cp-alert lvl-${esc(a.level)}"><b>${esc(a.code)}</b>
        <span>${esc(t(a.procedure.name, a.procedure.name_en || a.procedure.name))}</span>
        <small>${esc(a.stage ? t(a.stage, a.stage_en || a.stage) : t("Hạn trả", "Due date"))}
          · ${esc(a.due_text || a.due_at)}</small></li>`).join("")
      : `<li class="cp-none">${esc(t("Không có", "None"))}</li>`);
  }

  async function loadDossierAlerts() {
    try {
      const body = await api("/api/v1/dossiers/alerts?mine=1", { token: app.token });
      for (const a of body.alerts || []) dossierAlerts.set(`${a.code}:${a.stage_index}`, a);
    } catch { /* officers without supervisor rights get theirs live only */ }
    renderDossierAlerts();
  }


  function resetStats() { today = null; }

  return { refreshStats, trackStats, renderStats, resetStats, addDossierAlert,
    loadDossierAlerts };
}
