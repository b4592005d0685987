import { EARTH_RADIUS_KM } from '../core/index.js';
import type { FactorResolver } from '../factors/model.js';
import type {
  EnergyLineResult,
  HubResult,
  LegResult,
  ParcelFootprint,
  RoundAllocation,
  ShipmentFootprint,
  ShipmentInput,
} from './model.js';

// The calculation sheet an auditor follows: every step of a shipment's footprint with its inputs,
// the factor (and its source), the formula in words and in numbers, the result and the ISO 14083
// clause it applies. Built from a computed result, so it shows exactly what was computed.

/** ISO 14083:2023 clauses the steps apply. */
export const ISO_14083_CLAUSES = {
  '5.3': 'Conversion of energy consumption into GHG emissions',
  '5.4': 'Transport activity and transport operation category emissions',
  '5.4.4': 'Distance adjustment factor',
  '5.5': 'Hub operation category activity and emissions',
  '5.6': 'Allocation',
} as const;
export type IsoClause = keyof typeof ISO_14083_CLAUSES;

export interface ExplainedFactor {
  id: string;
  unit: string;
  wtw: number;
  ttw?: number;
  wtt?: number;
  source?: string;
  sourceUrl?: string;
  licence?: string;
  year?: number;
  gwp?: string;
}

export interface ExplanationStep {
  /** 1-based order in the sheet. */
  n: number;
  /** Chain element the step belongs to (0-based), absent for shipment totals. */
  element?: number;
  tceId?: string;
  title: string;
  /** ISO 14083 clause, when the step applies one; `reference` says what else it follows. */
  clause?: IsoClause;
  clauseTitle?: string;
  reference?: string;
  inputs: Record<string, string | number | boolean>;
  factor?: ExplainedFactor;
  /** The formula in words. */
  formula: string;
  /** The same formula with this shipment's numbers. */
  calculation: string;
  result: { value: number; unit: string };
}

export interface ExplanationSheet {
  shipmentId: string;
  method: string;
  massKg: number;
  steps: ExplanationStep[];
  totals: {
    transportActivityTkm: number;
    co2eWtwKg: number;
    co2eTtwKg: number;
    co2eWttKg: number;
    co2eWtwUnsplitKg: number;
    primaryDataShare: number;
  };
  notes: string[];
}

const METHOD = 'ISO 14083:2023 / GLEC Framework v3: transport chain elements, well-to-wheel (WTW = TTW + WTT)';

/** A number for the sheet: at most 10 significant digits, no float noise (36.800999999 -> 36.801). */
export function n(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(10)));
}

const UNIT_OF: Record<EnergyLineResult['unit'], string> = { L: 'L', kWh: 'kWh', kg: 'kg' };

class Sheet {
  readonly steps: ExplanationStep[] = [];
  constructor(private readonly resolver?: FactorResolver) {}

  add(step: Omit<ExplanationStep, 'n' | 'clauseTitle'>): void {
    this.steps.push({
      n: this.steps.length + 1,
      ...step,
      ...(step.clause ? { clauseTitle: ISO_14083_CLAUSES[step.clause] } : {}),
    });
  }

  factor(id: string | undefined, unit: string, values: { wtw: number; ttw?: number; wtt?: number }): ExplainedFactor | undefined {
    if (!id) return undefined;
    const f = this.resolver?.(id);
    return {
      id,
      unit,
      ...values,
      ...(f ? { source: f.source, sourceUrl: f.sourceUrl, licence: f.licence, year: f.year, gwp: f.gwp } : {}),
    };
  }
}

function boundariesText(kg: { co2eWtwKg: number; co2eTtwKg: number; co2eWttKg: number; co2eWtwUnsplitKg: number }): string {
  if (kg.co2eWtwUnsplitKg > 0 && kg.co2eTtwKg === 0 && kg.co2eWttKg === 0)
    return `${n(kg.co2eWtwKg)} kg CO2e WTW (published as WTW only)`;
  return `${n(kg.co2eWtwKg)} kg CO2e WTW = ${n(kg.co2eTtwKg)} TTW + ${n(kg.co2eWttKg)} WTT${kg.co2eWtwUnsplitKg > 0 ? ` + ${n(kg.co2eWtwUnsplitKg)} unsplit` : ''}`;
}

