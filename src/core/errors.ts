/** The small set of error codes every module uses; the server maps them to HTTP statuses. */
export const ErrorCode = {
  Validation: 'validation',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  NotAcceptable: 'not_acceptable',
  PayloadTooLarge: 'payload_too_large',
  RateLimited: 'rate_limited',
  Unprocessable: 'unprocessable',
  Unavailable: 'unavailable',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  not_acceptable: 406,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

const TITLES: Record<ErrorCode, string> = {
  validation: 'Invalid request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  not_acceptable: 'Not acceptable',
  payload_too_large: 'Payload too large',
  unprocessable: 'Unprocessable content',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

/** A problem found in one field or one line of an input file. */
export interface ErrorDetail {
  /** JSON pointer (`/legs/0/massKg`) or column name. */
  field?: string;
  /** 1-based line number in an imported file. */
  line?: number;
  message: string;
}

/** The one error type of Greenlink: a code, a human message and optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  get title(): string {
    return TITLES[this.code];
  }
}

export const httpStatusOf = (code: ErrorCode): number => HTTP_STATUS[code];
export const titleOf = (code: ErrorCode): string => TITLES[code];

export const notFound = (what: string, id: string): AppError => new AppError(ErrorCode.NotFound, `${what} ${id} not found`);

export const invalid = (message: string, details: ErrorDetail[] = []): AppError =>
  new AppError(ErrorCode.Validation, message, details);
