// Report pages: pick a period, see the dossier report (Biểu II.06a) and the queue report
// with charts, download the same numbers as Excel, CSV or JSON.

import { bi, esc, t } from "/web/static/js/i18n.js";
import { zonedParts } from "/web/static/js/ui.js";
import {
  $, COLORS, CONFIG, call, chart, download, fmtInt, fmtMin, fmtPct, kpi, setCenter,
  startPage,
} from "./supervisor.js";

const app = { center: null, queue: null, from: null, to: null };
window.motcuaReports = app;

function iso(y, m, d) {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function today() {
  const p = zonedParts(new Date(), CONFIG.timezone);
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day) };
}

function quick(kind) {
  const { y, m, d } = today();
  if (kind === "this-month") return [iso(y, m, 1), iso(y, m, d)];
  if (kind === "last-month") {
    const py = m === 1 ? y - 1 : y;
    const pm = m === 1 ? 12 : m - 1;
    const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
    return [iso(py, pm, 1), iso(py, pm, last)];
  }
  const end = new Date(Date.UTC(y, m - 1, d));
  const start = new Date(end.getTime() - 6 * 86400000);
  return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
}

function query() {
  return `from=${$("from").value}&to=${$("to").value}`;
}

async function load(e) {
  if (e) e.preventDefault();
  const err = $("report-error");
  err.hidden = true;
  const url = new URL(window.location.href);
  url.searchParams.set("from", $("from").value);
  url.searchParams.set("to", $("to").value);
  window.history.replaceState(null, "", url.pathname + url.search);
  $("show").disabled = true;
  try {
    const [center, queue] = await Promise.all([
      call(`/api/v1/reports/center?${query()}`), call(`/api/v1/reports/queue?${query()}`)]);
    app.center = center;
    app.queue = queue;
    render();
    document.body.dataset.loaded = "1";
  } catch (ex) {
    err.textContent = t(ex.message_vi || ex.message, ex.message_en || ex.message);
    err.hidden = false;
  } finally {
    $("show").disabled = false;
  }
}

const COLUMNS = [
  ["received_total", "Tổng số nhận", "Received"],
  ["received_carried_over", "Kỳ trước chuyển qua", "Carried over"],
  ["received_new_in_person", "Trực tiếp", "In person"],
  ["received_new_online", "Trực tuyến", "Online"],
  ["received_new_postal", "Bưu chính", "Postal"],
  ["processed_total", "Đã giải quyết", "Processed"],
  ["processed_early", "Trước hạn", "Early"],
  ["processed_on_time", "Đúng hạn", "On time"],
  ["processed_late", "Quá hạn", "Late"],
  ["pending_in_time", "Đang giải quyết trong hạn", "Pending, in time"],
  ["pending_overdue", "Đang giải quyết quá hạn", "Pending, overdue"],
  ["returned", "Trả lại", "Returned"],
  ["withdrawn", "Rút hồ sơ", "Withdrawn"],
  ["on_time_rate", "Tỷ lệ đúng hạn", "On-time rate"],
  ["online_share", "Tỷ lệ trực tuyến", "Online share"],
];

function cell(row, key) {
  return key.endsWith("_rate") || key.endsWith("_share") ? fmtPct(row[key]) : fmtInt(row[key]);
}

