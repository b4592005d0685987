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
} from './store.js';
