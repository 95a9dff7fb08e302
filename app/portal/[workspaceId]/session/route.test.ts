import { describe, expect, it } from "vitest";
import { createPortalSessionInput } from "@/lib/portal/schemas";
import { createPortalSession } from "@/lib/portal/sessions";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";
import { GET } from "./route";

const system = { type: "system", id: null } as const;

function ask(workspaceId: string, authorization?: string) {
  const headers = authorization ? { authorization } : undefined;
  return GET(new Request(`http://localhost/portal/${workspaceId}/session`, { headers }), { params: Promise.resolve({ workspaceId }) });
}

describe("the portal's session lookup", () => {
  it("names the tenant, read-only flag and back link of a live token of this workspace, and nothing for any other", async () => {
    const { workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    const tenant = await createTenant(workspace.id, { key: "acme", name: "Acme", metadata: {} }, system);
    const input = createPortalSessionInput.parse({ readOnly: true, returnUrl: "https://app.example.com/webhooks" });
    const { token } = await createPortalSession(workspace.id, "acme", input, system, "http://localhost");

    const response = await ask(workspace.id, `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({
      tenant: { id: tenant.id, key: "acme", name: "Acme" },
      readOnly: true,
      returnUrl: "https://app.example.com/webhooks",
    });

    for (const [workspaceId, authorization] of [
      [other.workspace.id, `Bearer ${token}`],
      [workspace.id, `Bearer ${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`],
      [workspace.id, undefined],
      [workspace.id, "Bearer tpt_short"],
    ] as const) {
      const refused = await ask(workspaceId, authorization);
      expect(refused.status).toBe(401);
      expect(JSON.stringify(await refused.json())).not.toContain("acme");
    }
  });
});
