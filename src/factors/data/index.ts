import type { FactorSet } from '../model.js';
import { DESNZ_2026 } from './desnz-2026.js';
import { FEFCO_2021 } from './fefco-2021.js';
import { MEE_2022 } from './mee-2022.js';
import { MEE_2023 } from './mee-2023.js';

/** The factor sets shipped with Greenlink: openly usable data only, never GLEC default tables. */
export const BUILT_IN_SETS: readonly FactorSet[] = [DESNZ_2026, MEE_2022, MEE_2023, FEFCO_2021];
