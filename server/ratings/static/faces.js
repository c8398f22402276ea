// Rating faces drawn as inline SVG (no external file, no CDN): one per level of the scale.

const COLORS = {
  "very-happy": "#146c2e", happy: "#4c9a2a", neutral: "#c78a00", sad: "#d9600b",
  "very-sad": "#b71c1c",
};

// The mouth of each face: a smile, a line or a frown (quadratic curve control point).
const MOUTHS = {
  "very-happy": "M30 60 Q50 82 70 60 Z",
  happy: "M32 62 Q50 76 68 62",
  neutral: "M33 66 L67 66",
  sad: "M32 70 Q50 58 68 70",
  "very-sad": "M30 74 Q50 54 70 74",
};

/** An SVG face for a level ("very-happy" ... "very-sad"), sized by CSS. */
export function face(name) {
  const color = COLORS[name] || COLORS.neutral;
  const mouth = MOUTHS[name] || MOUTHS.neutral;
  const filled = name === "very-happy";
  const brows = name === "very-sad"
    ? '<path d="M27 37 L41 32 M73 37 L59 32" stroke="#fff" stroke-width="4" stroke-linecap="round"/>'
    : "";
  return `<svg class="r-face-svg" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
    <circle cx="50" cy="50" r="46" fill="${color}"/>
    ${brows}
    <circle cx="36" cy="44" r="6" fill="#fff"/><circle cx="64" cy="44" r="6" fill="#fff"/>
    <path d="${mouth}" fill="${filled ? "#fff" : "none"}" stroke="#fff" stroke-width="6"
      stroke-linecap="round" stroke-linejoin="round"/>
  </svg>`;
}