function energySteps(sheet: Sheet, lines: EnergyLineResult[], at: { element?: number; tceId?: string }, what: string): void {
  for (const l of lines) {
    const unit = UNIT_OF[l.unit];
    sheet.add({
      ...at,
      title: `${what}: ${n(l.quantity)} ${unit} to emissions`,
      clause: '5.3',
      inputs: { quantity: l.quantity, unit },
      factor: sheet.factor(l.factorId ?? 'inline', `kgCO2e/${unit}`, {
        wtw: l.co2eWtwKgPerUnit,
        ...(l.boundarySplit ? { ttw: l.co2eTtwKgPerUnit, wtt: l.co2eWttKgPerUnit } : {}),
      }),
      formula: 'energy quantity x emission factor, per boundary',
      calculation: `${n(l.quantity)} ${unit} x ${n(l.co2eWtwKgPerUnit)} kg CO2e/${unit} = ${boundariesText(l)}`,
      result: { value: l.co2eWtwKg, unit: 'kg CO2e WTW' },
    });
  }
}

function legSteps(sheet: Sheet, leg: LegResult, massKg: number, input?: ShipmentInput['chain'][number]): void {
  const at = { element: leg.index, tceId: leg.tceId };
  const t = massKg / 1000;
  if (leg.distanceSource === 'coordinates') {
    const o = input?.type === 'leg' ? input.origin : undefined;
    const d = input?.type === 'leg' ? input.destination : undefined;
    sheet.add({
      ...at,
      title: 'Distance from coordinates',
      clause: '5.4',
      inputs:
        o && d ? { originLat: o.lat, originLon: o.lon, destinationLat: d.lat, destinationLon: d.lon } : { source: 'coordinates' },
      formula: `great-circle distance (haversine, Earth radius ${EARTH_RADIUS_KM} km): a GCD`,
      calculation:
        o && d
          ? `GCD((${o.lat}, ${o.lon}), (${d.lat}, ${d.lon})) = ${n(leg.distanceInputKm)} km`
          : `GCD = ${n(leg.distanceInputKm)} km`,
      result: { value: leg.distanceInputKm, unit: 'km' },
    });
  }
  sheet.add({
    ...at,
    title: `Distance adjustment (${leg.distanceType} distance)`,
    clause: '5.4.4',
    inputs: { distanceKm: leg.distanceInputKm, distanceType: leg.distanceType, ...(leg.mode ? { mode: leg.mode } : {}) },
    formula:
      leg.daf.kind === 'add'
        ? `distance + ${leg.daf.value} km, applied once (${leg.daf.reason})`
        : leg.daf.kind === 'multiply'
          ? `distance x ${leg.daf.value}, applied once (${leg.daf.reason})`
          : `no adjustment: ${leg.daf.reason}`,
    calculation:
      leg.daf.kind === 'add'
        ? `${n(leg.distanceInputKm)} km + ${n(leg.daf.value)} km = ${n(leg.distanceKm)} km`
        : leg.daf.kind === 'multiply'
          ? `${n(leg.distanceInputKm)} km x ${n(leg.daf.value)} = ${n(leg.distanceKm)} km`
          : `${n(leg.distanceKm)} km`,
    result: { value: leg.distanceKm, unit: 'km' },
  });
  sheet.add({
    ...at,
    title: 'Transport activity',
    clause: '5.4',
    inputs: { massKg, distanceKm: leg.distanceKm },
    formula: 'mass (t) x distance (km)',
    calculation: `${n(t)} t x ${n(leg.distanceKm)} km = ${n(leg.transportActivityTkm)} t.km`,
    result: { value: leg.transportActivityTkm, unit: 't.km' },
  });
  if (leg.energy) {
    energySteps(sheet, leg.energy, at, `Leg energy (${leg.tocId})`);
    sheet.add({
      ...at,
      title: 'Leg emissions from its energy',
      clause: '5.3',
      inputs: { energyLines: leg.energy.length, transportActivityTkm: leg.transportActivityTkm, dataType: leg.dataType },
      formula: 'sum of the energy lines; intensity = emissions / transport activity',
      calculation: `${leg.energy.map((l) => n(l.co2eWtwKg)).join(' + ')} = ${n(leg.co2eWtwKg)} kg CO2e WTW; ${n(leg.co2eWtwKg)} / ${n(leg.transportActivityTkm)} t.km = ${n(leg.co2eIntensityWtwKgPerTkm)} kg CO2e/t.km`,
      result: { value: leg.co2eWtwKg, unit: 'kg CO2e WTW' },
    });
    return;
  }
  const split = leg.boundarySplit;
  sheet.add({
    ...at,
    title: `Leg emissions (${leg.tocId}, ${leg.dataType} data)`,
    clause: '5.4',
    inputs: {
      transportActivityTkm: leg.transportActivityTkm,
      tocId: leg.tocId,
      dataType: leg.dataType,
      temperatureControlled: leg.temperatureControlled,
    },
    factor: leg.factorId
      ? sheet.factor(leg.factorId, 'kgCO2e/t.km', {
          wtw: leg.co2eIntensityWtwKgPerTkm,
          ...(split ? { ttw: leg.co2eIntensityTtwKgPerTkm, wtt: leg.co2eIntensityWttKgPerTkm } : {}),
        })
      : {
          id: leg.tocId,
          unit: 'kgCO2e/t.km',
          wtw: leg.co2eIntensityWtwKgPerTkm,
          ...(split ? { ttw: leg.co2eIntensityTtwKgPerTkm, wtt: leg.co2eIntensityWttKgPerTkm } : {}),
          source: `inline TOC intensity (${leg.dataType} data)`,
        },
    formula: 'transport activity x TOC emission intensity, per boundary (WTT = WTW - TTW when two are given)',
    calculation: split
      ? `${n(leg.transportActivityTkm)} t.km x ${n(leg.co2eIntensityWtwKgPerTkm)} = ${n(leg.co2eWtwKg)} kg WTW; x ${n(leg.co2eIntensityTtwKgPerTkm)} = ${n(leg.co2eTtwKg)} kg TTW; x ${n(leg.co2eIntensityWttKgPerTkm)} = ${n(leg.co2eWttKg)} kg WTT`
      : `${n(leg.transportActivityTkm)} t.km x ${n(leg.co2eIntensityWtwKgPerTkm)} = ${n(leg.co2eWtwKg)} kg WTW (TTW/WTT split not published)`,
    result: { value: leg.co2eWtwKg, unit: 'kg CO2e WTW' },
  });
}

