// Domain errors: what went wrong, in the service's terms. src/http/problem.ts maps each
// code to one HTTP status (one table, one place).

/** Failures of the database itself (unreachable, disk full), told apart by src/db/errors.ts. */
export { isDatabaseUnavailable, isDiskFull } from '../db/errors.js';

export type DomainErrorCode =
  | 'INVALID_INPUT'
  /** Well-formed, but refused for what it names (a webhook URL to an internal address). */
  | 'NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_REQUIRED'
  | 'PRECONDITION_FAILED'
  | 'IDEMPOTENCY_KEY_IN_USE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN';

export interface FieldProblem {
  /** `body.events[2].date`, `query.cursor`, `header.if-match`, `path.id`. */
  name: string;
  reason: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string): DomainError =>
  new DomainError('NOT_FOUND', `${what} not found`);

export const notAllowed = (field: FieldProblem): DomainError =>
  new DomainError('NOT_ALLOWED', `${field.name}: ${field.reason}`, [field]);

export const invalidInput = (fields: FieldProblem[]): DomainError =>
  new DomainError(
    'INVALID_INPUT',
    fields.length === 1
      ? `${fields[0]!.name}: ${fields[0]!.reason}`
      : `${fields.length} fields are invalid`,
    fields,
  );
