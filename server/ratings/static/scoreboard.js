// Public scoreboard: this month's figures per counter and per service, refreshed every minute.
// URL: ?month=YYYY-MM, ?center=CODE, ?lang=en.

import { applyStatic, bindToggle, esc, onLangChange, t } from "/web/static/js/i18n.js";
import { api, errorText } from "/web/static/js/ui.js";
import { renderScoreboard } from "./scoreboard_view.js";

const params = new URLSearchParams(window.location.search);
const $ = (id) => document.getElementById(id);
const view = { data: null, loads: 0 };
window.motcuaScoreboard = view; // read by the browser tests

function render() {
  applyStatic();
  if (!view.data) return;
  $("sb-sub").textContent = `${view.data.center} · ${t("Tháng", "Month")} ${view.data.month}`;
  renderScoreboard($("scoreboard"), view.data);
}

async function load() {
  const query = new URLSearchParams();
  for (const key of ["month", "center"]) if (params.get(key)) query.set(key, params.get(key));
  try {
    view.data = await api(`/api/v1/scoreboard${query.size ? `?${query}` : ""}`);
    view.loads += 1;
    render();
  } catch (err) {
    $("scoreboard").innerHTML = `<div class="sb-empty">${esc(errorText(err))}</div>`;
  }
}

bindToggle($("lang"));
onLangChange(render);
if (params.get("lang") === "en") $("lang").click();
load();
setInterval(load, 60000);
document.addEventListener("visibilitychange", () => { if (!document.hidden) load(); });