function hubSteps(sheet: Sheet, hub: HubResult, massKg: number): void {
  const at = { element: hub.index, tceId: hub.tceId };
  if (hub.site) {
    const s = hub.site;
    energySteps(sheet, s.energy, at, `Site energy of ${hub.hocId}`);
    sheet.add({
      ...at,
      title: `HOC intensity modelled from site energy (${hub.hocId})`,
      clause: '5.5',
      inputs: {
        kwh: s.kwh,
        outboundTonnes: s.outboundTonnes,
        refrigerantCo2eKg: s.refrigerantCo2eKg,
        ...(s.gridFactorId ? { gridFactorId: s.gridFactorId } : {}),
      },
      formula: '(kWh x grid factor + fuel x factor + refrigerant) / outbound tonnes of the same period',
      calculation: `(${[...s.energy.map((l) => n(l.co2eWtwKg)), ...(s.refrigerantCo2eKg ? [n(s.refrigerantCo2eKg)] : [])].join(' + ')}) kg / ${n(s.outboundTonnes)} t = ${n(hub.co2eIntensityWtwKgPerT)} kg CO2e/t WTW`,
      result: { value: hub.co2eIntensityWtwKgPerT, unit: 'kg CO2e/t WTW' },
    });
  }
  const split = hub.boundarySplit;
  sheet.add({
    ...at,
    title: `Hub emissions (${hub.hocId}, ${hub.dataType} data)`,
    clause: '5.5',
    inputs: {
      outboundTonnes: hub.hubActivityT,
      hocId: hub.hocId,
      dataType: hub.dataType,
      temperatureControlled: hub.temperatureControlled,
    },
    factor: hub.factorId
      ? sheet.factor(hub.factorId, 'kgCO2e/t', {
          wtw: hub.co2eIntensityWtwKgPerT,
          ...(split ? { ttw: hub.co2eIntensityTtwKgPerT, wtt: hub.co2eIntensityWttKgPerT } : {}),
        })
      : {
          id: hub.hocId,
          unit: 'kgCO2e/t',
          wtw: hub.co2eIntensityWtwKgPerT,
          ...(split ? { ttw: hub.co2eIntensityTtwKgPerT, wtt: hub.co2eIntensityWttKgPerT } : {}),
          source: hub.site ? 'modelled from the site energy above' : `inline HOC intensity (${hub.dataType} data)`,
        },
    formula: 'hub activity (tonnes of this shipment leaving the hub) x HOC intensity',
    calculation: `${n(massKg / 1000)} t x ${n(hub.co2eIntensityWtwKgPerT)} kg CO2e/t = ${boundariesText(hub)}`,
    result: { value: hub.co2eWtwKg, unit: 'kg CO2e WTW' },
  });
}

