// Creating endpoints against the real database: the per-workspace limit under concurrent
// creations, how the console's form action reports the limit and a refused host, and the host
// checked again when the URL changes.
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { endpoints } from "@/db/schema";
import type { RequestActor } from "@/lib/auth/session";
import { createEndpoint, updateEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { DomainError } from "@/lib/errors";
import { createOwnedWorkspace } from "@/test/fixtures";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createEndpointAction } = await import("@/app/(console)/endpoints/actions");

afterEach(() => {
  delete process.env.TERN_MAX_ENDPOINTS_PER_WORKSPACE;
  delete process.env.TERN_ALLOW_PRIVATE_NETWORKS;
});

const system = { type: "system", id: null } as const;
const input = (path: string) => createEndpointInput.parse({ url: `https://93.184.215.14/${path}`, eventTypes: ["*"] });
const countIn = (workspaceId: string) => db.$count(endpoints, eq(endpoints.workspaceId, workspaceId));

describe("the endpoint limit", () => {
  it("holds under concurrent creations: exactly the room left is filled", async () => {
    process.env.TERN_MAX_ENDPOINTS_PER_WORKSPACE = "3";
    const { workspace } = await createOwnedWorkspace();
    await createEndpoint(workspace.id, input("a"), system);
    await createEndpoint(workspace.id, input("b"), system);

    // Open the pool's connections first, so the creations below truly run side by side.
    await Promise.all(Array.from({ length: 8 }, () => db.execute(sql`select pg_sleep(0.05)`)));
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createEndpoint(workspace.id, input(`race-${i}`), system)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected")) {
      expect(result.reason).toBeInstanceOf(DomainError);
      expect(result.reason).toMatchObject({ code: "conflict" });
    }
    expect(await countIn(workspace.id)).toBe(3);
  });

  it("counts each workspace on its own", async () => {
    process.env.TERN_MAX_ENDPOINTS_PER_WORKSPACE = "1";
    const a = await createOwnedWorkspace();
    const b = await createOwnedWorkspace();
    await createEndpoint(a.workspace.id, input("a"), system);
    await expect(createEndpoint(a.workspace.id, input("a2"), system)).rejects.toThrow(
      "This workspace already has 1 endpoint of its own, the most it can have. Delete endpoints it no longer needs, or ask the operator to raise TERN_MAX_ENDPOINTS_PER_WORKSPACE.",
    );
    await createEndpoint(b.workspace.id, input("b"), system);
    expect([await countIn(a.workspace.id), await countIn(b.workspace.id)]).toEqual([1, 1]);
  });
});

describe("the console's create form", () => {
  const form = (url: string) => ({ name: "", url, description: "", tags: "", eventTypes: "*", headers: "{}", timeoutMs: "15000", rateLimit: "", metadata: "" });

  it("shows the limit as the form's error, keeping what was typed", async () => {
    process.env.TERN_MAX_ENDPOINTS_PER_WORKSPACE = "1";
    const { owner, workspace } = await createOwnedWorkspace();
    await createEndpoint(workspace.id, input("only"), system);
    Object.assign(requester, { userId: owner.id, workspaceId: workspace.id });

    const result = await createEndpointAction(null, form("https://93.184.215.14/second"));
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^This workspace already has 1 endpoint of its own, the most it can have\./),
      values: { url: "https://93.184.215.14/second" },
    });
    expect(await countIn(workspace.id)).toBe(1);
  });

  it("shows a host that resolves only to blocked addresses under the URL field", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    Object.assign(requester, { userId: owner.id, workspaceId: workspace.id });

    const result = await createEndpointAction(null, form("https://localhost/hook"));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        url: [
          expect.stringMatching(
            /^localhost resolves to (127\.0\.0\.1|::1), a loopback address; webhooks can only go to public addresses\. While developing, start Tern with TERN_ALLOW_PRIVATE_NETWORKS=1 /,
          ),
        ],
      },
    });
    expect(await countIn(workspace.id)).toBe(0);
  });
});

describe("the host check", () => {
  it("runs again when the URL changes", async () => {
    const { workspace } = await createOwnedWorkspace();
    const endpoint = await createEndpoint(workspace.id, input("moving"), system);

    await expect(updateEndpoint(workspace.id, endpoint.id, { url: "https://localhost:8443/hook" }, system)).rejects.toMatchObject({
      code: "invalid",
      field: "url",
      message: expect.stringContaining("TERN_ALLOW_PRIVATE_NETWORKS=1"),
    });
    const [row] = await db.select({ url: endpoints.url }).from(endpoints).where(eq(endpoints.id, endpoint.id));
    expect(row?.url).toBe(endpoint.url);
  });

  it("allows local receivers when the operator allows private networks, as in development", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    const { workspace } = await createOwnedWorkspace();
    const endpoint = await createEndpoint(workspace.id, createEndpointInput.parse({ url: "http://localhost:4000/hook", eventTypes: ["*"] }), system);
    expect(endpoint.url).toBe("http://localhost:4000/hook");
  });
});
