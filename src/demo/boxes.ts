import { type Box, CHINA_POST_BOXES } from '../packing/index.js';

/** The demo operator's starting catalog: five of the China Post sizes, as many small warehouses stock. */
export const DEMO_START_CATALOG: Box[] = CHINA_POST_BOXES.filter((b) =>
  ['cp-03', 'cp-05', 'cp-07', 'cp-09', 'cp-11'].includes(b.id),
);
