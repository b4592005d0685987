/** The roles an API key can have. */
export const ROLES = ['admin', 'analyst', 'merchant', 'station', 'courier'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * Who is asking, passed to every store query. `tenantId: null` means the caller may see every
 * tenant (an admin or analyst key not bound to a tenant); otherwise queries filter on it.
 */
export interface Scope {
  role: Role;
  tenantId: string | null;
  keyId: string;
}

/** A scope for internal jobs (demo loader, migrations, CLI run by the operator). */
export const SYSTEM_SCOPE: Scope = { role: 'admin', tenantId: null, keyId: 'system' };

/** True when the scope may touch records owned by `tenantId`. */
export const canAccessTenant = (scope: Scope, tenantId: string): boolean =>
  scope.tenantId === null || scope.tenantId === tenantId;
