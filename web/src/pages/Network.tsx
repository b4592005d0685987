import { useCallback, useMemo, useState } from 'react';
import { SITE_KINDS, type Site, type SiteKind } from '../api.js';
import { Chart } from '../components/Chart.js';
import { Card, Empty, KindBadge, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatCoord, formatInt, KIND_COLOR, KIND_LABEL, plural } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export default function NetworkPage() {
  const { api, me } = useSession();
  const load = useCallback(async () => {
    // Tenant names are a nicety: a key that cannot list tenants still sees its sites.
    const [sites, tenants] = await Promise.all([api.sites(), api.tenants().catch(() => [])]);
    return { sites, tenantNames: new Map(tenants.map((t) => [t.id, t.name])) };
  }, [api]);
  const { data, error, loading } = useAsync(load);

  const [kind, setKind] = useState<SiteKind | ''>('');
  const [city, setCity] = useState('');

  const sites = useMemo(() => data?.sites ?? [], [data]);
  const countsByKind = useMemo(() => {
    const counts = new Map<SiteKind, number>();
    for (const s of sites) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
    return counts;
  }, [sites]);
  const cities = useMemo(() => [...new Set(sites.map((s) => s.city))].sort((a, b) => a.localeCompare(b)), [sites]);
  const filtered = useMemo(
    () => sites.filter((s) => (!kind || s.kind === kind) && (!city || s.city === city)),
    [sites, kind, city],
  );
  const sorted = useMemo(
    () =>
      [...filtered].sort((a, b) => a.city.localeCompare(b.city) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name)),
    [filtered],
  );

  const regions = useMemo(() => {
    const counts = new Map<string, number>();
    for (const s of filtered) counts.set(s.region, (counts.get(s.region) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }, [filtered]);
  const regionMax = Math.max(1, ...regions.map(([, n]) => n));

  const tenantName = useCallback((id: string): string => data?.tenantNames.get(id) ?? id, [data]);
  const chartOption = useMemo(() => scatterOption(filtered, tenantName), [filtered, tenantName]);

  const lede = me.tenantId
    ? 'The sites your tenant owns in the logistics network.'
    : 'Hubs, warehouses, pick-up/drop-off stations, solar parks and depots of every tenant.';

  return (
    <div className="page">
      <PageHeader title="Network" lede={lede} />
      {error ? <ProblemAlert problem={error} /> : null}
      {loading && !data ? <Loading label="Loading sites…" /> : null}
      {data ? (
        <>
          <div className="toolbar card">
            <label className="field field-inline">
              <span className="field-label">Kind</span>
              <select value={kind} onChange={(e) => setKind(e.target.value as SiteKind | '')} data-testid="filter-kind">
                <option value="">All kinds ({formatInt(sites.length)})</option>
                {SITE_KINDS.map((k) => (
                  <option key={k} value={k} disabled={!countsByKind.get(k)}>
                    {KIND_LABEL[k]} ({formatInt(countsByKind.get(k) ?? 0)})
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-inline">
              <span className="field-label">City</span>
              <select value={city} onChange={(e) => setCity(e.target.value)} data-testid="filter-city">
                <option value="">All cities ({formatInt(cities.length)})</option>
                {cities.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setKind('');
                setCity('');
              }}
              disabled={!kind && !city}
            >
              Clear filters
            </button>
            <span className="toolbar-count" data-testid="site-count">
              Showing <strong>{formatInt(filtered.length)}</strong> of {plural(sites.length, 'site')}
            </span>
          </div>

          <div className="grid-main-side">
            <Card title="Sites by location" subtitle="Longitude and latitude of each site (WGS84)">
              {filtered.length ? (
                <Chart
                  option={chartOption}
                  height={460}
                  label="Scatter plot of sites by longitude and latitude"
                  testId="chart-sites-map"
                />
              ) : (
                <Empty>No sites match the filters.</Empty>
              )}
            </Card>
            <Card title="Sites by region" subtitle="Reporting regions of the sites shown">
              <ul className="bar-list" data-testid="region-list">
                {regions.map(([region, n]) => (
                  <li key={region}>
                    <span className="bar-label">{region}</span>
                    <span className="bar-track" aria-hidden="true">
                      <span className="bar-fill" style={{ width: `${(n / regionMax) * 100}%` }} />
                    </span>
                    <span className="bar-value">{formatInt(n)}</span>
                  </li>
                ))}
              </ul>
              {regions.length === 0 ? <Empty>No sites match the filters.</Empty> : null}
            </Card>
          </div>

          <Card title="Sites" subtitle={`${plural(filtered.length, 'site')}, sorted by city`}>
            <div className="table-wrap">
              <table className="table" data-testid="site-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Kind</th>
                    <th>City</th>
                    <th>Province</th>
                    <th>Region</th>
                    <th>Owner</th>
                    <th className="num">Coordinates</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((s) => (
                    <tr key={s.id} data-testid="site-row" data-tenant={s.tenantId} data-kind={s.kind}>
                      <td className="strong">{s.name}</td>
                      <td>
                        <KindBadge kind={s.kind} />
                      </td>
                      <td>{s.city}</td>
                      <td>{s.province}</td>
                      <td>{s.region}</td>
                      <td className="muted" title={s.tenantId}>
                        {tenantName(s.tenantId)}
                      </td>
                      <td className="num mono">{formatCoord(s.lat, s.lon)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {sorted.length === 0 ? <Empty>No sites match the filters.</Empty> : null}
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}

// The frame always covers mainland China (the demo network) and grows to take in any site outside it,
// so one site alone is not blown up to fill the plot and the axes never run past ±180°/±90°.
function extent(values: number[], lo: number, hi: number, limit: number, step: number) {
  const min = Math.max(-limit, Math.floor(Math.min(lo, ...values.map((v) => v - 2)) / step) * step);
  const max = Math.min(limit, Math.ceil(Math.max(hi, ...values.map((v) => v + 2)) / step) * step);
  return { min, max, interval: step };
}

function scatterOption(sites: Site[], tenantName: (id: string) => string) {
  const present = SITE_KINDS.filter((k) => sites.some((s) => s.kind === k));
  const lon = extent(
    sites.map((s) => s.lon),
    73,
    135,
    180,
    10,
  );
  const lat = extent(
    sites.map((s) => s.lat),
    18,
    54,
    90,
    5,
  );
  return {
    color: present.map((k) => KIND_COLOR[k]),
    legend: { top: 0, left: 'center', icon: 'circle', itemWidth: 10, itemHeight: 10, textStyle: { color: '#334155' } },
    grid: { left: 64, right: 24, top: 44, bottom: 52 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: { site: Site } }) => {
        const s = p.data.site;
        return `<strong>${escapeHtml(s.name)}</strong><br/>${escapeHtml(s.city)}, ${escapeHtml(s.province)}<br/>${escapeHtml(
          tenantName(s.tenantId),
        )}<br/><span style="color:#64748b">${formatCoord(s.lat, s.lon)}</span>`;
      },
    },
    xAxis: {
      type: 'value',
      name: 'Longitude (°E)',
      nameLocation: 'middle',
      nameGap: 30,
      ...lon,
      splitLine: { lineStyle: { color: '#eef2f0' } },
      axisLabel: { color: '#64748b', formatter: '{value}°' },
      nameTextStyle: { color: '#475569' },
    },
    yAxis: {
      type: 'value',
      name: 'Latitude (°N)',
      nameLocation: 'middle',
      nameGap: 42,
      ...lat,
      splitLine: { lineStyle: { color: '#eef2f0' } },
      axisLabel: { color: '#64748b', formatter: '{value}°' },
      nameTextStyle: { color: '#475569' },
    },
    series: present.map((k) => ({
      name: KIND_LABEL[k],
      type: 'scatter',
      symbolSize: k === 'hub' ? 16 : k === 'station' ? 8 : 11,
      itemStyle: { opacity: 0.85, borderColor: '#fff', borderWidth: 1 },
      emphasis: { scale: 1.4 },
      data: sites.filter((s) => s.kind === k).map((s) => ({ value: [s.lon, s.lat], site: s })),
    })),
  };
}
