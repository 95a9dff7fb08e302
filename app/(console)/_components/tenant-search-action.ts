"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { tenantListQuery } from "@/lib/tenants/schemas";
import { listTenants } from "@/lib/tenants/tenants";

/** What the tenant picker offers as you type: the ten newest tenants whose key or name starts with it. */
export const searchTenantsAction = workspaceAction(
  { role: "viewer", schema: z.strictObject({ search: tenantListQuery.shape.search }) },
  async ({ search }, ctx) => {
    const page = await listTenants(ctx.workspaceId, { limit: 10, search });
    return page.data.map(({ id, key, name }) => ({ id, key, name }));
  },
);
