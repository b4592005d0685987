import type { FactorSet } from '../model.js';
import { gridFactor, MEE_LICENCE, MEE_PUBLISHER, RESIDUAL_NOTE } from './mee.js';

// MEE/NBS announcement on the 2022 electricity CO2 emission factors, published 26 Dec 2024
// (reference/carbon-accounting.md §2d, primary sources [S]). No official URL recorded yet.

const SET_ID = 'mee-2022';
const SOURCE =
  'MEE/NBS, Announcement on the 2022 electricity CO2 emission factors (关于发布2022年电力二氧化碳排放因子的公告), 26 Dec 2024';

const grid = (row: Parameters<typeof gridFactor>[4]) => gridFactor(SET_ID, 2022, SOURCE, undefined, row);

export const MEE_2022: FactorSet = {
  id: SET_ID,
  name: 'China electricity CO2 emission factors 2022 (MEE/NBS)',
  version: '2022',
  publisher: MEE_PUBLISHER,
  licence: MEE_LICENCE,
  description: 'National average and residual (excluding market-traded non-fossil power) electricity CO2 factors for 2022.',
  builtIn: true,
  factors: [
    grid({
      slug: 'cn-grid-national',
      name: 'China national grid average',
      region: 'CN',
      kgCo2PerKwh: 0.5366,
      scope2Method: 'location',
    }),
    grid({
      slug: 'cn-grid-national-excl-market-nonfossil',
      name: 'China national grid, excluding market-traded non-fossil power',
      region: 'CN',
      kgCo2PerKwh: 0.5856,
      scope2Method: 'market',
      notes: RESIDUAL_NOTE,
    }),
  ],
};
