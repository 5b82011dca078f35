/**
 * A failure at start-up that the operator can fix: printed as one line saying what went
 * wrong and what to do, never as a stack trace.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    /** What the operator should do about it. */
    readonly remedy: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }

  /** The single line shown on stderr. */
  toLine(): string {
    return `orderly: ${this.message}. ${this.remedy}.`;
  }
}
