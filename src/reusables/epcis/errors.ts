import { AppError, type ErrorCode, type ErrorDetail } from '../../core/index.js';

/** The exception names of the EPCIS 2.0 REST bindings (problem `type` is `epcisException:<name>`). */
export type EpcisExceptionName =
  | 'ValidationException'
  | 'QueryParameterException'
  | 'CaptureLimitExceededException'
  | 'NoSuchResourceException'
  | 'ResourceAlreadyExistsException'
  | 'NotAcceptableException'
  | 'UnsupportedMediaTypeException'
  | 'SecurityException'
  | 'ImplementationException';

/** An error that names its EPCIS exception type; otherwise an AppError like any other. */
export class EpcisException extends AppError {
  readonly exception: EpcisExceptionName;

  constructor(exception: EpcisExceptionName, code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(code, message, details);
    this.exception = exception;
  }
}

export const queryParameterError = (param: string, message: string): EpcisException =>
  new EpcisException('QueryParameterException', 'validation', `${param}: ${message}`, [{ field: param, message }]);

/** The EPCIS exception for an HTTP status, when the error did not name one. */
export function exceptionForStatus(status: number): EpcisExceptionName {
  switch (status) {
    case 400:
    case 422:
      return 'ValidationException';
    case 401:
    case 403:
      return 'SecurityException';
    case 404:
      return 'NoSuchResourceException';
    case 406:
      return 'NotAcceptableException';
    case 409:
      return 'ResourceAlreadyExistsException';
    case 413:
      return 'CaptureLimitExceededException';
    case 415:
      return 'UnsupportedMediaTypeException';
    default:
      return 'ImplementationException';
  }
}
