import { type FormEvent, useCallback, useState } from 'react';
import {
  type ApiKeyInfo,
  type CreatedApiKey,
  type Problem,
  problemOf,
  ROLES,
  type Role,
  TENANT_BOUND_ROLES,
  type Tenant,
} from '../api.js';
import { Icon } from '../components/Icon.js';
import { Badge, Card, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatDateTime, ROLE_LABEL } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

const ROLE_HINT: Record<Role, string> = {
  admin: 'Everything, including API keys and tenants.',
  analyst: 'Reads every tenant’s data; changes nothing.',
  merchant: 'A merchant or brand: sees and manages only its own records.',
  station: 'A station operator: records only for its own stations.',
  courier: 'Couriers’ devices: scans and deliveries.',
};

export default function KeysPage() {
  const { api, me } = useSession();
  const load = useCallback(async () => {
    const [keys, tenants] = await Promise.all([api.keys(), api.tenants()]);
    return { keys, tenants };
  }, [api]);
  const { data, error, loading, reload } = useAsync(load);
  const [created, setCreated] = useState<CreatedApiKey | undefined>();

  const tenantName = (id: string | null): string =>
    id === null ? 'All tenants' : (data?.tenants.find((t) => t.id === id)?.name ?? id);

  return (
    <div className="page">
      <PageHeader title="API keys" lede="Keys for people, scripts and devices. A key is shown once, when it is created." />
      {error ? <ProblemAlert problem={error} /> : null}
      {loading && !data ? <Loading label="Loading API keys…" /> : null}
      {data ? (
        <>
          {created ? <CreatedKeyPanel created={created} onDone={() => setCreated(undefined)} /> : null}
          <CreateKeyForm
            tenants={data.tenants}
            onCreated={(key) => {
              setCreated(key);
              reload();
            }}
          />
          <Card
            title="Keys"
            subtitle={`${data.keys.filter((k) => !k.revokedAt).length} active, ${data.keys.filter((k) => k.revokedAt).length} revoked`}
          >
            <div className="table-wrap">
              <table className="table" data-testid="key-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Key</th>
                    <th>Role</th>
                    <th>Tenant</th>
                    <th>Created</th>
                    <th>Last used</th>
                    <th>Status</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {data.keys.map((k) => (
                    <KeyRow
                      key={k.id}
                      apiKey={k}
                      tenant={tenantName(k.tenantId)}
                      isCurrent={k.id === me.keyId}
                      onRevoke={async () => {
                        await api.revokeKey(k.id);
                        reload();
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}

function KeyRow({
  apiKey: k,
  tenant,
  isCurrent,
  onRevoke,
}: {
  apiKey: ApiKeyInfo;
  tenant: string;
  isCurrent: boolean;
  onRevoke: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  async function revoke() {
    setBusy(true);
    setProblem(undefined);
    try {
      await onRevoke();
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  }

  return (
    <tr data-testid="key-row" data-key-id={k.id} className={k.revokedAt ? 'row-muted' : undefined}>
      <td className="strong">
        {k.name || <span className="muted">(unnamed)</span>}
        {isCurrent ? <span className="this-session">this session</span> : null}
      </td>
      <td className="mono">{k.keyPrefix}…</td>
      <td>
        <span className={`role role-${k.role}`}>{ROLE_LABEL[k.role] ?? k.role}</span>
      </td>
      <td className="muted">{tenant}</td>
      <td className="nowrap">{formatDateTime(k.createdAt)}</td>
      <td className="nowrap">{formatDateTime(k.lastUsedAt)}</td>
      <td data-testid="key-status">{k.revokedAt ? <Badge tone="red">Revoked</Badge> : <Badge tone="green">Active</Badge>}</td>
      <td className="actions">
        {k.revokedAt ? null : isCurrent ? (
          <span className="muted small" title="Sign in with another admin key to revoke this one">
            in use
          </span>
        ) : confirming ? (
          <span className="confirm">
            <button type="button" className="btn btn-danger btn-sm" onClick={revoke} disabled={busy} data-testid="confirm-revoke">
              {busy ? 'Revoking…' : 'Confirm'}
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="btn btn-outline-danger btn-sm"
            onClick={() => setConfirming(true)}
            data-testid="revoke"
          >
            Revoke
          </button>
        )}
        {problem ? <ProblemAlert problem={problem} /> : null}
      </td>
    </tr>
  );
}

function CreateKeyForm({ tenants, onCreated }: { tenants: Tenant[]; onCreated: (key: CreatedApiKey) => void }) {
  const { api } = useSession();
  const [role, setRole] = useState<Role>('analyst');
  const [tenantId, setTenantId] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const needsTenant = TENANT_BOUND_ROLES.includes(role);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await api.createKey({
        role,
        ...(tenantId ? { tenantId } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      setName('');
      onCreated(created);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Create a key" subtitle="The secret is shown once, right after it is created.">
      <form className="form" onSubmit={submit} data-testid="create-key-form">
        <div className="form-row">
          <label className="field">
            <span className="field-label">Name</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Monthly report script"
              maxLength={200}
              data-testid="key-name"
            />
          </label>
          <label className="field">
            <span className="field-label">Role</span>
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="key-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Tenant{needsTenant ? '' : ' (optional)'}</span>
            <select value={tenantId} onChange={(e) => setTenantId(e.target.value)} data-testid="key-tenant">
              <option value="">{needsTenant ? 'Choose a tenant…' : 'None: all tenants'}</option>
              {tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-key">
            {busy ? 'Creating…' : 'Create key'}
          </button>
        </div>
        <p className="field-hint">
          <strong>{ROLE_LABEL[role]}:</strong> {ROLE_HINT[role]}
          {needsTenant ? ` A ${ROLE_LABEL[role].toLowerCase()} key must belong to a tenant.` : ''}
        </p>
        {problem ? <ProblemAlert problem={problem} testId="create-key-error" /> : null}
      </form>
    </Card>
  );
}

function CreatedKeyPanel({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      // Clipboard access needs a secure context; the key stays selectable on screen.
      setCopied(false);
    }
  }

  return (
    <div className="created-key" role="status" data-testid="created-key">
      <div className="created-key-head">
        <Icon name="check" size={20} />
        <div>
          <p className="strong">
            {ROLE_LABEL[created.role]} key {created.name ? `“${created.name}” ` : ''}created
          </p>
          <p className="muted small">Copy it now: it is not stored and will never be shown again.</p>
        </div>
      </div>
      <div className="secret">
        <code data-testid="created-key-value">{created.key}</code>
        <button type="button" className="btn btn-ghost btn-sm" onClick={copy}>
          <Icon name="copy" size={14} />
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <button type="button" className="btn btn-ghost btn-sm" onClick={onDone}>
        I have saved it
      </button>
    </div>
  );
}
