/**
 * A small last-mile problem in VROOM's format with Greenlink's fields: a hub in Hangzhou, ten
 * drops around it, a diesel van and an electric van. Used by the routing API, CLI and tenancy tests.
 */
export function smallVroomProblem(): Record<string, unknown> {
  const hub: [number, number] = [120.155, 30.274];
  const drops: Array<[number, number]> = [
    [120.17, 30.28],
    [120.19, 30.29],
    [120.13, 30.26],
    [120.21, 30.25],
    [120.16, 30.31],
    [120.1, 30.29],
    [120.2, 30.3],
    [120.14, 30.24],
    [120.18, 30.23],
    [120.12, 30.3],
  ];
  return {
    jobs: drops.map((location, i) => ({
      id: i + 1,
      location,
      service: 180,
      weightKg: 20 + i * 3,
      volumeM3: 0.1,
      time_windows: [[8 * 3600, 18 * 3600]],
    })),
    vehicles: [
      {
        id: 1,
        type: '4.2 m diesel van',
        fuel: 'diesel',
        start: hub,
        end: hub,
        capacityKg: 1500,
        capacityM3: 8,
        time_window: [8 * 3600, 18 * 3600],
        costs: { fixed: 200, per_km: 1.2, per_hour: 40 },
        co2eKgPerKmEmpty: 0.22,
        co2eKgPerKmFull: 0.32,
      },
      {
        id: 2,
        type: 'electric van',
        fuel: 'electric',
        start: hub,
        end: hub,
        capacityKg: 1000,
        capacityM3: 6,
        time_window: [8 * 3600, 18 * 3600],
        costs: { fixed: 200, per_km: 0.5, per_hour: 40 },
        rangeKm: 150,
        kwhPerKm: 0.2,
      },
    ],
    detourFactor: 1.3,
  };
}
