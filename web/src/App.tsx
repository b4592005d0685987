import { Component, type ErrorInfo, type ReactNode, Suspense, useEffect } from 'react';
import { Icon, Logo } from './components/Icon.js';
import { Loading, ProblemAlert } from './components/ui.js';
import { ROLE_LABEL } from './format.js';
import SignInPage from './pages/SignIn.js';
import { findPage, PAGES, type PageDef } from './pages.js';
import { useHashPath } from './router.js';
import { type Session, useSessionState } from './session.js';

export function App() {
  const { state } = useSessionState();
  if (state.status === 'checking') {
    return (
      <div className="splash">
        <Logo size={40} />
        <Loading label="Checking your API key…" />
      </div>
    );
  }
  // Whatever the route, a visitor without a valid key sees the sign-in page.
  if (state.status === 'signedOut') return <SignInPage notice={state.notice} />;
  return <Shell session={state.session} />;
}

const SECTIONS: PageDef['section'][] = ['Network', 'Modules', 'Administration'];

function Shell({ session }: { session: Session }) {
  const path = useHashPath();
  const { signOut } = useSessionState();
  const { me, tenant } = session;
  const isAdmin = me.role === 'admin';
  const pages = PAGES.filter((p) => !p.adminOnly || isAdmin);
  const page = findPage(path);

  useEffect(() => {
    document.title = page ? `${page.title} · Greenlink` : 'Not found · Greenlink';
  }, [page]);

  let content: ReactNode;
  if (!page) content = <NotFound path={path} />;
  else if (page.adminOnly && !isAdmin) content = <AdminOnly title={page.title} />;
  else {
    const PageComponent = page.component;
    content = <PageComponent />;
  }

  return (
    <div className="shell">
      <aside className="sidebar">
        <a className="brand" href="#/">
          <Logo size={30} />
          <span>
            <span className="brand-name">Greenlink</span>
            <span className="brand-sub">Green logistics</span>
          </span>
        </a>
        <nav aria-label="Main">
          {SECTIONS.map((section) => {
            const items = pages.filter((p) => p.section === section);
            if (!items.length) return null;
            return (
              <div className="nav-section" key={section}>
                <p className="nav-heading">{section}</p>
                <ul>
                  {items.map((p) => (
                    <li key={p.path}>
                      <a
                        href={`#${p.path}`}
                        className={`nav-link${p.path === page?.path ? ' active' : ''}`}
                        aria-current={p.path === page?.path ? 'page' : undefined}
                        data-testid={`nav-${p.path === '/' ? 'overview' : p.path.slice(1)}`}
                      >
                        <Icon name={p.icon} />
                        <span className="nav-label">{p.title}</span>
                        {p.comingWithIssue ? (
                          <span className="nav-soon" title={`Coming with issue ${p.comingWithIssue}`}>
                            soon
                          </span>
                        ) : null}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
        <div className="sidebar-foot">
          <a href="/docs" target="_blank" rel="noreferrer">
            API documentation
          </a>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="crumbs">
            <span className="muted">{page?.section ?? 'Greenlink'}</span>
            <span className="crumb-sep" aria-hidden="true">
              /
            </span>
            <span>{page?.title ?? 'Not found'}</span>
          </div>
          <div className="who">
            <span className="who-item">
              <span className="who-label">Role</span>
              <span className={`role role-${me.role}`} data-testid="header-role">
                {ROLE_LABEL[me.role] ?? me.role}
              </span>
            </span>
            <span className="who-item">
              <span className="who-label">Tenant</span>
              <span className="who-value" data-testid="header-tenant" title={me.tenantId ?? undefined}>
                {me.tenantId ? (tenant?.name ?? me.tenantId) : 'All tenants'}
              </span>
            </span>
            <button type="button" className="btn btn-ghost" onClick={() => signOut()} data-testid="sign-out">
              <Icon name="signOut" size={16} />
              Sign out
            </button>
          </div>
        </header>
        <main className="content">
          <ErrorBoundary key={path}>
            <Suspense fallback={<Loading label="Loading page…" />}>{content}</Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

function NotFound({ path }: { path: string }) {
  return (
    <div className="center-panel">
      <h1>Page not found</h1>
      <p className="muted">
        There is no page at <code>#{path}</code>. <a href="#/">Go to the overview</a>.
      </p>
    </div>
  );
}

function AdminOnly({ title }: { title: string }) {
  return (
    <div className="center-panel">
      <Icon name="lock" size={28} />
      <h1>{title}</h1>
      <p className="muted">This page needs an admin API key. Sign in with an admin key to manage API keys.</p>
    </div>
  );
}

/** Keeps a page that throws while rendering from blanking the whole dashboard. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return <ProblemAlert problem={{ title: 'This page failed to render', status: 0, detail: this.state.error.message }} />;
    }
    return this.props.children;
  }
}
