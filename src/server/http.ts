import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import { AppError, type Config, ErrorCode, type KeyRing, type Role, type Scope } from '../core/index.js';
import type { Db } from '../db/index.js';

/** What every module's routes get: storage, configuration and the personal-data key ring. */
export interface AppDeps {
  db: Db;
  config: Config;
  keyRing: KeyRing;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A module's HTTP endpoints: a Fastify plugin registered under `/v1`. */
export type ModuleRoutes = FastifyPluginAsyncTypebox<{ deps: AppDeps }>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on the route; absent means any authenticated key. */
    roles?: readonly Role[];
    /** True for routes that need no API key. */
    public?: boolean;
  }
  interface FastifyRequest {
    scope?: Scope;
  }
}

/** The caller's scope; routes under /v1 always have one (the auth hook ran). */
export function scopeOf(request: FastifyRequest): Scope {
  if (!request.scope) throw new AppError(ErrorCode.Unauthenticated, 'API key required');
  return request.scope;
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ field: Type.Optional(Type.String()), line: Type.Optional(Type.Integer()), message: Type.String() }),
      ),
    ),
    requestId: Type.Optional(Type.String()),
  },
  { description: 'RFC 9457 problem details' },
);

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'page size, default 50' })),
  cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
});
export type PageQuery = Static<typeof PageQuery>;

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** Standard error responses to document on every route. */
export const errorResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
} as const;
