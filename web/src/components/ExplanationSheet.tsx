import { type ReactNode, useRef } from 'react';
import type { ElementResult, FootprintExplanation } from '../api.js';
import { MODE_LABEL } from '../format.js';
import { Icon } from './Icon.js';

// The calculation sheet of a shipment (`GET /v1/shipments/:id/footprint?explain=true`) is rendered
// generically: each step shows what it has of a title, an ISO 14083 clause, inputs, a factor, a
// formula, the calculation in numbers and a result, under several usual names, and lists any other
// field as it is, so a new or renamed field in the sheet shows up instead of breaking the page.

type Obj = Record<string, unknown>;

const TITLE_KEYS = ['title', 'label', 'name', 'heading', 'what'];
const CLAUSE_KEYS = ['clause', 'isoClause', 'iso', 'isoRef', 'section'];
const CLAUSE_TITLE_KEYS = ['clauseTitle', 'clauseName', 'clauseLabel'];
const REFERENCE_KEYS = ['reference', 'references', 'ref', 'standard', 'basis'];
const TCE_KEYS = ['tceId', 'elementId'];
const ELEMENT_INDEX_KEYS = ['element', 'elementIndex', 'index'];
const INPUT_KEYS = ['inputs', 'input', 'given', 'values', 'parameters', 'params', 'data', 'operands'];
const FACTOR_KEYS = ['factor', 'emissionFactor', 'factors', 'ef'];
const FORMULA_KEYS = ['formula', 'expression', 'equation', 'rule'];
const CALCULATION_KEYS = ['calculation', 'computation', 'worked', 'numbers', 'arithmetic'];
const RESULT_KEYS = ['result', 'results', 'output', 'outputs', 'value', 'outcome', 'answer'];
const UNIT_KEYS = ['unit', 'resultUnit'];
const NOTE_KEYS = ['note', 'notes', 'explanation', 'text', 'detail', 'details', 'description', 'comment', 'why', 'reason'];
const SOURCE_KEYS = ['source', 'sources', 'factorId', 'factorIds', 'citation'];
/** Bookkeeping fields that say nothing to a reader. */
const HIDDEN_KEYS = ['id', 'n', 'step', 'order', 'kind', 'type'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** The first present field of `keys` not used yet; it is marked used. */
function take(step: Obj, keys: string[], used: Set<string>): unknown {
  for (const k of keys) {
    if (!used.has(k) && present(step[k])) {
      used.add(k);
      return step[k];
    }
  }
  return undefined;
}

const ACRONYMS: Record<string, string> = {
  toc: 'TOC',
  hoc: 'HOC',
  tce: 'TCE',
  id: 'ID',
  co2e: 'CO2e',
  wtw: 'WTW',
  ttw: 'TTW',
  wtt: 'WTT',
  daf: 'DAF',
  gwp: 'GWP',
  kwh: 'kWh',
  url: 'URL',
  gcd: 'GCD',
  sfd: 'SFD',
};

// Unit suffixes of field names: `distanceKm` reads "Distance (km)".
const UNIT_SUFFIXES: [RegExp, string][] = [
  [/Co2eWtwKg$/, 'kg CO2e WTW'],
  [/Co2eTtwKg$/, 'kg CO2e TTW'],
  [/Co2eWttKg$/, 'kg CO2e WTT'],
  [/Co2eKg$/, 'kg CO2e'],
  [/KgPerTkm$/, 'kg CO2e/t.km'],
  [/Tkm$/, 't.km'],
  [/Km$/, 'km'],
  [/Kg$/, 'kg'],
  [/Kwh$/, 'kWh'],
];

/** `distanceKm` is "Distance (km)", `tocId` "TOC ID", `co2e_wtw_kg` "CO2e WTW kg". */
export function humanize(key: string): string {
  let unit = '';
  let base = key;
  for (const [re, u] of UNIT_SUFFIXES) {
    if (re.test(key) && key.replace(re, '')) {
      unit = u;
      base = key.replace(re, '');
      break;
    }
  }
  const words = base
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .map((w, i) => ACRONYMS[w.toLowerCase()] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w.toLowerCase()));
  return unit ? `${words.join(' ')} (${unit})` : words.join(' ');
}

