import { type Box, CHINA_POST_BOXES } from '../packing/index.js';

/** The demo operator's starting catalog: five of the China Post sizes, as many small warehouses stock. */
export const DEMO_START_CATALOG: Box[] = CHINA_POST_BOXES.filter((b) =>
  ['cp-02', 'cp-04', 'cp-06', 'cp-08', 'cp-10'].includes(b.id),
);
