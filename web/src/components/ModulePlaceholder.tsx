import type { IconName } from './Icon.js';
import { Icon } from './Icon.js';
import { Card, PageHeader } from './ui.js';

export interface ModulePlaceholderProps {
  title: string;
  icon: IconName;
  /** The issue that builds the module. */
  issue: number;
  /** One line under the title. */
  tagline: string;
  /** One paragraph: what the module will do. */
  description: string;
  /** What the user will be able to do, a few short items. */
  capabilities: string[];
  /** The units the module will report its savings in. */
  reportsIn: string[];
}

/** Stands in for a module whose issue has not landed yet; it shows plans, never numbers. */
export function ModulePlaceholder({ title, icon, issue, tagline, description, capabilities, reportsIn }: ModulePlaceholderProps) {
  return (
    <div className="placeholder-page" data-testid="module-placeholder">
      <PageHeader title={title} lede={tagline} />
      <div className="coming-banner" role="note" data-testid="coming-soon">
        <Icon name="info" size={20} />
        <div>
          <strong>Coming with issue {issue}.</strong> This module is not built yet. Nothing on this page is data: it describes
          what the module will do once issue {issue} lands.
        </div>
        <span className="badge badge-amber">Planned</span>
      </div>
      <div className="placeholder-grid">
        <Card title="What this module will do">
          <div className="placeholder-body">
            <div className="placeholder-icon">
              <Icon name={icon} size={28} />
            </div>
            <p>{description}</p>
          </div>
        </Card>
        <Card title="Planned capabilities">
          <ul className="plan-list">
            {capabilities.map((c) => (
              <li key={c}>
                <span className="plan-dot" aria-hidden="true" />
                {c}
              </li>
            ))}
          </ul>
          <div className="reports-in">
            <span className="muted">Will report savings in</span>
            {reportsIn.map((u) => (
              <span key={u} className="unit-chip">
                {u}
              </span>
            ))}
          </div>
        </Card>
      </div>
    </div>
  );
}
