// The audit log page's loader: admins and owners read it, a viewer is refused on the server; a
// target that still exists links to its page, a deleted one does not.
import { describe, expect, it } from "vitest";
import { createEndpoint, deleteEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";
import { loadAuditLogPage } from "./queries";
import { auditLogSearch } from "./search-params";

describe("the audit log page", () => {
  it("is refused to a viewer, and shows an admin who did what with links to what still exists", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const admin = await addTestMember(workspace.id, "admin");
    const asOwner = { type: "user", id: owner.id } as const;
    const kept = await createEndpoint(workspace.id, createEndpointInput.parse({ url: "https://example.com/kept", eventTypes: ["*"] }), asOwner);
    const gone = await createEndpoint(workspace.id, createEndpointInput.parse({ url: "https://example.com/gone", eventTypes: ["*"] }), asOwner);
    await deleteEndpoint(workspace.id, gone.id, asOwner);
    const search = auditLogSearch.parse({});

    await expect(loadAuditLogPage({ workspaceId: workspace.id, role: "viewer" }, search)).rejects.toMatchObject({ code: "forbidden" });

    const { rows, actors } = await loadAuditLogPage({ workspaceId: workspace.id, role: "admin" }, search);
    expect(rows.map((row) => [row.action, row.actor.name, row.targetHref])).toEqual([
      ["endpoint.deleted", owner.email, undefined],
      ["endpoint.created", owner.email, undefined],
      ["endpoint.created", owner.email, `/endpoints/${kept.id}`],
    ]);
    expect(actors.map((actor) => actor.label).sort()).toEqual([admin.email, owner.email].sort());

    const filtered = await loadAuditLogPage({ workspaceId: workspace.id, role: "owner" }, auditLogSearch.parse({ action: "endpoint.deleted", range: "1h" }));
    expect(filtered.rows.map((row) => row.target.id)).toEqual([gone.id]);
  });
});
