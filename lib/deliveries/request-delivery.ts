import type { DeliveryTarget } from "@/lib/events/fan-out";
import { sendEngineEvents } from "@/lib/engine/send-events";
import { ulid } from "@/lib/ids";

export const DELIVERY_REQUESTED = "tern/delivery.requested";
/** A delivery whose attempt must be made again later; starts its retry-delivery run. */
export const DELIVERY_RETRY_SCHEDULED = "tern/delivery.retry-scheduled";

export type DeliveryRequest = DeliveryTarget & { trigger: "scheduled" | "manual" };

/** Engine events that start the deliver function; scheduled ones are sent once per delivery. */
export function deliveryRequestEvents(targets: DeliveryTarget[], trigger: DeliveryRequest["trigger"]) {
  return targets.map((target) => ({
    id: trigger === "scheduled" ? `deliver-${target.deliveryId}` : `manual-${target.deliveryId}-${ulid()}`,
    name: DELIVERY_REQUESTED,
    data: { ...target, trigger } satisfies DeliveryRequest,
  }));
}

export async function requestDeliveries(targets: DeliveryTarget[], trigger: DeliveryRequest["trigger"]) {
  await sendEngineEvents(deliveryRequestEvents(targets, trigger));
}
