// Inline SVG icons (stroke style, 24x24, currentColor): no font, nothing downloaded.

const P = {
  // Services (Service.icon)
  land: '<path d="M3 6.5l6-2.5 6 2.5 6-2.5v13.5l-6 2.5-6-2.5-6 2.5z"/><path d="M9 4v13.5M15 6.5V20"/>' +
    '<path d="M5.5 10.5l1.5 1.5M12 9l1 1.5"/>',
  family: '<circle cx="7" cy="5.5" r="2.2"/><circle cx="17" cy="5.5" r="2.2"/>' +
    '<circle cx="12" cy="12" r="1.7"/><path d="M3.5 21v-8.5A3.5 3.5 0 0 1 7 9a3.5 3.5 0 0 1 3.2 2"/>' +
    '<path d="M20.5 21v-8.5A3.5 3.5 0 0 0 17 9a3.5 3.5 0 0 0-3.2 2"/>' +
    '<path d="M9.5 21v-3.5a2.5 2.5 0 0 1 5 0V21"/>',
  stamp: '<path d="M9.5 3h5v3.2a2.6 2.6 0 0 1-1 2V11h5.5a2 2 0 0 1 2 2v3H3v-3a2 2 0 0 1 2-2h5.5V8.2a2.6 2.6 0 0 1-1-2z"/>' +
    '<path d="M4 20h16"/>',
  shop: '<path d="M3 9l2-5h14l2 5"/><path d="M3 9a3 3 0 0 0 6 0 3 3 0 0 0 6 0 3 3 0 0 0 6 0"/>' +
    '<path d="M5 11.5V20h14v-8.5"/><path d="M10 20v-5h4v5"/>',
  build: '<path d="M2.5 18.5h19"/><path d="M4 18.5V16a8 8 0 0 1 16 0v2.5"/>' +
    '<path d="M9.5 8.6V5.5h5v3.1"/><path d="M12 5.5v5"/>',
  care: '<path d="M12 11.2L8.9 8.1a2.2 2.2 0 0 1 3.1-3.1 2.2 2.2 0 0 1 3.1 3.1z"/>' +
    '<path d="M2 14.5h3.5l3.5 1.8h4.5a1.6 1.6 0 0 1 0 3.2H9"/>' +
    '<path d="M13.8 17.8l5-2.4a1.7 1.7 0 0 1 1.9 2.6L15 21.5H5.5"/>',
  home: '<path d="M3 11l9-7.5 9 7.5"/><path d="M5.5 9.2V20.5h13V9.2"/><path d="M10 20.5v-6h4v6"/>',
  province: '<path d="M12 2.8l9 4.7H3z"/><path d="M4 10h16M4 18h16M2.5 21h19"/>' +
    '<path d="M6.5 10v8M10.2 10v8M13.8 10v8M17.5 10v8"/>',
  // Priority categories
  elderly: '<circle cx="10" cy="4" r="2"/><path d="M10 7.5l-2 6 3 3 1 5"/>' +
    '<path d="M8.6 11.5L5.5 14"/><path d="M10.5 8.5l3 3 2-.5"/><path d="M7.8 16.5L6 21.5"/>' +
    '<path d="M16 11v10.5"/><path d="M15.5 11a1.5 1.5 0 0 1 3 0"/>',
  disability: '<circle cx="11" cy="3.8" r="1.9"/><path d="M11 7v6h5.5l2.5 6h2"/>' +
    '<path d="M11 9.5h5"/><path d="M8 10.2a6 6 0 1 0 7.9 7.6"/>',
  pregnant: '<circle cx="11" cy="3.8" r="2"/><path d="M10 7h2.2l1 3a4.3 4.3 0 0 1 1.3 7.5H11"/>' +
    '<path d="M10 7L8.8 14l2.2 3.5V22"/><path d="M9 12.3l2.2 1.3"/><path d="M11 17.5L9.8 22"/>',
  small_child: '<circle cx="8" cy="3.8" r="2"/><circle cx="17.5" cy="10.3" r="1.6"/>' +
    '<path d="M8 6.5v7.5M5 21.5l3-7.5 3 7.5"/><path d="M8 8.5l6.5 4.5"/>' +
    '<path d="M17.5 13v4.5M15.5 21.5l2-4 2 4"/><path d="M5.2 11.5L8 8.5"/>',
  // Interface
  speaker: '<path d="M4 9.5h3.5L12.5 5v14L7.5 14.5H4z"/><path d="M16 9a4.5 4.5 0 0 1 0 6"/>' +
    '<path d="M18.8 6.3a8.5 8.5 0 0 1 0 11.4"/>',
  people: '<circle cx="9" cy="7" r="3"/><path d="M3 20v-1.5A5.5 5.5 0 0 1 8.5 13h1A5.5 5.5 0 0 1 15 18.5V20"/>' +
    '<path d="M16 4.2a3 3 0 0 1 0 5.6M18 13.3a5.5 5.5 0 0 1 3 4.9V20"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/>',
  lock: '<rect x="4.5" y="10.5" width="15" height="10.5" rx="2"/><path d="M8 10.5V7a4 4 0 0 1 8 0v3.5"/>',
  back: '<path d="M15 5l-7 7 7 7"/>',
  check: '<path d="M4.5 12.5l5 5 10-11"/>',
  camera: '<path d="M3.5 8.5A1.5 1.5 0 0 1 5 7h2.5L9 4.5h6L16.5 7H19a1.5 1.5 0 0 1 1.5 1.5v10A1.5 1.5 0 0 1 19 20H5a1.5 1.5 0 0 1-1.5-1.5z"/>' +
    '<circle cx="12" cy="13" r="3.8"/>',
  offline: '<path d="M2 8.5a15 15 0 0 1 4.5-2.8M9.5 5a15 15 0 0 1 12.5 3.5"/>' +
    '<path d="M5 12a10 10 0 0 1 3.5-2M13 9.3a10 10 0 0 1 6 2.7"/><path d="M8.5 15.5a5 5 0 0 1 7 0"/>' +
    '<path d="M3 3l18 18"/><circle cx="12" cy="19.5" r=".8"/>',
  next: '<path d="M5 12h13"/><path d="M13 6l6 6-6 6"/>',
  bell: '<path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z"/><path d="M10 20.5a2 2 0 0 0 4 0"/>',
  user_x: '<circle cx="9" cy="7.5" r="3.5"/><path d="M2.5 20.5v-1a6 6 0 0 1 6-6h1a6 6 0 0 1 3.5 1.1"/>' +
    '<path d="M16 15l5 5M21 15l-5 5"/>',
  play: '<path d="M7 4.5v15l12-7.5z"/>',
  done: '<circle cx="12" cy="12" r="9"/><path d="M7.5 12.5l3 3 6-6.5"/>',
  transfer: '<path d="M4 8h14l-4-4"/><path d="M20 16H6l4 4"/>',
  hold: '<rect x="6" y="4.5" width="4" height="15" rx="1"/><rect x="14" y="4.5" width="4" height="15" rx="1"/>',
  pause: '<circle cx="12" cy="12" r="9"/><path d="M10 8.5v7M14 8.5v7"/>',
  resume: '<circle cx="12" cy="12" r="9"/><path d="M10 8.2v7.6l6-3.8z"/>',
  door: '<path d="M5 21V4.5A1.5 1.5 0 0 1 6.5 3h9A1.5 1.5 0 0 1 17 4.5V21"/><path d="M3 21h18"/>' +
    '<circle cx="13.5" cy="12.5" r=".9"/>',
  logout: '<path d="M14 4h4.5A1.5 1.5 0 0 1 20 5.5v13a1.5 1.5 0 0 1-1.5 1.5H14"/><path d="M10 8l-4 4 4 4M6 12h10"/>',
  sound: '<path d="M4 9.5h3.5L12.5 5v14L7.5 14.5H4z"/><path d="M16 9a4.5 4.5 0 0 1 0 6"/>' +
    '<path d="M18.8 6.3a8.5 8.5 0 0 1 0 11.4"/>',
  ticket: '<path d="M3 7.5A1.5 1.5 0 0 1 4.5 6h15A1.5 1.5 0 0 1 21 7.5V10a2 2 0 0 0 0 4v2.5a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 16.5V14a2 2 0 0 0 0-4z"/>' +
    '<path d="M14.5 6v12" stroke-dasharray="2 2"/>',
};

/** Return an inline SVG for an icon name (unknown names get the ticket icon). */
export function icon(name, cls = "icon") {
  const body = P[name] || P.ticket;
  return `<svg class="${cls}" viewBox="0 0 24 24" fill="none" stroke="currentColor" ` +
    `stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" ` +
    `focusable="false">${body}</svg>`;
}

/** Replace every <i data-icon="name"> placeholder of a root with its SVG. */
export function paintIcons(root = document) {
  root.querySelectorAll("i[data-icon]").forEach((el) => {
    el.outerHTML = icon(el.dataset.icon, el.className ? `icon ${el.className}` : "icon");
  });
}
