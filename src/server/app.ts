import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { authRoutes } from '../auth/routes.js';
import { consolidationRoutes } from '../consolidation/routes.js';
import { AppError, ErrorCode, newId, sha256Hex } from '../core/index.js';
import { factorRoutes } from '../factors/routes.js';
import { footprintRoutes } from '../footprint/routes.js';
import { inventoryRoutes } from '../inventory/index.js';
import { networkRoutes } from '../network/routes.js';
import { packingRoutes } from '../packing/routes.js';
import { pointsRoutes, recyclingRoutes } from '../recycling/index.js';
import { epcisRoutes, reusableRoutes } from '../reusables/index.js';
import { routingRoutes } from '../routing/index.js';
import { solarRoutes } from '../solar/index.js';
import { waybillRoutes } from '../waybill/index.js';
import { registerAuth } from './auth.js';
import { healthRoutes } from './health.js';
import type { App, AppDeps, ModuleRoutes } from './http.js';
import { PROBLEM_CONTENT_TYPE, sendProblem, toProblem } from './problem.js';

/** Each module's routes, mounted under /v1. Later modules add themselves here. */
const MODULES: ModuleRoutes[] = [
  authRoutes,
  networkRoutes,
  factorRoutes,
  footprintRoutes,
  packingRoutes,
  consolidationRoutes,
  routingRoutes,
  waybillRoutes,
  reusableRoutes,
  recyclingRoutes,
  pointsRoutes,
  solarRoutes,
  inventoryRoutes,
];

export interface RouteInfo {
  method: string;
  url: string;
  roles?: readonly string[];
  public: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

export interface BuildAppOptions {
  /** Pino options or false; tests pass false. */
  logger?: FastifyServerOptions['logger'];
}

const here = dirname(fileURLToPath(import.meta.url));

/** Finds the built dashboard: dist/web next to dist/server, or next to src when run from sources. */
function defaultWebDir(): string | undefined {
  // From sources (src/server) the build is ../../dist/web; from the build (dist/server/server) it is ../../web.
  for (const candidate of [resolve(here, '../../dist/web'), resolve(here, '../../web')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: deps.config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => newId('req'),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The route table, so tests can prove every endpoint is covered (auth, tenancy).
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, roles: route.config?.roles, public: route.config?.public === true });
    }
  });

  // While shutting down, answer in-flight requests with `Connection: close` so keep-alive sockets end
  // with them and close() does not wait for idle timeouts.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  app.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err, request);
    if (problem.status >= 500) request.log.error({ err }, 'request failed');
    return sendProblem(reply, problem);
  });

  await app.register(rateLimit, {
    max: deps.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Per API key (hashed, never logged), falling back to the client address.
    keyGenerator: (request) => {
      const auth = request.headers.authorization;
      return auth ? `key:${sha256Hex(auth)}` : `ip:${request.ip}`;
    },
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    errorResponseBuilder: (_request, context) =>
      new AppError(ErrorCode.RateLimited, `rate limit of ${context.max} requests per ${context.after} exceeded`),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Greenlink API',
        version: '1',
        description: 'Full-link green logistics: footprints, packaging, waybills, routing, reusables, recycling, solar, targets.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Greenlink API key (glk_...)' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  registerAuth(app, deps);
  await app.register(healthRoutes, { deps });
  for (const routes of MODULES) await app.register(routes, { prefix: '/v1', deps });
  // The EPCIS 2.0 REST bindings have their own paths (GS1 clients expect /capture, /events ...).
  await app.register(epcisRoutes, { prefix: '/epcis', deps });

  const webDir = deps.config.webDir ?? defaultWebDir();
  if (webDir) await app.register(fastifyStatic, { root: resolve(webDir), prefix: '/', wildcard: false });

  app.setNotFoundHandler((request, reply) => {
    // The dashboard is a single-page app: unknown non-API GETs get its index.html.
    const isApi = request.url.startsWith('/v1') || request.url.startsWith('/epcis');
    if (webDir && request.method === 'GET' && !isApi && request.headers.accept?.includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(
      reply,
      toProblem(new AppError(ErrorCode.NotFound, `no route for ${request.method} ${request.url}`), request),
    );
  });

  return app;
}

export { PROBLEM_CONTENT_TYPE };
