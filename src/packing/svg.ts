import type { Box, Item, Placement } from './model.js';

// Isometric drawing of a packed parcel for the CLI and the dashboard: the viewer looks from the
// (+x, +y, +z) corner, so each unit shows its top and its two front faces. Units are painted back
// to front; colours come from the order in which item ids first appear, so the same input always
// gives byte-identical output.

export interface SvgOptions {
  /** Drawing width in px (the height follows); default 480. */
  widthPx?: number;
  /** Show a legend of item ids; default true. */
  legend?: boolean;
}

type BoxLike = Pick<Box, 'id' | 'innerLengthMm' | 'innerWidthMm' | 'innerHeightMm'>;

const COS30 = Math.cos(Math.PI / 6);
const SIN30 = 0.5;
const MARGIN_PX = 12;
const LEGEND_ROW_PX = 16;

const fmt = (v: number): string => {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
};

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Golden-angle hues: neighbours in the list get far-apart colours. */
function colourOf(index: number, lightnessPct: number): string {
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue},62%,${lightnessPct}%)`;
}

/**
 * Back-to-front order: a unit entirely on the far side of another along some axis is drawn first.
 * Non-overlapping boxes always admit such an order; ties fall back to the corner sum.
 */
function paintOrder(ps: readonly Placement[]): number[] {
  const n = ps.length;
  const behind = (a: Placement, b: Placement): boolean =>
    a.x + a.lengthMm <= b.x + 1e-9 || a.y + a.widthMm <= b.y + 1e-9 || a.z + a.heightMm <= b.z + 1e-9;
  const indegree = new Array<number>(n).fill(0);
  const after: number[][] = ps.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // i must be drawn before j when i is behind j and j is not also behind i.
      if (i !== j && behind(ps[i], ps[j]) && !behind(ps[j], ps[i])) {
        after[i].push(j);
        indegree[j]++;
      }
    }
  }
  const depth = (i: number): number => ps[i].x + ps[i].y + ps[i].z;
  const ready = ps.map((_, i) => i).filter((i) => indegree[i] === 0);
  const out: number[] = [];
  const done = new Set<number>();
  while (out.length < n) {
    if (ready.length === 0) {
      // A cycle (only with overlapping input): take the farthest remaining unit.
      const rest = ps.map((_, i) => i).filter((i) => !done.has(i));
      rest.sort((a, b) => depth(a) - depth(b) || a - b);
      ready.push(rest[0]);
    }
    ready.sort((a, b) => depth(a) - depth(b) || a - b);
    const i = ready.shift() as number;
    if (done.has(i)) continue;
    done.add(i);
    out.push(i);
    for (const j of after[i]) if (--indegree[j] === 0 && !done.has(j)) ready.push(j);
  }
  return out;
}

/**
 * Renders a parcel as an isometric SVG: the box's inner space as a wireframe, each unit as a
 * shaded block coloured by item id, and a legend. `box` may be null for a parcel without a box
 * (an item in its own container): the frame is then the units' bounding box.
 */
export function renderParcelSvg(
  box: BoxLike | null,
  placements: readonly Placement[],
  items: readonly Item[],
  options: SvgOptions = {},
): string {
  const widthPx = options.widthPx ?? 480;
  const showLegend = options.legend ?? true;
  const L = box?.innerLengthMm ?? Math.max(1, ...placements.map((p) => p.x + p.lengthMm));
  const W = box?.innerWidthMm ?? Math.max(1, ...placements.map((p) => p.y + p.widthMm));
  const H = box?.innerHeightMm ?? Math.max(1, ...placements.map((p) => p.z + p.heightMm));

  // Projected extent of the frame: x runs right-down, y left-down, z up.
  const minX = -W * COS30;
  const maxX = L * COS30;
  const minY = -H;
  const maxY = (L + W) * SIN30;
  const scale = (widthPx - 2 * MARGIN_PX) / (maxX - minX);
  const drawingH = (maxY - minY) * scale + 2 * MARGIN_PX;

  const ids: string[] = [];
  for (const p of placements) if (!ids.includes(p.itemId)) ids.push(p.itemId);
  for (const it of items) if (!ids.includes(it.id) && placements.some((p) => p.itemId === it.id)) ids.push(it.id);
  const legendH = showLegend ? ids.length * LEGEND_ROW_PX + MARGIN_PX : 0;
  const heightPx = Math.ceil(drawingH + legendH);

  const sx = (x: number, y: number): string => fmt(MARGIN_PX + ((x - y) * COS30 - minX) * scale);
  const sy = (x: number, y: number, z: number): string => fmt(MARGIN_PX + ((x + y) * SIN30 - z - minY) * scale);
  const pt = (x: number, y: number, z: number): string => `${sx(x, y)},${sy(x, y, z)}`;
  const line = ([ax, ay, az]: [number, number, number], [bx, by, bz]: [number, number, number], cls: string): string =>
    `<line class="${cls}" x1="${sx(ax, ay)}" y1="${sy(ax, ay, az)}" x2="${sx(bx, by)}" y2="${sy(bx, by, bz)}"/>`;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}" role="img">`,
  );
  out.push(`<title>${escapeXml(box ? `Box ${box.id}` : 'Own container')}: ${placements.length} units</title>`);
  out.push(
    '<style>.edge{stroke:#9aa0a6;stroke-width:1;fill:none}.front{stroke:#3c4043;stroke-width:1.2;fill:none}.unit{stroke:#202124;stroke-width:0.6;stroke-linejoin:round}.legend{font:12px sans-serif;fill:#202124}</style>',
  );

  // The box's 12 edges: all faint first, then the 9 not touching the hidden far corner on top of the units.
  const c = (x: number, y: number, z: number): [number, number, number] => [x, y, z];
  const edges: [[number, number, number], [number, number, number]][] = [
    [c(0, 0, 0), c(L, 0, 0)],
    [c(0, 0, 0), c(0, W, 0)],
    [c(0, 0, 0), c(0, 0, H)],
    [c(L, 0, 0), c(L, W, 0)],
    [c(L, 0, 0), c(L, 0, H)],
    [c(0, W, 0), c(L, W, 0)],
    [c(0, W, 0), c(0, W, H)],
    [c(L, W, 0), c(L, W, H)],
    [c(0, 0, H), c(L, 0, H)],
    [c(0, 0, H), c(0, W, H)],
    [c(L, 0, H), c(L, W, H)],
    [c(0, W, H), c(L, W, H)],
  ];
  out.push('<g>');
  for (const [a, b] of edges) out.push(line(a, b, 'edge'));
  out.push('</g>');

  out.push('<g>');
  for (const i of paintOrder(placements)) {
    const p = placements[i];
    const k = ids.indexOf(p.itemId);
    const x0 = p.x;
    const y0 = p.y;
    const z0 = p.z;
    const x1 = p.x + p.lengthMm;
    const y1 = p.y + p.widthMm;
    const z1 = p.z + p.heightMm;
    const face = (pts: [number, number, number][], light: number): string =>
      `<polygon class="unit" fill="${colourOf(k, light)}" points="${pts.map((q) => pt(...q)).join(' ')}"/>`;
    out.push(`<g data-item="${escapeXml(p.itemId)}">`);
    out.push(face([c(x0, y0, z1), c(x1, y0, z1), c(x1, y1, z1), c(x0, y1, z1)], 72));
    out.push(face([c(x1, y0, z0), c(x1, y1, z0), c(x1, y1, z1), c(x1, y0, z1)], 56));
    out.push(face([c(x0, y1, z0), c(x1, y1, z0), c(x1, y1, z1), c(x0, y1, z1)], 44));
    out.push('</g>');
  }
  out.push('</g>');

  out.push('<g>');
  for (const [a, b] of edges.slice(3)) out.push(line(a, b, 'front'));
  out.push('</g>');

  if (showLegend) {
    out.push('<g>');
    ids.forEach((id, k) => {
      const y = drawingH + k * LEGEND_ROW_PX;
      const count = placements.filter((p) => p.itemId === id).length;
      out.push(
        `<rect x="${MARGIN_PX}" y="${fmt(y)}" width="12" height="12" fill="${colourOf(k, 56)}" stroke="#202124" stroke-width="0.6"/>`,
      );
      out.push(`<text class="legend" x="${MARGIN_PX + 18}" y="${fmt(y + 10)}">${escapeXml(id)} × ${count}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}
