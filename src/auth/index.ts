export * from './model.js';
export {
  authenticate,
  countTenants,
  createApiKey,
  createTenant,
  ensureAdminKey,
  getTenant,
  listApiKeys,
  listTenants,
  revokeApiKey,
  touchApiKey,
  writeTenant,
} from './store.js';
