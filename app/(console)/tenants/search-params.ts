import { z } from "zod";
import { pageQuery } from "@/lib/api/pagination";
import { tenantKey, tenantListQuery } from "@/lib/tenants/schemas";

export const tenantsSearch = z.object({
  search: tenantListQuery.shape.search,
  cursor: pageQuery.cursor,
  /** Set by the redirect after deleting a tenant, for its confirmation. */
  deleted: tenantKey.optional(),
});

/** Set by the redirect after creating a tenant. */
export const tenantSearch = z.object({ created: z.literal("1").optional() });
