import { expect } from 'vitest';
import { AppError, type ErrorDetail } from '../../src/core/index.js';

/** Runs `fn`, expects it to throw an AppError, and returns the error's details. */
export function detailsOf(fn: () => unknown): ErrorDetail[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).details;
  }
  throw new Error('expected an AppError');
}
