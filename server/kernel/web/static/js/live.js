// Live lobby state over Socket.IO: snapshot + numbered events, resync on gaps.
//
// The server numbers every event of a center (`seq`). A client keeps the last
// snapshot and folds events into it with `applyEvent`, the same reducer as
// server/services/snapshot.py `apply_event`. Stale events (seq <= state.seq) are
// ignored; a gap (seq > state.seq + 1) asks the server for a fresh snapshot
// (`resync`). On every (re)connect the server sends a snapshot by itself.
// Needs the classic script /web/static/vendor/socket.io.min.js (window.io).

import { t } from "./i18n.js";

export const RECENT_CALLS = 8;
const CALL_FIELDS = ["ticket_id", "number", "service", "counter", "counter_id", "counter_label"];
const MAX_BUFFER = 500;

/** Fold one event envelope {type, seq, at, data} into a lobby snapshot (pure). */
export function applyEvent(state, envelope) {
  const kind = envelope.type;
  const data = envelope.data;
  const next = { ...state, seq: envelope.seq };
  if (kind === "queue.changed") {
    next.waiting = { ...data.waiting };
  } else if (kind === "counter.changed") {
    next.counters = state.counters.map((c) => (c.id === data.id ? data : c));
  } else if (kind === "board.announcement") {
    next.announcement = data && data.text_vi ? data : null;
  } else if (kind === "ticket.called" || kind === "ticket.recalled") {
    const entry = {};
    for (const k of CALL_FIELDS) entry[k] = data[k];
    const rest = state.recent.filter((c) => c.ticket_id !== data.ticket_id);
    next.recent = [entry, ...rest].slice(0, RECENT_CALLS);
    // A call carries the counter's new state and the waiting counts: one message per call.
    if (data.counter_state) {
      const cs = data.counter_state;
      next.counters = state.counters.map((c) => (c.id === cs.id ? cs : c));
    }
    if (data.waiting) next.waiting = { ...data.waiting };
  }
  return next;
}

let banner = null;

function offlineBanner() {
  if (!banner) {
    banner = document.createElement("div");
    banner.id = "offline-banner";
    banner.className = "offline-banner";
    banner.setAttribute("role", "alert");
    banner.hidden = true;
    document.body.prepend(banner);
  }
  return banner;
}

function showOffline(on, text) {
  const el = offlineBanner();
  if (on) {
    el.innerHTML = text || `<strong>${t("Mất kết nối", "Offline")}</strong> &middot; ${t(
      "đang kết nối lại…", "reconnecting…")}`;
  }
  el.hidden = !on;
  document.documentElement.classList.toggle("is-offline", on);
}

/** Tell whether a connect_error is the server refusing our token (no point retrying). */
function isRefusal(err) {
  const text = `${err && err.message} ${JSON.stringify((err && err.data) || "")}`;
  return /auth\.(forbidden|required)/.test(text);
}

/**
 * Connect to a namespace and keep `live.state` equal to the server's lobby state.
 * Callbacks: onSnapshot(state), onEvent(envelope, state, applied), onStatus(connected),
 * onRefused(err) when the server rejects the token.
 */
export function connectLive(namespace, opts) {
  const { token, onSnapshot, onEvent, onStatus, onRefused } = opts;
  const socket = window.io(namespace, {
    auth: { token },
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    // WebSocket first (no sticky sessions needed behind a balancer); polling if it is blocked.
    transports: ["websocket", "polling"],
    tryAllTransports: true,
  });
  const live = {
    socket, state: null, connected: false, resyncing: false, refused: false, stale: true,
    skewMs: 0, buffer: [], snapshots: 0, everConnected: false,
    /** Ask the server for a fresh snapshot (it answers with a `snapshot` event). */
    resync() {
      if (live.resyncing || !socket.connected) return;
      live.resyncing = true;
      socket.timeout(5000).emit("resync", (err) => {
        if (err) live.resyncing = false; // no answer: the next gap or reconnect retries
      });
    },
    /** Server time estimate (ms), corrected by the skew seen on the last event. */
    now() { return Date.now() + live.skewMs; },
  };

  function park(env) {
    live.buffer.push(env);
    if (live.buffer.length > MAX_BUFFER) live.buffer.shift();
  }

  function process(env) {
    if (live.state === null || live.stale || live.resyncing) { park(env); return; }
    if (env.seq <= live.state.seq) return; // already in the state
    if (env.seq > live.state.seq + 1) { park(env); live.resync(); return; }
    live.state = applyEvent(live.state, env);
    if (onEvent) onEvent(env, live.state, true);
  }

  let snapshotGuard = null;

  socket.on("connect", () => {
    live.connected = true;
    live.everConnected = true;
    live.refused = false;
    // The server sends a snapshot on every connect (the client may deliver it just before
    // this handler runs); if none came for this connection, ask for one.
    clearTimeout(snapshotGuard);
    snapshotGuard = setTimeout(() => { if (live.stale) live.resync(); }, 5000);
    showOffline(false);
    if (onStatus) onStatus(true);
  });

  socket.on("disconnect", (reason) => {
    clearTimeout(snapshotGuard);
    live.connected = false;
    live.resyncing = false;
    live.stale = true; // events are parked until the next snapshot
    showOffline(true);
    if (onStatus) onStatus(false, reason);
  });

  socket.on("connect_error", (err) => {
    live.connected = false;
    if (isRefusal(err)) {
      live.refused = true;
      showOffline(true, t("Mã thiết bị hoặc phiên đăng nhập không hợp lệ",
        "Invalid device token or expired login"));
      if (onRefused) onRefused(err);
      return;
    }
    showOffline(true);
    if (onStatus) onStatus(false, "connect_error");
  });

  socket.on("snapshot", (snap) => {
    clearTimeout(snapshotGuard);
    live.state = snap;
    live.resyncing = false;
    live.stale = false;
    live.snapshots += 1;
    const pending = live.buffer.sort((a, b) => a.seq - b.seq);
    live.buffer = [];
    if (onSnapshot) onSnapshot(live.state);
    for (const env of pending) process(env);
  });

  socket.onAny((name, env) => {
    if (name === "snapshot") return;
    if (!env || typeof env !== "object" || typeof env.type !== "string") return;
    if (env.at) {
      const at = Date.parse(env.at);
      // Only a real clock difference counts, not the few ms the event took to arrive.
      const skew = at - Date.now();
      if (!Number.isNaN(skew)) live.skewMs = Math.abs(skew) < 1500 ? 0 : skew;
    }
    if (!env.seq) {
      // Not part of the center's numbered stream (device or staff room): pass it on.
      if (onEvent) onEvent(env, live.state, false);
      return;
    }
    process(env);
  });

  return live;
}
