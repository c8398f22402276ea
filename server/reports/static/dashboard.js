// Live dashboard: the /api/v1/dashboard snapshot, kept fresh by the lobby's Socket.IO
// stream (/board namespace, staff token): counts and counters change at once, the rest
// (longest waits, alerts, today's charts) is refetched shortly after any event.

import { bi, esc, t } from "/web/static/js/i18n.js";
import { icon } from "/web/static/js/icons.js";
import { connectLive } from "/web/static/js/live.js";
import { setHtml } from "/web/static/js/ui.js";
import {
  $, COLORS, call, chart, fmtInt, fmtMin, session, setCenter, signOut, startPage,
} from "./supervisor.js";

const REFRESH_MS = 20000; // the snapshot again, even without events (waits grow)
const DEBOUNCE_MS = 1500; // after an event, refetch at most this often

const app = { data: null, live: null, timer: null, tick: null, pending: null, skewMs: 0 };
window.motcuaDashboard = app;

const STATUS = { open: ["Đang mở", "Open"], paused: ["Tạm dừng", "Paused"],
  closed: ["Đóng", "Closed"] };
const TICKET = { called: ["Đang gọi", "Calling"], serving: ["Đang phục vụ", "Serving"] };

function nowMs() { return Date.now() + app.skewMs; }

function since(iso) { return iso ? (nowMs() - Date.parse(iso)) / 1000 : null; }

async function refresh() {
  app.pending = null;
  try {
    const data = await call("/api/v1/dashboard");
    app.skewMs = Date.parse(data.generated_at) - Date.now();
    app.data = data;
    render();
  } catch (err) {
    if (err.status === 403) signOut(t("Tài khoản này không có quyền giám sát",
      "This account is not a supervisor"));
  }
}

function soon() {
  if (!app.pending) app.pending = setTimeout(refresh, DEBOUNCE_MS);
}

function level(seconds) {
  if (seconds === null) return "";
  const limit = app.data.wait_alert_s;
  if (seconds >= limit) return "is-bad";
  if (seconds >= limit / 2) return "is-warn";
  return "is-ok";
}

function renderKpis() {
  const d = app.data;
  const waiting = d.waiting_total;
  $("waiting-total").textContent = fmtInt(waiting);
  const busiest = [...d.waiting].sort((a, b) => b.waiting - a.waiting)[0];
  $("waiting-sub").textContent = busiest && busiest.waiting
    ? t(`nhiều nhất: ${busiest.name_vi} (${busiest.waiting})`,
      `most: ${busiest.name_en} (${busiest.waiting})`) : t("không ai phải chờ", "nobody waiting");
  const longest = d.longest_wait ? since(d.longest_wait.since) : null;
  $("longest").textContent = longest === null ? "–" : fmtMin(longest);
  $("kpi-longest").className = `sv-kpi ${level(longest)}`;
  const svc = d.longest_wait && d.waiting.find((w) => w.service === d.longest_wait.service);
  $("longest-sub").textContent = svc ? t(svc.name_vi, svc.name_en) +
    t(` · ngưỡng ${Math.round(d.wait_alert_s / 60)} phút`,
      ` · limit ${Math.round(d.wait_alert_s / 60)} min`) : "";
  const s = d.counters.summary;
  $("counters-open").textContent = `${s.open}/${d.counters.list.length}`;
  $("counters-sub").textContent = t(
    `mở · ${s.serving} đang phục vụ · ${s.paused} tạm dừng`,
    `open · ${s.serving} serving · ${s.paused} paused`);
  const f = d.today_figures;
  $("today-issued").textContent = fmtInt(f.issued);
  $("today-sub").textContent = t(`phiếu · ${f.served} đã phục vụ · ${f.no_show} vắng mặt`,
    `tickets · ${f.served} served · ${f.no_show} no-show`);
  $("today-wait").textContent = fmtMin(f.wait_s.avg);
  $("today-wait-sub").textContent = f.wait_s.count
    ? t(`trung bình · trung vị ${fmtMin(f.wait_s.median)} · P90 ${fmtMin(f.wait_s.p90)}`,
      `average · median ${fmtMin(f.wait_s.median)} · p90 ${fmtMin(f.wait_s.p90)}`)
    : t("chưa có lượt gọi", "no calls yet");
  const dossiers = d.dossiers;
  $("kpi-dossiers").hidden = !dossiers;
  if (dossiers) {
    $("dossiers-overdue").textContent = fmtInt(dossiers.overdue);
    $("kpi-dossiers").className = `sv-kpi ${dossiers.overdue ? "is-bad" : "is-ok"}`;
    $("dossiers-sub").textContent = t(
      `${dossiers.pending} đang giải quyết · ${dossiers.received_today} nhận hôm nay`,
      `${dossiers.pending} pending · ${dossiers.received_today} received today`);
  }
}

