import { apiRoute } from "@/lib/api/api-route";
import { DomainError } from "@/lib/errors";
import { publishEvent, receiptOf } from "@/lib/events/publish";
import { listEvents } from "@/lib/events/queries";
import { eventListQuery, MAX_EVENT_DATA_BYTES, publishEventInput } from "@/lib/events/schemas";

export const POST = apiRoute(
  // Room for the envelope around data; data itself is held to 256 KiB by publishEvent (413).
  { scope: "events:write", body: publishEventInput, maxBodyBytes: MAX_EVENT_DATA_BYTES + 16 * 1024 },
  async ({ workspaceId, body, request }) => {
    const header = request.headers.get("idempotency-key") ?? undefined;
    if (header && body.idempotencyKey && header !== body.idempotencyKey) {
      throw new DomainError("invalid", "The Idempotency-Key header and idempotencyKey in the body differ.", "idempotencyKey");
    }
    if (header !== undefined && (header.length === 0 || header.length > 255)) {
      throw new DomainError("invalid", "The Idempotency-Key header must be 1 to 255 characters.", "idempotencyKey");
    }
    const { event } = await publishEvent(workspaceId, { ...body, idempotencyKey: body.idempotencyKey ?? header });
    return Response.json(receiptOf(event), { status: 202 });
  },
);

export const GET = apiRoute({ scope: "deliveries:read", portal: "read", query: eventListQuery }, ({ workspaceId, query }) => listEvents(workspaceId, query));
