/**
 * What the testing kit throws: a message that says what went wrong and what to change.
 * `code` is Clerk's error code when Clerk (or the emulator) answered with one.
 */
export class TestingError extends Error {
  /** Clerk's error code (`form_password_incorrect`, …) when there was one. */
  readonly code: string | undefined

  constructor(message: string, code?: string) {
    super(message)
    // The name the README documents and `instanceof` checks use.
    this.name = 'TestingError'
    this.code = code
  }
}