function renderQueues() {
  const d = app.data;
  const max = Math.max(1, ...d.waiting.map((w) => w.waiting));
  const rows = d.waiting.map((w) => {
    const wait = since(w.oldest_issued_at);
    const pct = Math.round((100 * w.waiting) / max);
    return `<tr class="${level(wait)}"><td class="sv-svc">${bi(w.name_vi, w.name_en)}</td>` +
      `<td class="sv-num sv-big">${w.waiting}</td>` +
      `<td class="sv-barcell"><span class="sv-bar" style="width:${pct}%"></span></td>` +
      `<td class="sv-num sv-wait">${wait === null ? "–" : fmtMin(wait)}</td></tr>`;
  }).join("");
  setHtml($("queues"), `<thead><tr><th>${t("Dịch vụ", "Service")}</th>` +
    `<th class="sv-num">${t("Đang chờ", "Waiting")}</th><th></th>` +
    `<th class="sv-num">${t("Chờ lâu nhất", "Longest")}</th></tr></thead><tbody>${rows}</tbody>`);
}

function renderAlerts() {
  const alerts = app.data.alerts;
  $("alert-count").hidden = !alerts.length;
  $("alert-count").textContent = alerts.length;
  const items = alerts.map((a) => `<li class="sv-alert sv-alert-${esc(a.severity)}">` +
    `${icon(a.kind === "wait" ? "clock" : "stamp")}<span>${esc(t(a.message_vi, a.message_en))}` +
    "</span></li>").join("");
  setHtml($("alerts"), items || `<li class="sv-alert-none">${icon("check")}<span>` +
    `${t("Không có cảnh báo", "No alerts")}</span></li>`);
}

function renderCounters() {
  const tiles = app.data.counters.list.map((c) => {
    const cur = c.current;
    const state = c.status === "open" ? (cur ? cur.status : "idle") : c.status;
    const status = STATUS[c.status] || [c.status, c.status];
    let body = `<div class="sv-ctr-idle">${c.status === "open" ? t("Đang rảnh", "Idle")
      : c.status === "paused" ? esc(c.pause_reason || "") : "&nbsp;"}</div>`;
    if (cur) {
      const words = TICKET[cur.status] || [cur.status, cur.status];
      body = `<div class="sv-ctr-ticket">${esc(cur.number)}</div>` +
        `<div class="sv-ctr-what">${t(words[0], words[1])} · ${fmtMin(since(cur.called_at))}` +
        "</div>";
    }
    return `<div class="sv-ctr st-${esc(state)}"><div class="sv-ctr-top">` +
      `<span class="sv-ctr-no">${t("Quầy", "Counter")} <b>${c.number}</b></span>` +
      `<span class="sv-pill st-${esc(c.status)}">${t(status[0], status[1])}</span></div>` +
      `<div class="sv-ctr-label">${esc(c.label)}</div>${body}` +
      `<div class="sv-ctr-who">${esc(c.officer || "")}</div></div>`;
  }).join("");
  setHtml($("counters"), tiles);
}