const NUMBER = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 7 });
const BIG = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 2 });

/** Numbers in the sheet keep their precision, since a reader may redo the arithmetic. */
export function formatSheetNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 1_000_000 ? BIG.format(n) : NUMBER.format(n);
}

function Value({ value, unit, depth = 0 }: { value: unknown; unit?: unknown; depth?: number }): ReactNode {
  const u = typeof unit === 'string' && unit ? <span className="sheet-unit"> {unit}</span> : null;
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value === 'number') {
    if (unit === 'share' && value >= 0 && value <= 1) {
      return (
        <span className="sheet-num">
          {PERCENT.format(value)}
          <span className="sheet-unit"> (share {formatSheetNumber(value)})</span>
        </span>
      );
    }
    return (
      <span className="sheet-num">
        {formatSheetNumber(value)}
        {u}
      </span>
    );
  }
  if (typeof value === 'boolean') return <span>{value ? 'yes' : 'no'}</span>;
  if (typeof value === 'string') {
    if (/^https?:\/\/\S+$/.test(value)) {
      return (
        <a href={value} target="_blank" rel="noreferrer noopener" className="sheet-link">
          {value}
        </a>
      );
    }
    return (
      <span>
        {value}
        {u}
      </span>
    );
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      return (
        <span>
          {value.map((v, i) => (
            // Primitive lists have no ids; their order is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <span key={i}>
              {i > 0 ? ', ' : null}
              <Value value={v} />
            </span>
          ))}
          {u}
        </span>
      );
    }
    return <Pairs items={value} depth={depth + 1} />;
  }
  if (isObj(value)) {
    // `{ value, unit }` reads as one quantity.
    if ('value' in value && Object.keys(value).every((k) => ['value', 'unit', 'label', 'name'].includes(k))) {
      return <Value value={value.value} unit={value.unit ?? unit} depth={depth} />;
    }
    if (depth > 2) return <code className="sheet-json">{JSON.stringify(value)}</code>;
    return <Pairs items={value} depth={depth + 1} />;
  }
  return <span>{String(value)}</span>;
}

/** One labelled line of a list: from `{ label, value, unit, source }` or a plain key and value. */
interface Pair {
  label: string;
  value: unknown;
  unit?: unknown;
  note?: unknown;
}

function pairsOf(items: unknown): Pair[] {
  if (Array.isArray(items)) {
    return items.map((item, i) => {
      if (!isObj(item)) return { label: `#${i + 1}`, value: item };
      const used = new Set<string>();
      const label = take(item, ['label', 'name', 'key', 'symbol', 'quantity', 'title', 'what', 'id'], used);
      const value = take(item, ['value', 'amount', 'result', 'number'], used);
      const unit = take(item, UNIT_KEYS, used);
      const note = take(item, [...SOURCE_KEYS, ...NOTE_KEYS], used);
      const rest = Object.fromEntries(Object.entries(item).filter(([k]) => !used.has(k)));
      const name = label === undefined ? `#${i + 1}` : String(label);
      if (value === undefined) return { label: name, value: rest, note };
      return { label: name, value, unit, note: note ?? (Object.keys(rest).length ? rest : undefined) };
    });
  }
  if (isObj(items)) return Object.entries(items).map(([k, v]) => ({ label: humanize(k), value: v }));
  return [{ label: 'Value', value: items }];
}

