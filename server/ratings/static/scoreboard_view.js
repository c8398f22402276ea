// The scoreboard's tables (shared by /scoreboard and the lobby board's "scoreboard" layout).

import { bi, esc, t } from "/web/static/js/i18n.js";
import { face } from "./faces.js";

function faceFor(avg) {
  if (avg === null || avg === undefined) return "neutral";
  if (avg >= 4.5) return "very-happy";
  if (avg >= 3.5) return "happy";
  if (avg >= 2.5) return "neutral";
  return avg >= 1.5 ? "sad" : "very-sad";
}

function minutes(s) {
  if (s === null || s === undefined) return "—";
  return `${Math.max(0, Math.round(s / 60))} ${t("phút", "min")}`;
}

function share(x) {
  if (x === null || x === undefined) return "—";
  const pct = Math.round(x * 1000) / 10;
  return `<span class="sb-bar"><span style="width:${Math.min(100, pct)}%"></span></span>${pct}%`;
}

function row(line) {
  const avg = line.average_score;
  const dossiers = line.dossiers_finished
    ? `${line.dossiers_on_time}/${line.dossiers_finished}` : "—";
  return `<tr data-key="${esc(line.key)}">
    <td>${bi(line.label_vi, line.label_en)}</td>
    <td class="sb-served">${line.served}</td>
    <td>${minutes(line.average_wait_s)}</td>
    <td>${dossiers}</td>
    <td class="sb-avg"><span class="sb-score">${face(faceFor(avg))}${
      avg === null ? "—" : avg.toFixed(2)}</span></td>
    <td>${share(line.satisfied_share)}</td>
    <td>${line.ratings}</td>
  </tr>`;
}

/** HTML of one table (counters or services) of a scoreboard answer. */
export function table(lines, firstVi, firstEn) {
  if (!lines.length) {
    return `<div class="sb-empty">${esc(t("Chưa có số liệu trong tháng", "No figures this month yet"))}</div>`;
  }
  const th = (vi, en) => `<th>${bi(vi, en)}</th>`;
  return `<table class="sb-table"><thead><tr>${th(firstVi, firstEn)}
    ${th("Lượt phục vụ", "Citizens served")}${th("Chờ trung bình", "Average wait")}
    ${th("Hồ sơ đúng hạn", "Dossiers on time")}${th("Điểm hài lòng (1–5)", "Satisfaction (1–5)")}
    ${th("Tỷ lệ hài lòng", "Share satisfied")}${th("Lượt đánh giá", "Ratings")}</tr></thead>
    <tbody>${lines.map(row).join("")}</tbody></table>`;
}

/** Fill an element with both tables of a scoreboard answer (a heading too on a lobby board). */
export function renderScoreboard(el, data, { heading = false } = {}) {
  el.innerHTML = (heading ? `<h2 class="sb-board-title">${bi(
    `Kết quả phục vụ và mức độ hài lòng · Tháng ${data.month}`,
    `Service results and satisfaction · ${data.month}`)}</h2>` : "") + `
    <section class="sb-card" id="sb-counters"><h2>${bi("Theo quầy", "By counter")}</h2>
      ${table(data.counters, "Quầy", "Counter")}</section>
    <section class="sb-card" id="sb-services"><h2>${bi("Theo lĩnh vực", "By service")}</h2>
      ${table(data.services, "Lĩnh vực", "Service")}</section>`;
}
