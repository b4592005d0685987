import { Type } from 'typebox';
import { AppError, ErrorCode } from '../core/index.js';
import { ping } from '../db/index.js';
import type { ModuleRoutes } from './http.js';
import { sendProblem, toProblem } from './problem.js';

const Health = Type.Object({ status: Type.String() });

export const healthRoutes: ModuleRoutes = async (app, { deps }) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'The process is up', security: [], response: { 200: Health } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'The database is reachable', security: [], response: { 200: Health } },
    },
    async (request, reply) => {
      try {
        await ping(deps.db);
        return { status: 'ready' };
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
        return sendProblem(reply, toProblem(new AppError(ErrorCode.Unavailable, 'database is not reachable'), request));
      }
    },
  );
};