/**
 * The explanation sheet of a computed shipment. Give the resolver to show each library factor's
 * source and licence, and the input to show coordinates behind great-circle distances.
 */
export function explainShipment(result: ShipmentFootprint, resolver?: FactorResolver, input?: ShipmentInput): ExplanationSheet {
  const sheet = new Sheet(resolver);
  for (const e of result.elements) {
    if (e.type === 'leg') legSteps(sheet, e, result.massKg, input?.chain[e.index]);
    else hubSteps(sheet, e, result.massKg);
  }
  const parts = result.elements.map((e) => n(e.co2eWtwKg));
  sheet.add({
    title: 'Transport chain total',
    reference: 'GLEC Framework v3: transport chain emissions = sum of its elements (TCEs)',
    inputs: { elements: result.elements.length },
    formula: 'sum of the elements, per boundary; t.km summed over legs',
    calculation: `${parts.join(' + ')} = ${boundariesText(result)}; ${result.elements.map((e) => n(e.transportActivityTkm)).join(' + ')} = ${n(result.transportActivityTkm)} t.km`,
    result: { value: result.co2eWtwKg, unit: 'kg CO2e WTW' },
  });
  const primary = result.elements.filter((e) => e.dataType === 'primary');
  const primaryTkm = primary.reduce((a, e) => a + e.transportActivityTkm, 0);
  sheet.add({
    title: 'Primary-data share',
    reference: 'ISO 14083 data hierarchy; iLEAP primaryDataShare (share of t.km from primary data)',
    inputs: { primaryElements: primary.length, elements: result.elements.length },
    formula: 't.km of elements with primary data / total t.km',
    calculation: `${n(primaryTkm)} / ${n(result.transportActivityTkm)} = ${n(result.primaryDataShare * 100)} %`,
    result: { value: result.primaryDataShare, unit: 'share' },
  });
  const notes: string[] = [];
  if (result.temperatureControlled.co2eWtwKg > 0) {
    notes.push(
      `Temperature-controlled elements are a category of their own: ${n(result.temperatureControlled.co2eWtwKg)} kg CO2e WTW over ${n(result.temperatureControlled.transportActivityTkm)} t.km.`,
    );
  }
  if (result.co2eWtwUnsplitKg > 0) {
    notes.push(
      `${n(result.co2eWtwUnsplitKg)} kg CO2e WTW come from factors published as WTW only; they are in WTW but in neither TTW nor WTT.`,
    );
  }
  return {
    shipmentId: result.shipmentId,
    method: METHOD,
    massKg: result.massKg,
    steps: sheet.steps,
    totals: {
      transportActivityTkm: result.transportActivityTkm,
      co2eWtwKg: result.co2eWtwKg,
      co2eTtwKg: result.co2eTtwKg,
      co2eWttKg: result.co2eWttKg,
      co2eWtwUnsplitKg: result.co2eWtwUnsplitKg,
      primaryDataShare: result.primaryDataShare,
    },
    notes,
  };
}

