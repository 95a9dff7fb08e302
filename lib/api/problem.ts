import { STATUS_CODES } from "node:http";

export type ProblemFieldError = { field: string; message: string };

/** An RFC 9457 problem's fields, for a response or for one of many results (a batch's). `type` stays about:blank: the status says what kind it is. */
export function problemDetails(status: number, detail: string, errors?: ProblemFieldError[]) {
  return { type: "about:blank", title: STATUS_CODES[status] ?? "Error", status, detail, ...(errors ? { errors } : {}) };
}

/** An RFC 9457 problem+json response. */
export function problem(status: number, detail: string, extra: { errors?: ProblemFieldError[]; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(problemDetails(status, detail, extra.errors)), {
    status,
    headers: { "content-type": "application/problem+json", ...extra.headers },
  });
}