function Pairs({ items, depth = 0 }: { items: unknown; depth?: number }) {
  const pairs = pairsOf(items);
  if (!pairs.length) return <span className="muted">none</span>;
  return (
    <dl className="sheet-pairs">
      {pairs.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat; the order is stable
        <div key={i}>
          <dt>{p.label}</dt>
          <dd>
            <Value value={p.value} unit={p.unit} depth={depth} />
            {p.note !== undefined ? (
              <span className="sheet-note">
                {' '}
                (<Value value={p.note} depth={depth + 1} />)
              </span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Inputs on one wrapped line: `Mass (kg) 20.99 · Distance (km) 3.3`; nested values fall back to a list. */
function InlinePairs({ items }: { items: unknown }) {
  const pairs = pairsOf(items);
  if (pairs.some((p) => typeof p.value === 'object' && p.value !== null)) return <Pairs items={items} />;
  if (!pairs.length) return <span className="muted">none</span>;
  return (
    <ul className="sheet-inline">
      {pairs.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat; the order is stable
        <li key={i}>
          <span className="sheet-inline-label">{p.label}</span> <Value value={p.value} unit={p.unit} />
          {p.note !== undefined ? (
            <span className="sheet-note">
              {' '}
              (<Value value={p.note} />)
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** An emission factor: its id, its values per boundary with the unit, and where it comes from. */
function Factor({ factor }: { factor: unknown }) {
  if (!isObj(factor)) return <Value value={factor} />;
  const used = new Set<string>();
  const id = take(factor, ['id', 'factorId', 'name'], used);
  const unit = take(factor, ['unit', 'units'], used);
  const boundaries = ['wtw', 'ttw', 'wtt'].filter((k) => typeof factor[k] === 'number');
  for (const k of boundaries) used.add(k);
  const source = take(factor, ['source', 'publisher', 'citation'], used);
  const url = take(factor, ['sourceUrl', 'url', 'link'], used);
  const meta = (['licence', 'license', 'year', 'gwp', 'version', 'region'] as const)
    .filter((k) => present(factor[k]))
    .map((k) => {
      used.add(k);
      return k === 'gwp' ? `GWP ${String(factor[k])}` : k === 'year' ? String(factor[k]) : String(factor[k]);
    });
  const rest = Object.fromEntries(Object.entries(factor).filter(([k]) => !used.has(k)));
  return (
    <div className="sheet-factor">
      <div>
        {id !== undefined ? <code>{String(id)}</code> : null}
        {boundaries.length ? (
          <span className="sheet-factor-values">
            {boundaries.map((k, i) => (
              <span key={k}>
                {i > 0 ? <span className="kpi-sep"> · </span> : null}
                {k.toUpperCase()} <strong className="sheet-num">{formatSheetNumber(factor[k] as number)}</strong>
              </span>
            ))}
            {typeof unit === 'string' ? <span className="sheet-unit"> {unit}</span> : null}
          </span>
        ) : null}
      </div>
      {source !== undefined || meta.length ? (
        <div className="sheet-source">
          {source !== undefined ? (
            typeof url === 'string' && /^https?:\/\//.test(url) ? (
              <a href={url} target="_blank" rel="noreferrer noopener" className="sheet-link">
                {String(source)}
              </a>
            ) : (
              <span>{String(source)}</span>
            )
          ) : null}
          {meta.length ? <span className="muted">{`${source !== undefined ? ' · ' : ''}${meta.join(' · ')}`}</span> : null}
        </div>
      ) : null}
      {Object.keys(rest).length ? <Pairs items={rest} depth={1} /> : null}
    </div>
  );
}

function clauseText(clause: unknown, title: unknown): string | undefined {
  if (clause === undefined) return undefined;
  const s = Array.isArray(clause) ? clause.join(', ') : String(clause);
  const named = /iso|§|annex|ghg|glec/i.test(s) ? s : `ISO 14083 §${s}`;
  return title === undefined ? named : `${named} ${String(title)}`;
}

function Block({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="sheet-block">
      <span className="sheet-label">{label}</span>
      <div className="sheet-block-body">{children}</div>
    </div>
  );
}

export function ExplanationStep({ step, n }: { step: Obj; n: number }) {
  const used = new Set<string>();
  const title = take(step, TITLE_KEYS, used);
  const clause = clauseText(take(step, CLAUSE_KEYS, used), take(step, CLAUSE_TITLE_KEYS, used));
  const reference = take(step, REFERENCE_KEYS, used);
  // The element a step is about is named by its group's heading.
  for (const k of [...TCE_KEYS, ...ELEMENT_INDEX_KEYS]) used.add(k);
  const inputs = take(step, INPUT_KEYS, used);
  const factor = take(step, FACTOR_KEYS, used);
  const formula = take(step, FORMULA_KEYS, used);
  const calculation = take(step, CALCULATION_KEYS, used);
  const result = take(step, RESULT_KEYS, used);
  const unit = take(step, UNIT_KEYS, used);
  const note = take(step, NOTE_KEYS, used);
  const source = take(step, SOURCE_KEYS, used);
  for (const k of HIDDEN_KEYS) used.add(k);
  const rest = Object.fromEntries(Object.entries(step).filter(([k, v]) => !used.has(k) && present(v)));
  const label = typeof step.n === 'number' ? step.n : n;

  return (
    <li className="sheet-step" data-testid="explanation-step">
      <span className="sheet-n" aria-hidden="true">
        {label}
      </span>
      <div className="sheet-body">
        <div className="sheet-head">
          <h4 data-testid="explanation-step-title">{title === undefined ? `Step ${label}` : String(title)}</h4>
          {clause ? (
            <span className="sheet-clause" data-testid="explanation-step-clause">
              {clause}
            </span>
          ) : null}
          {result !== undefined ? (
            <span className="sheet-result" data-testid="explanation-step-result">
              <span className="sheet-eq">=</span> <Value value={result} unit={unit} />
            </span>
          ) : null}
        </div>
        {note !== undefined ? (
          <p className="sheet-text">
            <Value value={note} />
          </p>
        ) : null}
        {reference !== undefined ? (
          <Block label="Reference">
            <Value value={reference} />
          </Block>
        ) : null}
        {inputs !== undefined ? (
          <Block label="Inputs">
            <InlinePairs items={inputs} />
          </Block>
        ) : null}
        {factor !== undefined ? (
          <Block label="Factor">
            <Factor factor={factor} />
          </Block>
        ) : null}
        {formula !== undefined || calculation !== undefined ? (
          <Block label="Formula">
            {formula !== undefined ? (
              <span className="sheet-formula-words">{typeof formula === 'string' ? formula : JSON.stringify(formula)}</span>
            ) : null}
            {calculation !== undefined ? (
              <code className="sheet-formula">{typeof calculation === 'string' ? calculation : JSON.stringify(calculation)}</code>
            ) : null}
          </Block>
        ) : null}
        {source !== undefined ? (
          <Block label="Source">
            <Value value={source} />
          </Block>
        ) : null}
        {Object.keys(rest).length ? (
          <Block label="Details">
            <Pairs items={rest} />
          </Block>
        ) : null}
      </div>
    </li>
  );
}

/** Which chain element a step is about, if any: by TCE id, else by index. */
function elementKey(step: Obj): string | undefined {
  for (const k of TCE_KEYS) if (typeof step[k] === 'string' && step[k]) return `tce:${step[k]}`;
  for (const k of ELEMENT_INDEX_KEYS) if (typeof step[k] === 'number') return `idx:${step[k]}`;
  return undefined;
}

function groupTitle(step: Obj, elements: ElementResult[]): { title: string; sub?: string } {
  const tce = TCE_KEYS.map((k) => step[k]).find((v) => typeof v === 'string') as string | undefined;
  const idx = ELEMENT_INDEX_KEYS.map((k) => step[k]).find((v) => typeof v === 'number') as number | undefined;
  const e = elements.find((x) => (tce !== undefined ? x.tceId === tce : x.index === idx));
  const position = e ? elements.indexOf(e) + 1 : idx !== undefined ? idx + 1 : undefined;
  const what = e
    ? e.type === 'hub'
      ? `Hub ${e.hocId}`
      : `${e.mode ? MODE_LABEL[e.mode] : 'Transport'} leg ${e.tocId}`
    : 'Element';
  return { title: position !== undefined ? `Element ${position} · ${what}` : what, sub: tce };
}

interface Group {
  key: string;
  heading: { title: string; sub?: string };
  steps: { step: Obj; n: number }[];
}

/** Consecutive steps about the same element form one group; shipment-level steps form their own. */
function groupSteps(steps: unknown[], elements: ElementResult[]): Group[] {
  const groups: Group[] = [];
  steps.forEach((raw, i) => {
    const step = isObj(raw) ? raw : { text: raw };
    const key = elementKey(step) ?? 'shipment';
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.steps.push({ step, n: i + 1 });
    else {
      groups.push({
        key,
        heading: key === 'shipment' ? { title: 'Shipment' } : groupTitle(step, elements),
        steps: [{ step, n: i + 1 }],
      });
    }
  });
  return groups;
}

/** Top-level fields of the sheet besides its steps (method, notes, ...), shown above the steps. */
function Preamble({ explanation }: { explanation: FootprintExplanation }) {
  const skip = new Set(['steps', 'shipmentId', 'totals', 'massKg']);
  const entries = Object.entries(explanation).filter(([k, v]) => !skip.has(k) && present(v));
  const texts = entries.filter(([, v]) => typeof v === 'string') as [string, string][];
  const lists = entries.filter(([, v]) => Array.isArray(v) && v.length > 0) as [string, unknown[]][];
  const others = entries.filter(([, v]) => typeof v !== 'string' && !Array.isArray(v));
  if (!texts.length && !lists.length && !others.length) return null;
  return (
    <div className="sheet-preamble" data-testid="explanation-preamble">
      {texts.map(([k, v]) => (
        <p key={k}>
          <span className="sheet-label">{humanize(k)}</span> {v}
        </p>
      ))}
      {lists.map(([k, v]) => (
        <div key={k}>
          <span className="sheet-label">{humanize(k)}</span>
          <ul className="sheet-notes">
            {v.map((item, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: notes have no ids; their order is stable
              <li key={i}>
                <Value value={item} />
              </li>
            ))}
          </ul>
        </div>
      ))}
      {others.length ? <Pairs items={Object.fromEntries(others)} /> : null}
    </div>
  );
}

export function ExplanationSheet({
  explanation,
  elements = [],
}: {
  explanation: FootprintExplanation;
  elements?: ElementResult[];
}) {
  const steps: unknown[] = Array.isArray(explanation.steps) ? explanation.steps : [];
  const groups = groupSteps(steps, elements);
  const ref = useRef<HTMLDivElement>(null);
  const setAll = (open: boolean) => {
    for (const d of ref.current?.querySelectorAll('details') ?? []) d.open = open;
  };
  return (
    <div className="sheet" data-testid="explanation" ref={ref}>
      <Preamble explanation={explanation} />
      {groups.length > 1 ? (
        <div className="sheet-tools">
          <span className="muted small">
            {steps.length} steps in {groups.length} groups
          </span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setAll(true)}>
            Expand all
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setAll(false)} data-testid="sheet-collapse">
            Collapse all
          </button>
        </div>
      ) : null}
      {groups.length ? (
        groups.map((g, gi) => (
          // A group is a run of steps; the same element may come back later in the sheet.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <details key={gi} className="sheet-group" data-testid="explanation-group" open>
            <summary className="sheet-group-head">
              <Icon name="chevron" size={14} className="sheet-chevron" />
              {g.heading.title}
              {g.heading.sub ? <span className="sheet-chip">{g.heading.sub}</span> : null}
              <span className="sheet-count">{g.steps.length === 1 ? '1 step' : `${g.steps.length} steps`}</span>
            </summary>
            <ol className="sheet-steps">
              {g.steps.map(({ step, n }) => (
                <ExplanationStep key={n} step={step} n={n} />
              ))}
            </ol>
          </details>
        ))
      ) : (
        <p className="muted">
          <Icon name="info" size={14} /> The calculation sheet has no steps.
        </p>
      )}
    </div>
  );
}
