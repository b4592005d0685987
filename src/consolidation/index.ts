export { ORDER_CSV_COLUMNS, parseOrdersCsv } from './csv.js';
export { consolidate, DEFAULT_HOLD_WINDOW_MINUTES } from './group.js';
export * from './model.js';
export { addressKey, normalizePhone, normalizeText, offsetTimeMs, recipientKey } from './normalize.js';
export { listOrders, type OrderFilter, ordersForEngines, type StoredOrder, saveOrders } from './store.js';
