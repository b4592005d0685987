import { authenticate, touchApiKey } from '../auth/index.js';
import { AppError, ErrorCode } from '../core/index.js';
import type { App, AppDeps } from './http.js';

const PROTECTED_PREFIXES = ['/v1/', '/epcis'];

const TOUCH_INTERVAL_MS = 60_000;

/** Bearer API keys on every /v1 and /epcis route, and role checks from each route's `config.roles`. */
export function registerAuth(app: App, deps: AppDeps): void {
  const lastTouchMs = new Map<string, number>();
  app.addHook('onRequest', async (request) => {
    const routeUrl = request.routeOptions.url;
    if (!routeUrl || request.routeOptions.config.public) return;
    if (!PROTECTED_PREFIXES.some((p) => routeUrl.startsWith(p))) return;

    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1]) throw new AppError(ErrorCode.Unauthenticated, 'send your API key as "Authorization: Bearer <key>"');
    request.scope = await authenticate(deps.db, match[1]);

    const roles = request.routeOptions.config.roles;
    if (roles && !roles.includes(request.scope.role)) {
      throw new AppError(ErrorCode.Forbidden, `this endpoint needs one of the roles: ${roles.join(', ')}`);
    }
    // Fire and forget: a failed touch must not fail the request. A key's last use is recorded at most
    // once a minute per process, so busy clients do not pay an UPDATE per request.
    const now = Date.now();
    const keyId = request.scope.keyId;
    if (now - (lastTouchMs.get(keyId) ?? 0) >= TOUCH_INTERVAL_MS) {
      lastTouchMs.set(keyId, now);
      touchApiKey(deps.db, keyId).catch((err) => request.log.warn({ err }, 'could not record key use'));
    }
  });
}
