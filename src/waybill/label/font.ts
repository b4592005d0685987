// The CJK font every renderer uses: Noto Sans SC Regular (OFL-1.1) shipped by the npm package
// @embedpdf/fonts-sc, read from node_modules, never downloaded. It carries Latin glyphs too, so one
// font prints the whole label.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import * as fontkit from 'fontkit';

export const LABEL_FONT_FAMILY = 'GreenlinkLabelSC';

const require = createRequire(import.meta.url);

/** Absolute path of the font file (the package only exports its index, so go from there). */
export const labelFontPath = (): string =>
  join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');

let parsed: fontkit.Font | undefined;
/**
 * The font parsed once per process: parsing the 30,000-glyph CFF font costs ~100 ms, which would
 * otherwise be paid by every PDF. pdfkit subsets it per document to the glyphs that document uses.
 */
export function labelFont(): fontkit.Font {
  if (!parsed) {
    const font = fontkit.create(readFileSync(labelFontPath()));
    if (!('layout' in font)) throw new Error(`${labelFontPath()} is a font collection, expected one font`);
    parsed = font;
  }
  return parsed;
}

let registered = false;
/** Registers the font with @napi-rs/canvas once per process, for PNG previews and printer bitmaps. */
export function registerCanvasFont(): void {
  if (registered) return;
  if (!GlobalFonts.registerFromPath(labelFontPath(), LABEL_FONT_FAMILY)) throw new Error(`cannot load ${labelFontPath()}`);
  registered = true;
}
