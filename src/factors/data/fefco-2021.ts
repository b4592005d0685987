import type { FactorSet } from '../model.js';

// FEFCO's carbon footprint of European corrugated packaging (reference/packing.md §1 and §4). The set is
// named after the database edition ("European Database for Corrugated Board Life Cycle Studies 2021",
// whose inventory covers production year 2020); FEFCO announced the 491 kg/t footprint in 2022.

const SET_ID = 'fefco-2021';
const SOURCE =
  'FEFCO, carbon footprint of corrugated packaging from the European Database for Corrugated Board Life Cycle Studies 2021';
const SOURCE_URL = 'https://www.thepackagingportal.com/industry-news/lower-corrugated-industry-co2-footprint/';
// One published figure, cited with attribution; FEFCO's database itself is not openly licensed.
const LICENCE = 'Published industry figure, cited with attribution to FEFCO (no open-data licence)';

export const FEFCO_2021: FactorSet = {
  id: SET_ID,
  name: 'FEFCO corrugated board carbon footprint (2021 database)',
  version: '2021',
  publisher: 'FEFCO (European Federation of Corrugated Board Manufacturers) and Cepi ContainerBoard',
  licence: LICENCE,
  sourceUrl: SOURCE_URL,
  attribution:
    'Corrugated board footprint: FEFCO / Cepi ContainerBoard, European Database for Corrugated Board Life Cycle Studies 2021.',
  description: 'The European average footprint of corrugated packaging, per kg of board.',
  builtIn: true,
  factors: [
    {
      id: `${SET_ID}:corrugated-board`,
      setId: SET_ID,
      name: 'Corrugated board packaging, European average',
      category: 'material',
      unit: 'kgCO2e/kg',
      values: { wtw: 0.491 },
      coverage: 'cradle-to-grave',
      gwp: 'unspecified',
      region: 'EU',
      year: 2020,
      source: SOURCE,
      sourceUrl: SOURCE_URL,
      licence: LICENCE,
      notes:
        '491 kgCO2e/t, converted to kgCO2e/kg (/1000). Cradle-to-grave including biogenic carbon, CEPI (2017) and ' +
        'CITPA (2018) carbon-footprint method; stored under wtw. The GWP basis is not stated in the announcement. ' +
        'Earlier assessments: 531 or 538 kg/t (2018 data, sources differ), 746 (2009-11), 784 (2006-08).',
    },
  ],
};
