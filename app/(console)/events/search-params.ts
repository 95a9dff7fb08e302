import { z } from "zod";
import { pageQuery } from "@/lib/api/pagination";
import { eventTypeName } from "@/lib/event-types/schemas";
import { tenantRef } from "@/lib/tenants/schemas";

export const eventsSearch = z.object({ type: eventTypeName.optional(), tenant: tenantRef.optional(), cursor: pageQuery.cursor });