function renderCenter() {
  const r = app.center;
  const tot = r.total;
  $("center-kpis").innerHTML = [
    kpi(t("Hồ sơ nhận giải quyết", "Dossiers received"), fmtInt(tot.received_total),
      esc(t(`${fmtInt(tot.received_carried_over)} kỳ trước chuyển qua · ` +
        `${fmtInt(tot.received_new)} mới`, `${fmtInt(tot.received_carried_over)} carried over · ` +
        `${fmtInt(tot.received_new)} new`))),
    kpi(t("Đã giải quyết", "Processed"), fmtInt(tot.processed_total),
      esc(t(`${fmtInt(tot.processed_early)} trước hạn · ${fmtInt(tot.processed_on_time)} ` +
        `đúng hạn · ${fmtInt(tot.processed_late)} quá hạn`, `${fmtInt(tot.processed_early)} ` +
        `early · ${fmtInt(tot.processed_on_time)} on time · ${fmtInt(tot.processed_late)} late`))),
    kpi(t("Tỷ lệ đúng hạn", "On-time rate"), fmtPct(tot.on_time_rate), "",
      tot.on_time_rate === null ? "" : tot.on_time_rate >= 0.95 ? "is-ok" : "is-bad"),
    kpi(t("Đang giải quyết", "Pending"), fmtInt(tot.pending_total),
      esc(t(`${fmtInt(tot.pending_overdue)} quá hạn`, `${fmtInt(tot.pending_overdue)} overdue`)),
      tot.pending_overdue ? "is-warn" : ""),
    kpi(t("Tỷ lệ trực tuyến", "Online share"), fmtPct(tot.online_share),
      esc(t("mục tiêu quốc gia ≥ 50 %", "national target ≥ 50 %")),
      tot.online_share === null ? "" : tot.online_share >= 0.5 ? "is-ok" : "is-warn"),
    kpi(t("Trả lại / rút", "Returned / withdrawn"), `${fmtInt(tot.returned)} / ` +
      `${fmtInt(tot.withdrawn)}`, ""),
  ].join("");

  const head = `<thead><tr><th>${t("Cấp, lĩnh vực", "Level, field")}</th>` +
    COLUMNS.map(([, vi, en]) => `<th class="sv-num">${esc(t(vi, en))}</th>`).join("") +
    "</tr></thead>";
  const line = (label, row, cls = "") => `<tr class="${cls}"><td>${label}</td>` +
    COLUMNS.map(([k]) => `<td class="sv-num">${cell(row, k)}</td>`).join("") + "</tr>";
  let body = line(t("Tổng cộng", "Total"), r.total, "sv-row-total");
  for (const lvl of r.levels) {
    body += line(bi(lvl.label_vi, lvl.label_en), lvl, "sv-row-level");
    for (const f of r.fields.filter((x) => x.level === lvl.level)) {
      body += line(`<span class="sv-indent">${bi(f.field, f.field_en)}</span>`, f);
    }
  }
  $("form-table").innerHTML = head + `<tbody>${body}</tbody>`;

  const fields = r.fields.filter((f) => f.received_total > 0);
  const label = (f) => `${t(f.field, f.field_en || f.field)} (${f.level === "commune"
    ? t("xã", "commune") : t("tỉnh", "prov.")})`;
  const ds = (name, key, color) => ({ label: name, data: fields.map((f) => f[key]),
    backgroundColor: color, stack: "s" });
  chart("chart-fields", {
    type: "bar",
    data: { labels: fields.map(label), datasets: [
      ds(t("Trước hạn", "Early"), "processed_early", COLORS.green),
      ds(t("Đúng hạn", "On time"), "processed_on_time", COLORS.green2),
      ds(t("Quá hạn", "Late"), "processed_late", COLORS.red),
      ds(t("Đang GQ trong hạn", "Pending in time"), "pending_in_time", COLORS.brand2),
      ds(t("Đang GQ quá hạn", "Pending overdue"), "pending_overdue", COLORS.amber),
      ds(t("Trả lại", "Returned"), "returned", COLORS.grey),
      ds(t("Rút", "Withdrawn"), "withdrawn", COLORS.purple),
    ] },
    options: { indexAxis: "y", plugins: { legend: { position: "bottom" } },
      scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } },
  });
  const levels = r.levels;
  chart("chart-channels", {
    type: "bar",
    data: { labels: levels.map((l) => t(l.label_vi, l.label_en)), datasets: [
      { label: t("Kỳ trước chuyển qua", "Carried over"),
        data: levels.map((l) => l.received_carried_over), backgroundColor: COLORS.grey },
      { label: t("Trực tiếp", "In person"), data: levels.map((l) => l.received_new_in_person),
        backgroundColor: COLORS.brand },
      { label: t("Trực tuyến", "Online"), data: levels.map((l) => l.received_new_online),
        backgroundColor: COLORS.teal },
      { label: t("Bưu chính", "Postal"), data: levels.map((l) => l.received_new_postal),
        backgroundColor: COLORS.amber },
    ] },
    options: { plugins: { legend: { position: "bottom" },
      subtitle: { display: true, text: levels.map((l) => `${t(l.label_vi, l.label_en)}: ` +
        `${t("trực tuyến", "online")} ${fmtPct(l.online_share)}`).join("   ·   ") } },
    scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
}

function renderQueue() {
  const q = app.queue;
  const tot = q.total;
  $("queue-kpis").innerHTML = [
    kpi(t("Số phiếu", "Tickets"), fmtInt(tot.issued),
      esc(t(`${fmtInt(tot.served)} đã phục vụ · ${fmtInt(tot.no_show)} vắng mặt`,
        `${fmtInt(tot.served)} served · ${fmtInt(tot.no_show)} no-show`))),
    kpi(t("Chờ trung bình", "Average wait"), fmtMin(tot.wait_s.avg),
      esc(t(`trung vị ${fmtMin(tot.wait_s.median)} · P90 ${fmtMin(tot.wait_s.p90)}`,
        `median ${fmtMin(tot.wait_s.median)} · p90 ${fmtMin(tot.wait_s.p90)}`))),
    kpi(t("Phục vụ trung bình", "Average service"), fmtMin(tot.service_s.avg),
      esc(t(`trung vị ${fmtMin(tot.service_s.median)} · P90 ${fmtMin(tot.service_s.p90)}`,
        `median ${fmtMin(tot.service_s.median)} · p90 ${fmtMin(tot.service_s.p90)}`))),
    kpi(t("Tỷ lệ vắng mặt", "No-show rate"), fmtPct(tot.no_show_rate), ""),
  ].join("");
  const minutes = (s) => (s === null ? null : Math.round(s / 6) / 10);
  const days = q.by_day;
  chart("chart-days", {
    type: "bar",
    data: { labels: days.map((d) => `${d.day.slice(8, 10)}/${d.day.slice(5, 7)}`), datasets: [
      { type: "bar", label: t("Số phiếu", "Tickets"), data: days.map((d) => d.issued),
        backgroundColor: COLORS.brand2, yAxisID: "y" },
      { type: "line", label: t("Chờ TB (phút)", "Avg wait (min)"),
        data: days.map((d) => minutes(d.wait_s.avg)), borderColor: COLORS.red,
        backgroundColor: COLORS.red, yAxisID: "y1", pointRadius: 2 },
    ] },
    options: { plugins: { legend: { position: "bottom" } }, scales: {
      y: { beginAtZero: true, position: "left" },
      y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } },
  });
  chart("chart-hours", {
    type: "bar",
    data: { labels: q.by_hour.map((h) => `${h.hour}h`), datasets: [
      { label: t("Số phiếu", "Tickets"), data: q.by_hour.map((h) => h.issued),
        backgroundColor: COLORS.brand },
    ] },
    options: { plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true } } },
  });
  chart("chart-services", {
    type: "bar",
    data: { labels: q.by_service.map((s) => t(s.name_vi, s.name_en)), datasets: [
      { label: t("Trung vị", "Median"), data: q.by_service.map((s) => minutes(s.wait_s.median)),
        backgroundColor: COLORS.teal },
      { label: t("Trung bình", "Average"), data: q.by_service.map((s) => minutes(s.wait_s.avg)),
        backgroundColor: COLORS.brand2 },
      { label: "P90", data: q.by_service.map((s) => minutes(s.wait_s.p90)),
        backgroundColor: COLORS.red },
    ] },
    options: { plugins: { legend: { position: "bottom" } },
      scales: { y: { beginAtZero: true } } },
  });
  const row = (name, r) => `<tr><td>${name}</td><td class="sv-num">${fmtInt(r.issued)}</td>` +
    `<td class="sv-num">${fmtInt(r.served)}</td><td class="sv-num">${fmtInt(r.no_show)}</td>` +
    `<td class="sv-num">${fmtMin(r.wait_s.median)}</td>` +
    `<td class="sv-num">${fmtMin(r.service_s.avg)}</td></tr>`;
  const head = `<thead><tr><th></th><th class="sv-num">${t("Phiếu", "Tickets")}</th>` +
    `<th class="sv-num">${t("Phục vụ", "Served")}</th>` +
    `<th class="sv-num">${t("Vắng", "No-show")}</th>` +
    `<th class="sv-num">${t("Chờ trung vị", "Median wait")}</th>` +
    `<th class="sv-num">${t("Phục vụ TB", "Avg service")}</th></tr></thead>`;
  $("counter-table").innerHTML = head + "<tbody>" +
    q.by_counter.map((c) => row(`${t("Quầy", "Counter")} ${c.counter} · ${esc(c.label)}`, c))
      .join("") +
    q.by_officer.map((o) => row(esc(o.full_name || o.username), o)).join("") + "</tbody>";
  $("longest-table").innerHTML = `<thead><tr><th>${t("Số", "Number")}</th>` +
    `<th>${t("Ngày", "Day")}</th><th>${t("Giờ lấy số", "Issued")}</th>` +
    `<th>${t("Dịch vụ", "Service")}</th><th>${t("Quầy", "Counter")}</th>` +
    `<th class="sv-num">${t("Thời gian chờ", "Wait")}</th></tr></thead><tbody>` +
    q.longest_waits.map((w) => `<tr><td><b>${esc(w.number)}</b></td><td>${esc(w.day)}</td>` +
      `<td>${esc(w.issued_local)}</td><td>${esc(w.service)}</td><td>${w.counter ?? "–"}</td>` +
      `<td class="sv-num">${fmtMin(w.wait_s)}</td></tr>`).join("") + "</tbody>";
}

function render() {
  if (!app.center) return;
  setCenter(app.center.center);
  renderCenter();
  renderQueue();
}

function enter() {
  const url = new URL(window.location.href);
  const [a, b] = quick("this-month");
  $("from").value = url.searchParams.get("from") || a;
  $("to").value = url.searchParams.get("to") || b;
  load();
}

document.querySelectorAll("[data-quick]").forEach((btn) => btn.addEventListener("click", () => {
  [$("from").value, $("to").value] = quick(btn.dataset.quick);
  load();
}));
document.querySelectorAll("[data-export]").forEach((btn) => btn.addEventListener("click", () => {
  const [kind, format] = btn.dataset.export.split(".");
  const name = `bao-cao-${kind === "center" ? "ho-so" : "hang-doi"}-${$("from").value}-` +
    `${$("to").value}.${format}`;
  download(`/api/v1/reports/${kind}?${query()}&format=${format}`, name).catch(() => {});
}));
$("period-form").addEventListener("submit", load);
startPage({ enter, leave: () => {}, rerender: render });
