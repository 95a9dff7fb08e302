import { z } from "zod";
import { pageQuery } from "@/lib/api/pagination";
import { endpointTagFilter } from "@/lib/endpoints/schemas";
import { tenantRef } from "@/lib/tenants/schemas";

export const endpointsSearch = z.object({
  tenant: tenantRef.optional(),
  health: z.literal("failing").optional(),
  tag: endpointTagFilter.optional(),
  cursor: pageQuery.cursor,
});

/** Set by the redirect after creating an endpoint. */
export const endpointSearch = z.object({ created: z.literal("1").optional() });

/** A tenant's page links to the new endpoint form with the tenant filled in. */
export const newEndpointSearch = z.object({ tenant: tenantRef.optional() });
