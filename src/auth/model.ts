import type { Role } from '../core/index.js';

export const TENANT_KINDS = ['operator', 'merchant', 'brand', 'station_operator'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

export interface Tenant {
  id: string;
  name: string;
  kind: TenantKind;
  createdAt: string;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  tenantId: string | null;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Returned once, when a key is created: the secret is never stored or shown again. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}

/** Roles that must be bound to a tenant: they act for one merchant, brand or station operator. */
export const TENANT_BOUND_ROLES: readonly Role[] = ['merchant', 'station'];
