import { describe, expect, it } from 'vitest';
import type { Box, Item } from './model.js';
import { cartonize } from './pack.js';
import { renderParcelSvg } from './svg.js';

const box: Box = {
  id: 'M<1>',
  innerLengthMm: 300,
  innerWidthMm: 200,
  innerHeightMm: 150,
  outerLengthMm: 306,
  outerWidthMm: 206,
  outerHeightMm: 162,
  emptyWeightG: 150,
  maxWeightG: 10_000,
};
const items: Item[] = [
  { id: 'book', lengthMm: 200, widthMm: 140, heightMm: 30, weightG: 400, quantity: 3 },
  { id: 'mug & co', lengthMm: 100, widthMm: 100, heightMm: 95, weightG: 350, quantity: 2 },
];

describe('renderParcelSvg', () => {
  const parcel = cartonize({ items, boxes: [box] }).parcels[0];
  const svg = renderParcelSvg(box, parcel.placements, items);

  it('should draw one block of three faces per unit, with the box outline', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g data-item=/g)).toHaveLength(5);
    expect(svg.match(/<polygon /g)).toHaveLength(15);
    expect(svg.match(/class="edge"/g)).toHaveLength(12);
    expect(svg.match(/class="front"/g)).toHaveLength(9);
  });

  it('should colour by item id and escape text', () => {
    const fills = (id: string) =>
      new Set(
        [...svg.matchAll(new RegExp(`<g data-item="${id}">\\n<polygon class="unit" fill="([^"]+)"`, 'g'))].map((m) => m[1]),
      );
    expect(fills('book').size).toBe(1);
    expect(fills('mug &amp; co').size).toBe(1);
    expect([...fills('book')][0]).not.toBe([...fills('mug &amp; co')][0]);
    expect(svg).toContain('<title>Box M&lt;1&gt;: 5 units</title>');
    expect(svg).toContain('mug &amp; co × 2');
  });

  it('should be deterministic', () => {
    expect(renderParcelSvg(box, parcel.placements, items)).toBe(svg);
  });

  it('should frame a parcel without a box by its contents and allow no legend', () => {
    const own = renderParcelSvg(null, [{ itemId: 'tv', x: 0, y: 0, z: 0, lengthMm: 1000, widthMm: 650, heightMm: 150 }], [], {
      legend: false,
      widthPx: 300,
    });
    expect(own).toContain('width="300"');
    expect(own).toContain('<title>Own container: 1 units</title>');
    expect(own).not.toContain('class="legend"');
  });
});
