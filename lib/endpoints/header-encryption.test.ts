// Endpoints saved before header values were encrypted: the start-up pass encrypts them once.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { endpoints } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { customHeaderValues, findEndpoint, getEndpoint } from "@/lib/endpoints/endpoints";
import { encryptPlaintextHeaders } from "@/lib/endpoints/header-encryption";
import { newId } from "@/lib/ids";
import { createOwnedWorkspace } from "@/test/fixtures";

describe("encrypting header values stored in clear", () => {
  it("moves them into headers_encrypted once, leaving no plaintext in the row", async () => {
    const { workspace } = await createOwnedWorkspace();
    const plaintext = { authorization: "Bearer from-before-encryption", "X-Tenant": "tenant-from-before" };
    const [legacy, current] = [newId("ep"), newId("ep")];
    await db.insert(endpoints).values([
      {
        id: legacy,
        workspaceId: workspace.id,
        url: "https://a.example/",
        eventTypes: ["*"],
        plaintextHeaders: plaintext,
        secretEncrypted: encryptSecret("whsec_x"),
      },
      { id: current, workspaceId: workspace.id, url: "https://b.example/", eventTypes: ["*"], secretEncrypted: encryptSecret("whsec_y") },
    ]);

    expect(await encryptPlaintextHeaders()).toBe(1);
    const [row] = await db.execute(sql`select to_jsonb(${endpoints}) as row from ${endpoints} where ${endpoints.id} = ${legacy}`);
    expect(JSON.stringify(row)).not.toContain("from-before");
    expect((await getEndpoint(workspace.id, legacy, "shown")).headers).toEqual(plaintext);
    expect((await getEndpoint(workspace.id, current, "shown")).headers).toEqual({});

    const [sealed] = await db.select({ headersEncrypted: endpoints.headersEncrypted }).from(endpoints).where(eq(endpoints.id, legacy));
    expect(await encryptPlaintextHeaders()).toBe(0);
    const [after] = await db.select({ headersEncrypted: endpoints.headersEncrypted }).from(endpoints).where(eq(endpoints.id, legacy));
    expect(after).toEqual(sealed);
  });

  it("sends a row's headers still stored in clear until the pass has run", async () => {
    const { workspace } = await createOwnedWorkspace();
    const id = newId("ep");
    await db.insert(endpoints).values({
      id,
      workspaceId: workspace.id,
      url: "https://c.example/",
      eventTypes: ["*"],
      plaintextHeaders: { authorization: "Bearer not-yet-encrypted" },
      secretEncrypted: encryptSecret("whsec_z"),
    });
    expect(customHeaderValues(await findEndpoint(workspace.id, id))).toEqual({ authorization: "Bearer not-yet-encrypted" });
  });
});