/** The sheet of one parcel's share of a round (ISO 14083 5.6). */
export function explainParcel(round: RoundAllocation, parcel: ParcelFootprint, resolver?: FactorResolver): ExplanationSheet {
  const sheet = new Sheet(resolver);
  energySteps(sheet, round.energy, {}, `Round ${round.roundId} energy`);
  sheet.add({
    title: 'Direct transport activity of the parcel',
    clause: '5.6',
    inputs: { massKg: parcel.massKg, directDistanceKm: parcel.directDistanceKm },
    formula: 'mass (t) x consignor-to-consignee distance (not the distance the vehicle drove)',
    calculation: `${n(parcel.massKg / 1000)} t x ${n(parcel.directDistanceKm)} km = ${n(parcel.transportActivityTkm)} t.km`,
    result: { value: parcel.transportActivityTkm, unit: 't.km' },
  });
  sheet.add({
    title: 'Allocation by direct t.km',
    clause: '5.6',
    inputs: { roundCo2eWtwKg: round.co2eWtwKg, roundDirectTkm: round.directTkm, parcels: round.parcels.length },
    formula: "round emissions x parcel's direct t.km / sum of the round's direct t.km",
    calculation: `${n(round.co2eWtwKg)} kg x ${n(parcel.transportActivityTkm)} / ${n(round.directTkm)} = ${boundariesText(parcel)}`,
    result: { value: parcel.co2eWtwKg, unit: 'kg CO2e WTW' },
  });
  return {
    shipmentId: parcel.parcelId,
    method: METHOD,
    massKg: parcel.massKg,
    steps: sheet.steps,
    totals: {
      transportActivityTkm: parcel.transportActivityTkm,
      co2eWtwKg: parcel.co2eWtwKg,
      co2eTtwKg: parcel.co2eTtwKg,
      co2eWttKg: parcel.co2eWttKg,
      co2eWtwUnsplitKg: parcel.co2eWtwUnsplitKg,
      primaryDataShare: parcel.primaryDataShare,
    },
    notes: [`Round ${round.roundId}: ${round.parcels.length} parcels share ${n(round.co2eWtwKg)} kg CO2e WTW by direct t.km.`],
  };
}

/** The sheet as plain text, for terminals and logs. */
export function explanationText(sheet: ExplanationSheet): string {
  const lines = [`Explanation sheet: shipment ${sheet.shipmentId}, ${n(sheet.massKg)} kg`, `Method: ${sheet.method}`, ''];
  for (const s of sheet.steps) {
    const where = s.element !== undefined ? ` [element ${s.element + 1}${s.tceId ? ` ${s.tceId}` : ''}]` : '';
    const basis = s.clause ? `ISO 14083 ${s.clause} ${s.clauseTitle}` : (s.reference ?? '');
    lines.push(`${String(s.n).padStart(2)}. ${s.title}${where}`);
    lines.push(`    follows:     ${basis}`);
    lines.push(`    formula:     ${s.formula}`);
    lines.push(`    calculation: ${s.calculation}`);
    if (s.factor) {
      const src = [s.factor.source, s.factor.licence].filter(Boolean).join(', ');
      lines.push(`    factor:      ${s.factor.id} (${s.factor.unit}${src ? `; ${src}` : ''})`);
    }
  }
  const t = sheet.totals;
  lines.push(
    '',
    `Total: ${n(t.transportActivityTkm)} t.km, ${n(t.co2eWtwKg)} kg CO2e WTW (${n(t.co2eTtwKg)} TTW + ${n(t.co2eWttKg)} WTT${t.co2eWtwUnsplitKg > 0 ? ` + ${n(t.co2eWtwUnsplitKg)} unsplit` : ''}), primary data ${n(t.primaryDataShare * 100)} % of t.km`,
  );
  for (const note of sheet.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}
