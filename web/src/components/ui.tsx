import type { ReactNode } from 'react';
import type { Problem, SiteKind } from '../api.js';
import { KIND_COLOR, KIND_SINGULAR } from '../format.js';
import { Icon } from './Icon.js';

export function PageHeader({ title, lede, actions }: { title: string; lede?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-head">
      <div>
        <h1>{title}</h1>
        {lede ? <p className="lede">{lede}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Card({
  title,
  subtitle,
  actions,
  children,
  className,
  testId,
}: {
  title?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`card${className ? ` ${className}` : ''}`} data-testid={testId}>
      {title || actions ? (
        <div className="card-head">
          <div>
            {title ? <h2>{title}</h2> : null}
            {subtitle ? <p className="card-sub">{subtitle}</p> : null}
          </div>
          {actions ? <div className="card-actions">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** An RFC 9457 problem as the user sees it: title, detail, and each offending field. */
export function ProblemAlert({ problem, testId = 'problem' }: { problem: Problem; testId?: string }) {
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      <Icon name="alert" className="alert-icon" />
      <div>
        <p className="alert-title">{problem.title}</p>
        {problem.detail ? <p className="alert-detail">{problem.detail}</p> : null}
        {problem.errors?.length ? (
          <ul className="alert-fields">
            {problem.errors.map((e, i) => (
              // Field errors have no id of their own; their order is stable.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i}>
                {e.field ? <code>{e.field}</code> : null}
                {e.line !== undefined ? <span> line {e.line}</span> : null} {e.message}
              </li>
            ))}
          </ul>
        ) : null}
        {problem.requestId ? <p className="alert-meta">Request id {problem.requestId}</p> : null}
      </div>
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" aria-busy="true" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function KindBadge({ kind }: { kind: SiteKind }) {
  return (
    <span className="badge" style={{ color: KIND_COLOR[kind], background: `${KIND_COLOR[kind]}14` }}>
      <span className="dot" style={{ background: KIND_COLOR[kind] }} />
      {KIND_SINGULAR[kind] ?? kind}
    </span>
  );
}

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'green' | 'amber' | 'red' | 'blue';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