function renderCharts() {
  const hours = app.data.today_figures.per_hour;
  const labels = hours.map((h) => `${h.hour}h`);
  chart("chart-hours", {
    type: "bar",
    data: { labels, datasets: [
      { label: t("Phát số", "Issued"), data: hours.map((h) => h.issued),
        backgroundColor: COLORS.brand2 },
      { label: t("Đã phục vụ", "Served"), data: hours.map((h) => h.served),
        backgroundColor: COLORS.green2 },
      { label: t("Vắng mặt", "No-show"), data: hours.map((h) => h.no_show),
        backgroundColor: COLORS.amber },
    ] },
    options: { plugins: { legend: { position: "bottom" } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const minutes = (s) => (s === null ? null : Math.round(s / 6) / 10);
  chart("chart-waits", {
    type: "line",
    data: { labels, datasets: [
      { label: t("Trung bình", "Average"), data: hours.map((h) => minutes(h.wait_s.avg)),
        borderColor: COLORS.brand, backgroundColor: COLORS.brand, spanGaps: true },
      { label: t("Trung vị", "Median"), data: hours.map((h) => minutes(h.wait_s.median)),
        borderColor: COLORS.teal, backgroundColor: COLORS.teal, spanGaps: true },
      { label: "P90", data: hours.map((h) => minutes(h.wait_s.p90)),
        borderColor: COLORS.red, backgroundColor: COLORS.red, borderDash: [6, 4],
        spanGaps: true },
      { label: t("Ngưỡng cảnh báo", "Alert limit"),
        data: hours.map(() => app.data.wait_alert_s / 60), borderColor: COLORS.amber,
        pointRadius: 0, borderWidth: 1.5, borderDash: [2, 3] },
    ] },
    options: { plugins: { legend: { position: "bottom", labels: { usePointStyle: true,
      pointStyle: "line" } } }, scales: { y: { beginAtZero: true } } },
  });
}

function render() {
  if (!app.data) return;
  setCenter(app.data.center);
  renderKpis();
  renderQueues();
  renderAlerts();
  renderCounters();
  renderCharts();
}

/** Live events: waiting counts and counters change at once; the rest is refetched. */
function onLive(state) {
  if (!app.data || !state) return;
  const counts = state.waiting || {};
  for (const w of app.data.waiting) if (w.service in counts) w.waiting = counts[w.service];
  app.data.waiting_total = app.data.waiting.reduce((n, w) => n + w.waiting, 0);
  const list = app.data.counters.list;
  for (const c of state.counters || []) {
    const mine = list.find((x) => x.id === c.id);
    if (!mine) continue;
    mine.status = c.status;
    mine.pause_reason = c.pause_reason;
    mine.current = c.current && { number: c.current.number, status: c.current.status,
      service: c.current.service, called_at: c.current.called_at };
  }
  const summary = { open: 0, paused: 0, closed: 0, serving: 0, calling: 0, idle: 0 };
  for (const c of list) {
    summary[c.status] += 1;
    if (c.status === "open") {
      summary[c.current ? (c.current.status === "serving" ? "serving" : "calling") : "idle"] += 1;
    }
  }
  app.data.counters.summary = summary;
  render();
  soon();
}

function enter() {
  refresh();
  clearInterval(app.timer);
  app.timer = setInterval(() => { refresh(); }, REFRESH_MS);
  // Ages of waits and calls grow by the second between snapshots.
  clearInterval(app.tick);
  app.tick = setInterval(() => { if (app.data) { renderKpis(); renderQueues(); renderCounters(); } }, 1000);
  if (window.io && !app.live) {
    app.live = connectLive("/board", {
      token: session.token,
      onSnapshot: (state) => onLive(state),
      onEvent: (_env, state) => onLive(state),
      onStatus: (on) => {
        const el = $("conn");
        el.hidden = false;
        el.className = `sv-conn ${on ? "is-on" : "is-off"}`;
        el.textContent = on ? t("Trực tuyến", "Live") : t("Mất kết nối", "Offline");
      },
    });
  }
}

function leave() {
  clearInterval(app.timer);
  clearInterval(app.tick);
  if (app.live) app.live.socket.disconnect();
  app.live = null;
  app.data = null;
}

startPage({ enter, leave, rerender: render });
