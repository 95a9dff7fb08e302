import { and, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { db, isUniqueViolation } from "@/db";
import { eventTypes, events, workspaces, type Event } from "@/db/schema";
import { sendEngineEvents } from "@/lib/engine/send-events";
import { requestDeliveries } from "@/lib/deliveries/request-delivery";
import { engineMode } from "@/lib/engine/config";
import { DomainError } from "@/lib/errors";
import { createDeliveriesInline } from "@/lib/events/fan-out";
import { MAX_EVENT_DATA_BYTES, type PublishEventInput } from "@/lib/events/schemas";
import { newId } from "@/lib/ids";

export const EVENT_PUBLISHED = "tern/event.published";
const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

function fanOutEvent(event: Pick<Event, "id" | "workspaceId">) {
  // The id makes the engine start one fan-out per event however often this is sent.
  return { id: `fan-out-${event.id}`, name: EVENT_PUBLISHED, data: { eventId: event.id, workspaceId: event.workspaceId } };
}

async function assertKnownType(workspaceId: string, type: string) {
  const [workspace] = await db.select({ strict: workspaces.strictEventTypes }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!workspace?.strict) return;
  const [known] = await db
    .select({ id: eventTypes.id })
    .from(eventTypes)
    .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, type)));
  if (!known) throw new DomainError("invalid", `"${type}" is not in this workspace's event type catalog (strict mode is on).`, "type");
}

async function findLiveDuplicate(workspaceId: string, idempotencyKey: string) {
  const [existing] = await db
    .select()
    .from(events)
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        eq(events.idempotencyKey, idempotencyKey),
        gt(events.createdAt, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS)),
      ),
    );
  return existing;
}

/** Hands a stored event to the engine for fan-out, unless that already happened. */
async function dispatch(event: Event): Promise<Event> {
  if (event.dispatchedAt) return event;
  await sendEngineEvents([fanOutEvent(event)]);
  const [dispatched] = await db
    .update(events)
    .set({ dispatchedAt: new Date() })
    .where(and(eq(events.id, event.id), isNull(events.dispatchedAt)))
    .returning();
  return dispatched ?? event;
}

/**
 * Publishes an event: validates it, honours the idempotency key (a repeat within 24 hours
 * returns the original event and creates no deliveries), stores it and starts its fan-out.
 */
export async function publishEvent(
  workspaceId: string,
  input: PublishEventInput,
  /** Tern's own operational events skip the strict catalog check. */
  options: { operational?: boolean } = {},
): Promise<{ event: Event; created: boolean }> {
  const size = Buffer.byteLength(JSON.stringify(input.data));
  if (size > MAX_EVENT_DATA_BYTES) {
    throw new DomainError("too_large", `data is ${size} bytes serialized; the limit is ${MAX_EVENT_DATA_BYTES}.`, "data");
  }
  if (!options.operational) await assertKnownType(workspaceId, input.type);

  if (input.idempotencyKey) {
    const existing = await findLiveDuplicate(workspaceId, input.idempotencyKey);
    if (existing) return { event: await dispatch(existing), created: false };
  }

  const embedded = engineMode() === "embedded";
  try {
    const event = await db.transaction(async (tx) => {
      if (input.idempotencyKey) {
        // An expired key may be used again: release it from the old event.
        await tx
          .update(events)
          .set({ idempotencyKey: null })
          .where(
            and(
              eq(events.workspaceId, workspaceId),
              eq(events.idempotencyKey, input.idempotencyKey),
              lte(events.createdAt, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS)),
            ),
          );
      }
      const [stored] = await tx
        .insert(events)
        .values({
          id: newId("evt"),
          workspaceId,
          type: input.type,
          data: input.data,
          occurredAt: input.occurredAt ? new Date(input.occurredAt) : sql`now()`,
          idempotencyKey: input.idempotencyKey ?? null,
          dispatchedAt: embedded ? sql`now()` : null,
        })
        .returning();
      // Embedded, the event commits together with its deliveries and their delivery requests;
      // only a wide fan-out is left to the fan-out function, which creates them in batches.
      if (embedded) {
        const targets = await createDeliveriesInline(tx, stored!);
        if (targets) await requestDeliveries(targets, "scheduled", tx);
        else await sendEngineEvents([fanOutEvent(stored!)], tx);
      }
      return stored!;
    });
    return { event: embedded ? event : await dispatch(event), created: true };
  } catch (error) {
    // Two publishes with one key at the same moment: the loser returns the winner's event.
    if (input.idempotencyKey && isUniqueViolation(error)) {
      const existing = await findLiveDuplicate(workspaceId, input.idempotencyKey);
      if (existing) return { event: await dispatch(existing), created: false };
    }
    throw error;
  }
}
