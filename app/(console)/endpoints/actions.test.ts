// Creating a tenant's endpoint through the console's form action: the session is faked (who is
// asking); the tenant lookup, the limits and the write run against the real database.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { endpoints } from "@/db/schema";
import type { RequestActor } from "@/lib/auth/session";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createEndpointAction } = await import("./actions");

const system = { type: "system", id: null } as const;

/** The endpoint form as the browser sends it; the tenant picker adds `tenant` only when one is chosen. */
function endpointForm(fields: Record<string, string> = {}) {
  const form = new FormData();
  const values = {
    url: "https://93.184.215.14/hooks",
    description: "",
    eventTypes: "*",
    headers: "{}",
    timeoutMs: "15000",
    rateLimit: "",
    metadata: "",
    ...fields,
  };
  for (const [name, value] of Object.entries(values)) form.set(name, value);
  return form;
}

const endpointsOf = (workspaceId: string) =>
  db.select({ id: endpoints.id, tenantId: endpoints.tenantId }).from(endpoints).where(eq(endpoints.workspaceId, workspaceId));

describe("creating an endpoint for a tenant from the console", () => {
  let mine: Awaited<ReturnType<typeof createOwnedWorkspace>>;
  let theirs: Awaited<ReturnType<typeof createOwnedWorkspace>>;

  beforeEach(async () => {
    mine = await createOwnedWorkspace("Mine");
    theirs = await createOwnedWorkspace("Theirs");
    requester.userId = mine.owner.id;
    requester.workspaceId = mine.workspace.id;
  });

  it("gives the endpoint the tenant chosen", async () => {
    const tenant = await createTenant(mine.workspace.id, { key: "cus_a", metadata: {} }, system);
    await expect(createEndpointAction(null, endpointForm({ tenant: tenant.id }))).rejects.toMatchObject({
      digest: expect.stringMatching(/\/endpoints\/ep_[0-9a-z]+\?created=1/),
    });
    expect(await endpointsOf(mine.workspace.id)).toEqual([{ id: expect.stringMatching(/^ep_/), tenantId: tenant.id }]);
  });

  it("makes the workspace's own endpoint when no tenant is chosen", async () => {
    await expect(createEndpointAction(null, endpointForm({ tenant: "" }))).rejects.toMatchObject({ digest: expect.stringContaining("/endpoints/ep_") });
    expect(await endpointsOf(mine.workspace.id)).toEqual([{ id: expect.stringMatching(/^ep_/), tenantId: null }]);
  });

  it("refuses, on the tenant field, a tenant of another workspace, by id or by key", async () => {
    const foreign = await createTenant(theirs.workspace.id, { key: "cus_theirs", metadata: {} }, system);
    for (const tenant of [foreign.id, foreign.key]) {
      const result = await createEndpointAction(null, endpointForm({ tenant }));
      expect(result).toMatchObject({
        ok: false,
        fieldErrors: { tenant: [`No tenant with the id or key "${tenant}" in this workspace.`] },
        values: { tenant, url: "https://93.184.215.14/hooks" },
      });
    }
    expect(await endpointsOf(mine.workspace.id)).toEqual([]);
    expect(await endpointsOf(theirs.workspace.id)).toEqual([]);
  });

  it("refuses a tenant reference no tenant can have before looking it up", async () => {
    const result = await createEndpointAction(null, endpointForm({ tenant: "not a key" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { tenant: [expect.stringContaining("Name a tenant by its id")] } });
    expect(await endpointsOf(mine.workspace.id)).toEqual([]);
  });
});
