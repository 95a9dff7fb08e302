/** Why a request cannot be done, phrased for the person who made it. */
export type DomainErrorCode = "invalid" | "not_found" | "conflict" | "forbidden" | "too_large" | "rate_limited" | "unavailable";

/**
 * An expected refusal (bad input, missing row, missing right). The REST wrapper turns it
 * into problem+json and the action wrapper into a form error; anything else is a bug.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the error belongs to, for forms and 422 `errors`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
