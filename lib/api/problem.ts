import { STATUS_CODES } from "node:http";

export type ProblemFieldError = { field: string; message: string };

/** An RFC 9457 problem+json response. `type` stays about:blank: the status says what kind it is. */
export function problem(status: number, detail: string, extra: { errors?: ProblemFieldError[]; headers?: Record<string, string> } = {}): Response {
  return new Response(
    JSON.stringify({
      type: "about:blank",
      title: STATUS_CODES[status] ?? "Error",
      status,
      detail,
      ...(extra.errors ? { errors: extra.errors } : {}),
    }),
    { status, headers: { "content-type": "application/problem+json", ...extra.headers } },
  );
}
