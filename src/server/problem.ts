import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail, httpStatusOf, titleOf } from '../core/index.js';

/** RFC 9457 problem details, with our code and field-level errors as extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  errors?: ErrorDetail[];
  requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const typeUri = (code: ErrorCode): string => `urn:greenlink:problem:${code}`;

interface AjvError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

// Turns Ajv's errors into field pointers: `/legs/0/massKg`, including missing and unknown properties.
function validationDetails(error: FastifyError & { validation?: AjvError[]; validationContext?: string }): ErrorDetail[] {
  return (error.validation ?? []).map((v) => {
    let field = v.instancePath ?? '';
    if (v.params?.missingProperty) field += `/${v.params.missingProperty}`;
    if (v.params?.additionalProperty) field += `/${v.params.additionalProperty}`;
    const where = error.validationContext ?? 'body';
    const message = v.keyword === 'additionalProperties' ? 'is not an allowed property' : (v.message ?? 'is invalid');
    return { field: `${where}${field || ''}`, message };
  });
}

/** Maps anything thrown in a request to a problem. Unknown errors become 500 without leaking internals. */
export function toProblem(err: unknown, request?: FastifyRequest): Problem {
  const base = { instance: request?.url, requestId: request?.id };
  if (err instanceof AppError) {
    return {
      type: typeUri(err.code),
      title: err.title,
      status: err.status,
      detail: err.message,
      code: err.code,
      ...(err.details.length ? { errors: err.details } : {}),
      ...base,
    };
  }
  const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe?.validation) {
    const errors = validationDetails(fe);
    const first = errors[0];
    return problemFor('validation', first ? `${first.field} ${first.message}` : 'request is invalid', base, errors);
  }
  switch (fe?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemFor('validation', `request body is not valid JSON: ${fe.message}`, base, [
        { field: 'body', message: 'malformed JSON' },
      ]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemFor('payload_too_large', 'request body is larger than the configured limit', base);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { ...problemFor('validation', fe.message, base), status: 415, title: 'Unsupported media type' };
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 429) return problemFor('rate_limited', fe.message || 'rate limit exceeded', base);
  if (status >= 400 && status < 500) {
    return { ...problemFor('validation', fe.message, base), status, title: 'Bad request' };
  }
  return problemFor('internal', 'an unexpected error occurred; it has been logged with the request id', base);
}

function problemFor(
  code: ErrorCode,
  detail: string,
  base: { instance?: string; requestId?: string },
  errors?: ErrorDetail[],
): Problem {
  return {
    type: typeUri(code),
    title: titleOf(code),
    status: httpStatusOf(code),
    detail,
    code,
    ...(errors ? { errors } : {}),
    ...base,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}
