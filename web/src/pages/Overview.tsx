import { useCallback, useMemo } from 'react';
import { SITE_KINDS, type SiteKind } from '../api.js';
import { Chart } from '../components/Chart.js';
import { Icon, type IconName } from '../components/Icon.js';
import { Card, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatInt, KIND_COLOR, KIND_LABEL, plural, TENANT_KIND_LABEL } from '../format.js';
import { useAsync } from '../hooks.js';
import { PAGES } from '../pages.js';
import { useSession } from '../session.js';

const KIND_ICON: Record<SiteKind, IconName> = {
  hub: 'hub',
  warehouse: 'warehouse',
  station: 'pin',
  solar_park: 'solar',
  depot: 'transport',
};

export default function OverviewPage() {
  const { api, me } = useSession();
  const load = useCallback(async () => {
    const [summary, tenants] = await Promise.all([api.siteSummary(), api.tenants()]);
    return { summary, tenants };
  }, [api]);
  const { data, error, loading } = useAsync(load);

  const totalSites = data ? SITE_KINDS.reduce((sum, k) => sum + (data.summary[k] ?? 0), 0) : 0;

  const chartOption = useMemo(() => {
    if (!data) return undefined;
    return {
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: SITE_KINDS.map((k) => KIND_LABEL[k]),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: '#cbd5d1' } },
        axisLabel: { color: '#475569', fontSize: 12 },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: '#eef2f0' } },
        axisLabel: { color: '#64748b' },
      },
      series: [
        {
          name: 'Sites',
          type: 'bar',
          barMaxWidth: 56,
          data: SITE_KINDS.map((k) => ({
            value: data.summary[k] ?? 0,
            itemStyle: { color: KIND_COLOR[k], borderRadius: [6, 6, 0, 0] },
          })),
          label: { show: true, position: 'top', color: '#334155', fontWeight: 600 },
        },
      ],
    };
  }, [data]);

  const scopeText = me.tenantId ? 'Sites and tenants visible to your tenant.' : 'The whole logistics network at a glance.';

  return (
    <div className="page">
      <PageHeader title="Overview" lede={scopeText} />
      {error ? <ProblemAlert problem={error} /> : null}
      {loading && !data ? <Loading label="Loading the network…" /> : null}
      {data ? (
        <>
          <div className="kpis">
            {SITE_KINDS.map((k) => (
              <div className="kpi" key={k} data-testid={`kpi-${k}`} data-value={data.summary[k] ?? 0}>
                <span className="kpi-icon" style={{ color: KIND_COLOR[k], background: `${KIND_COLOR[k]}14` }}>
                  <Icon name={KIND_ICON[k]} size={18} />
                </span>
                <span className="kpi-label">{KIND_LABEL[k]}</span>
                <span className="kpi-value" data-testid={`kpi-${k}-value`}>
                  {formatInt(data.summary[k] ?? 0)}
                </span>
              </div>
            ))}
            <div className="kpi" data-testid="kpi-tenants" data-value={data.tenants.length}>
              <span className="kpi-icon" style={{ color: '#0f766e', background: '#0f766e14' }}>
                <Icon name="building" size={18} />
              </span>
              <span className="kpi-label">Tenants</span>
              <span className="kpi-value" data-testid="kpi-tenants-value">
                {formatInt(data.tenants.length)}
              </span>
            </div>
          </div>

          <div className="grid-main-side">
            <Card title="Sites by kind" subtitle={`${plural(totalSites, 'site')} in total`}>
              {chartOption ? (
                <Chart option={chartOption} height={340} label="Bar chart of sites by kind" testId="chart-sites-by-kind" />
              ) : null}
            </Card>
            <Card
              title={me.tenantId ? 'Your tenant' : 'Tenants'}
              subtitle={me.tenantId ? 'The company this key acts for' : 'Companies sharing the network'}
              testId="tenant-list"
            >
              <ul className="tenant-list">
                {data.tenants.map((t) => (
                  <li key={t.id} data-testid="tenant-item">
                    <span className="tenant-avatar" aria-hidden="true">
                      {t.name.slice(0, 1)}
                    </span>
                    <span className="tenant-name">
                      {t.name}
                      <span className="tenant-id">{t.id}</span>
                    </span>
                    <span className={`badge badge-tenant-${t.kind}`}>{TENANT_KIND_LABEL[t.kind] ?? t.kind}</span>
                  </li>
                ))}
                {data.tenants.length === 0 ? <li className="muted">No tenants visible to this key.</li> : null}
              </ul>
            </Card>
          </div>

          <Card title="Modules" subtitle="What the platform covers, and what is still to come">
            <div className="module-grid">
              {PAGES.filter((p) => p.section === 'Modules').map((p) => (
                <a key={p.path} className="module-tile" href={`#${p.path}`}>
                  <Icon name={p.icon} size={20} />
                  <span className="module-name">{p.title}</span>
                  <span className="module-status">
                    {p.comingWithIssue ? `Coming with issue ${p.comingWithIssue}` : 'Available'}
                  </span>
                </a>
              ))}
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}
