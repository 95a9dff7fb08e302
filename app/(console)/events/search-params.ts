import { eventListQuery } from "@/lib/events/schemas";

export const eventsSearch = eventListQuery.pick({ type: true, tenant: true, cursor: true });
