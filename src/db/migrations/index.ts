import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';

// Migrations are listed here (not discovered from disk) so they work from src and from dist alike.
// Names sort in the order they run; never edit a migration that has shipped, add a new one.
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
