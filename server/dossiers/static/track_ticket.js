// Public ticket page: status, position and wait, live over Socket.IO /track; the visit's dossiers.

const CONFIG = JSON.parse(document.getElementById("track-config").textContent);
const $ = (id) => document.getElementById(id);
const code = CONFIG.ticket.tracking_code;

const STATUS = {
  waiting: ["Đang chờ", "Waiting"], called: ["Mời đến quầy", "Please come to the counter"],
  serving: ["Đang được phục vụ", "Being served"], held: ["Đang tạm giữ", "On hold"],
  done: ["Đã hoàn thành", "Done"], no_show: ["Đã qua lượt (vắng mặt)", "Missed (no-show)"],
  cancelled: ["Đã huỷ", "Cancelled"], transferred: ["Đã chuyển", "Transferred"],
};

const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({
  "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

let ticket = CONFIG.ticket;

function minutes(s) {
  if (s === null || s === undefined) return ["—", "—"];
  const m = Math.max(1, Math.round(s / 60));
  return [`khoảng ${m} phút`, `about ${m} min`];
}

function fact(vi, en, value, valueEn) {
  return `<div class="dz-fact"><span class="dz-label">${esc(vi)} <span class="en">${esc(en)}</span></span>` +
    `<b>${esc(value)}</b>${valueEn ? `<span class="en">${esc(valueEn)}</span>` : ""}</div>`;
}

function render() {
  const [vi, en] = STATUS[ticket.status] || [ticket.status, ticket.status];
  const pill = $("status");
  pill.className = `pill dz-status-big t-${ticket.status}`;
  pill.innerHTML = `${esc(vi)} <span class="en">${esc(en)}</span>`;
  $("ticket").dataset.status = ticket.status;
  $("number").textContent = ticket.number;
  const facts = [];
  if (ticket.status === "waiting") {
    facts.push(fact("Người trước bạn", "People ahead", String(ticket.waiting_ahead ?? 0)));
    const [wv, we] = minutes(ticket.estimated_wait_s);
    facts.push(fact("Thời gian chờ dự kiến", "Estimated wait", wv, we));
  }
  if (ticket.counter) {
    facts.push(fact("Quầy", "Counter", String(ticket.counter), ticket.counter_label || ""));
  }
  $("facts").innerHTML = facts.join("");
  // Other parts of the page (the later rating) follow the ticket's status.
  document.dispatchEvent(new CustomEvent("motcua:ticket", { detail: ticket }));
}

function renderDossiers(items) {
  $("dossiers").innerHTML = items.length ? items.map((x) =>
    `<li><span class="dz-code" style="font-size:16px">${esc(x.code)}</span>` +
    `<span class="pill st-${x.status_code}">${esc(x.status.vi)} <span class="en">· ${esc(x.status.en)}</span></span></li>`
  ).join("") : '<li class="dz-muted">Chưa có hồ sơ. <span class="en">No dossier yet.</span></li>';
}

async function refresh() {
  try {
    const [t, d] = await Promise.all([
      fetch(`/api/v1/tickets/${encodeURIComponent(code)}`, { cache: "no-store" }),
      fetch(`/api/v1/tickets/${encodeURIComponent(code)}/dossiers`, { cache: "no-store" }),
    ]);
    if (t.ok) { ticket = await t.json(); render(); }
    if (d.ok) renderDossiers((await d.json()).dossiers);
  } catch (e) { /* offline: the socket's reconnect or the next poll catches up */ }
}

function conn(on) {
  const el = $("conn");
  el.className = `pill dz-conn ${on ? "t-called" : "t-held"}`;
  el.textContent = on ? "● Trực tuyến" : "○ Đang kết nối…";
  el.title = on ? "Live" : "Connecting…";
}

render();
conn(false);
if (window.io) {
  const socket = window.io("/track", { auth: { ticket: code }, transports: ["websocket", "polling"],
    reconnectionDelayMax: 5000 });
  socket.on("connect", () => conn(true));
  socket.on("disconnect", () => conn(false));
  socket.on("connect_error", () => conn(false));
  socket.on("snapshot", (snap) => { if (snap && snap.ticket) { ticket = snap.ticket; render(); } });
  socket.on("ticket.changed", () => { refresh(); });
  socket.on("dossier.changed", () => { refresh(); });
}
// Positions move when other people are called: poll now and then as well.
setInterval(refresh, 30000);
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
