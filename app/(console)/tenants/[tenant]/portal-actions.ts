"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { setting } from "@/lib/config/settings";
import { DomainError } from "@/lib/errors";
import { createPortalSession, revokePortalSessions } from "@/lib/portal/sessions";
import { tenantRef } from "@/lib/tenants/schemas";

// An admin looking at a tenant's portal gets an hour; a link that outlives the look is a link to leak.
const LOOK_SECONDS = 3600;

/** Where Tern is reached: AUTH_URL when set, else the origin the console was opened on. */
async function ternOrigin(): Promise<string> {
  const configured = setting("AUTH_URL");
  if (configured) return configured;
  const origin = (await headers()).get("origin");
  if (!origin) throw new DomainError("invalid", "Could not tell where Tern is reached from this request; set AUTH_URL.");
  return origin;
}

export const openPortalAsTenantAction = workspaceAction(
  {
    role: "admin",
    // Read-only unless the box is ticked: an unticked checkbox sends nothing.
    schema: z.object({ tenantId: tenantRef, fullAccess: z.literal("on").optional() }),
  },
  async ({ tenantId, fullAccess }, ctx) => {
    const input = { expiresInSeconds: LOOK_SECONDS, readOnly: fullAccess !== "on" };
    const session = await createPortalSession(ctx.workspaceId, tenantId, input, ctx.actor, await ternOrigin());
    return { url: session.url, readOnly: input.readOnly };
  },
);

export const revokePortalSessionsAction = workspaceAction({ role: "admin", schema: z.object({ tenantId: tenantRef }) }, async ({ tenantId }, ctx) =>
  revokePortalSessions(ctx.workspaceId, tenantId, ctx.actor),
);
