export * from './model.js';
export { countSitesByKind, createSite, deleteSite, getSite, listSites, updateSite } from './store.js';
