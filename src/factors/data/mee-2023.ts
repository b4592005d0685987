import type { FactorSet } from '../model.js';
import { gridFactor, MEE_LICENCE, MEE_PUBLISHER, RESIDUAL_NOTE } from './mee.js';

// MEE/NBS announcement on the 2023 electricity CO2 emission factors, reported Jan 2026
// (reference/carbon-accounting.md §0 and §2d, primary sources [S]).

const SET_ID = 'mee-2023';
const SOURCE = 'MEE/NBS, Announcement on the 2023 electricity CO2 emission factors (关于发布2023年电力二氧化碳排放因子的公告)';
// The news report cited by the reference; the official announcement is on mee.gov.cn.
const SOURCE_URL = 'https://www.163.com/dy/article/KIQVBKCG05567I2C.html';

const REGIONAL_NOTE = 'Regional power grid as defined by MEE; not the same as economic regions.';

const grid = (row: Parameters<typeof gridFactor>[4]) => gridFactor(SET_ID, 2023, SOURCE, SOURCE_URL, row);

export const MEE_2023: FactorSet = {
  id: SET_ID,
  name: 'China electricity CO2 emission factors 2023 (MEE/NBS)',
  version: '2023',
  publisher: MEE_PUBLISHER,
  licence: MEE_LICENCE,
  sourceUrl: SOURCE_URL,
  description:
    'National, regional-grid, residual (excluding market-traded non-fossil power) and fossil-only ' +
    'electricity CO2 factors for 2023. Use for Scope 2 and electric vehicles in China.',
  builtIn: true,
  factors: [
    grid({
      slug: 'cn-grid-national',
      name: 'China national grid average',
      region: 'CN',
      kgCo2PerKwh: 0.5306,
      scope2Method: 'location',
      notes: 'Down 1.1 % from 2022 (0.5366).',
    }),
    grid({
      slug: 'cn-grid-national-excl-market-nonfossil',
      name: 'China national grid, excluding market-traded non-fossil power',
      region: 'CN',
      kgCo2PerKwh: 0.6096,
      scope2Method: 'market',
      notes: RESIDUAL_NOTE,
    }),
    grid({
      slug: 'cn-grid-fossil',
      name: 'China fossil-fuel power generation',
      region: 'CN',
      kgCo2PerKwh: 0.8273,
      notes: 'Fossil-only generation; neither a location- nor a market-based Scope 2 factor.',
    }),
    grid({
      slug: 'cn-grid-north',
      name: 'North China grid',
      region: 'CN-North',
      kgCo2PerKwh: 0.6361,
      scope2Method: 'location',
      notes: REGIONAL_NOTE,
    }),
    grid({
      slug: 'cn-grid-northeast',
      name: 'Northeast China grid',
      region: 'CN-Northeast',
      kgCo2PerKwh: 0.5122,
      scope2Method: 'location',
      notes: REGIONAL_NOTE,
    }),
    grid({
      slug: 'cn-grid-east',
      name: 'East China grid',
      region: 'CN-East',
      kgCo2PerKwh: 0.55,
      scope2Method: 'location',
      notes: REGIONAL_NOTE,
    }),
    grid({
      slug: 'cn-grid-central',
      name: 'Central China grid',
      region: 'CN-Central',
      kgCo2PerKwh: 0.5271,
      scope2Method: 'location',
      notes: REGIONAL_NOTE,
    }),
    grid({
      slug: 'cn-grid-northwest',
      name: 'Northwest China grid',
      region: 'CN-Northwest',
      kgCo2PerKwh: 0.5543,
      scope2Method: 'location',
      notes: REGIONAL_NOTE,
    }),
    grid({
      slug: 'cn-grid-south',
      name: 'South China grid',
      region: 'CN-South',
      kgCo2PerKwh: 0.4042,
      scope2Method: 'location',
      notes: REGIONAL_NOTE,
    }),
    grid({
      slug: 'cn-grid-southwest',
      name: 'Southwest China grid',
      region: 'CN-Southwest',
      kgCo2PerKwh: 0.2472,
      scope2Method: 'location',
      notes: REGIONAL_NOTE,
    }),
  ],
};
