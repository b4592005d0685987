import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_factors.js';
import * as m0003 from './0003_footprint.js';
import * as m0004 from './0004_packing.js';
import * as m0005 from './0005_routing.js';
import * as m0006 from './0006_waybill.js';
import * as m0007 from './0007_reusables.js';
import * as m0008 from './0008_recycling.js';
import * as m0009 from './0009_solar.js';
import * as m0010 from './0010_inventory.js';

// Migrations are listed here (not discovered from disk) so they work from src and from dist alike.
// Names sort in the order they run; never edit a migration that has shipped, add a new one.
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_factors': m0002,
  '0003_footprint': m0003,
  '0004_packing': m0004,
  '0005_routing': m0005,
  '0006_waybill': m0006,
  '0007_reusables': m0007,
  '0008_recycling': m0008,
  '0009_solar': m0009,
  '0010_inventory': m0010,
};
