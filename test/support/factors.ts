/** A valid user factor-set document with one road factor per slug. */
export const setDoc = (id: string, slugs: string[], version = '1') => ({
  id,
  name: `Set ${id}`,
  version,
  publisher: 'Test publisher',
  licence: 'CC-BY-4.0',
  factors: slugs.map((slug) => ({
    slug,
    name: `Truck ${slug}`,
    category: 'freight',
    unit: 'kgCO2e/t.km',
    values: { ttw: 0.08, wtt: 0.02, wtw: 0.1 },
    gwp: 'AR6',
    region: 'CN',
    year: 2025,
    mode: 'road',
    distanceBasis: 'actual',
    dafIncluded: true,
  })),
});
