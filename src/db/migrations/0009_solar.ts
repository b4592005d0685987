import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A solar park is a network site of kind solar_park plus its modelling settings; the id is the site's id.
  // No foreign key to sites: a site can be deleted by the network module, and queries join on sites, so a
  // park without its site is simply not seen.
  await db.schema
    .createTable('solar_parks')
    .addColumn('site_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('elevation_m', 'double precision', (c) => c.notNull())
    .addColumn('utc_offset_min', 'integer', (c) => c.notNull())
    .addColumn('linke_turbidity_json', 'text', (c) => c.notNull())
    // The interval convention of each data source (left | right | center).
    .addColumn('meter_label', 'text', (c) => c.notNull())
    .addColumn('sensor_label', 'text', (c) => c.notNull())
    .addColumn('site_meter_label', 'text', (c) => c.notNull())
    // MEE regional grid for Scope 2 when it differs from the site's reporting region.
    .addColumn('grid_region', 'text')
    // Plane of the park's POA sensor; null: the sensor lies in every system's plane.
    .addColumn('sensor_tilt_deg', 'double precision')
    .addColumn('sensor_azimuth_deg', 'double precision')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('solar_parks_tenant').on('solar_parks').columns(['tenant_id', 'site_id']).execute();

  // PV systems (an array with its inverters); the id is the operator's code or a generated one.
  await db.schema
    .createTable('solar_systems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('park_id', 'text', (c) => c.notNull().references('solar_parks.site_id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dc_kwp', 'double precision', (c) => c.notNull())
    .addColumn('tilt_deg', 'double precision', (c) => c.notNull())
    .addColumn('azimuth_deg', 'double precision', (c) => c.notNull())
    .addColumn('mounting', 'text', (c) => c.notNull())
    .addColumn('module_type', 'text', (c) => c.notNull())
    .addColumn('inverter_ac_kw', 'double precision', (c) => c.notNull())
    .addColumn('losses_pct', 'double precision', (c) => c.notNull())
    .addColumn('albedo', 'double precision', (c) => c.notNull())
    .addColumn('commissioned_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('solar_systems_park').on('solar_systems').columns(['park_id', 'id']).execute();

  // Readings: one row per interval, keyed by its start in UTC (ISO text, sorts on both engines).
  // AC energy per system from its meter.
  await db.schema
    .createTable('solar_meter_readings')
    .addColumn('system_id', 'text', (c) => c.notNull().references('solar_systems.id'))
    .addColumn('interval_start', 'text', (c) => c.notNull())
    .addColumn('park_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('step_min', 'integer', (c) => c.notNull())
    .addColumn('ac_kwh', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('solar_meter_readings_pk', ['system_id', 'interval_start'])
    .execute();
  await db.schema
    .createIndex('solar_meter_readings_park')
    .on('solar_meter_readings')
    .columns(['park_id', 'interval_start'])
    .execute();

  // The park's weather station: plane-of-array and/or horizontal irradiance, air temperature, wind.
  await db.schema
    .createTable('solar_sensor_readings')
    .addColumn('park_id', 'text', (c) => c.notNull().references('solar_parks.site_id'))
    .addColumn('interval_start', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('step_min', 'integer', (c) => c.notNull())
    .addColumn('poa_wm2', 'double precision')
    .addColumn('ghi_wm2', 'double precision')
    .addColumn('air_temp_c', 'double precision')
    .addColumn('wind_ms', 'double precision')
    .addPrimaryKeyConstraint('solar_sensor_readings_pk', ['park_id', 'interval_start'])
    .execute();

  // The site's own energy meters: consumption, grid import and grid export.
  await db.schema
    .createTable('solar_site_readings')
    .addColumn('park_id', 'text', (c) => c.notNull().references('solar_parks.site_id'))
    .addColumn('interval_start', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('step_min', 'integer', (c) => c.notNull())
    .addColumn('consumption_kwh', 'double precision')
    .addColumn('import_kwh', 'double precision')
    .addColumn('export_kwh', 'double precision')
    .addPrimaryKeyConstraint('solar_site_readings_pk', ['park_id', 'interval_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['solar_site_readings', 'solar_sensor_readings', 'solar_meter_readings', 'solar_systems', 'solar_parks']) {
    await db.schema.dropTable(t).execute();
  }
}
