import type { z } from "zod";
import { apiRoute, fieldName, ProblemResponse, statusOf } from "@/lib/api/api-route";
import { problem, problemDetails } from "@/lib/api/problem";
import { takeRateLimitToken } from "@/lib/api/rate-limit";
import { setting } from "@/lib/config/settings";
import { DomainError } from "@/lib/errors";
import { type PublishOutcome, publishEvents, receiptOf } from "@/lib/events/publish";
import { MAX_BATCH_BODY_BYTES, publishEventsInput } from "@/lib/events/schemas";

/**
 * A batch counts against the key's rate limit as one request per event, as if they had been
 * published one by one: batching saves round trips, not the limit, which bounds how much a key
 * can have delivered. The request itself took the first token; a batch larger than the burst
 * passes from a full bucket and leaves it in debt.
 */
function takeTokensForEvents(keyId: string, count: number): void {
  const token = takeRateLimitToken(keyId, Date.now(), count - 1, Math.min(count, setting("TERN_API_RATE_BURST")) - 1);
  if (token.allowed) return;
  const retryAfter = String(token.retryAfterSeconds);
  throw new ProblemResponse(
    problem(429, `A batch counts as one request per event: ${count} events are more than this API key has left; retry in ${retryAfter} s.`, {
      headers: { "retry-after": retryAfter },
    }),
  );
}

/** An event the schema refused: its result is a 422 naming each field as a path from the body's root. */
function invalidResult(index: number, issues: z.core.$ZodIssue[]) {
  const errors = issues.map((issue) => ({ field: fieldName(["events", index, ...issue.path]), message: issue.message }));
  return { index, ...problemDetails(422, `Event ${index} is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, errors) };
}

function resultOf(index: number, outcome: PublishOutcome) {
  if (outcome.ok) return { index, status: outcome.created ? 202 : 200, ...(outcome.created ? {} : { duplicate: true }), ...receiptOf(outcome.event) };
  const { code, message, field } = outcome.error;
  return { index, ...problemDetails(statusOf[code], message, field ? [{ field: `${fieldName(["events", index])}.${field}`, message }] : undefined) };
}

export const POST = apiRoute(
  { scope: "events:write", body: publishEventsInput, maxBodyBytes: MAX_BATCH_BODY_BYTES },
  async ({ caller, workspaceId, body, request }) => {
    if (request.headers.has("idempotency-key")) {
      throw new DomainError("invalid", "A batch takes no Idempotency-Key header: give each event its own idempotencyKey.", "idempotencyKey");
    }
    if (caller.kind === "api_key") takeTokensForEvents(caller.key.id, body.events.length);
    const parsed = body.events.flatMap((item, index) => (item.ok ? [{ index, input: item.input }] : []));
    const outcomes = await publishEvents(
      workspaceId,
      parsed.map(({ input }) => input),
    );
    const outcomeOf = new Map(parsed.map(({ index }, i) => [index, outcomes[i]!]));
    // 200 once the batch itself was read: each event's own status is in its result, in the order sent.
    return { data: body.events.map((item, index) => (item.ok ? resultOf(index, outcomeOf.get(index)!) : invalidResult(index, item.issues))) };
  },
);
