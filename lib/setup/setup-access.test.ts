// Setup before the owner exists: open from this machine, and from elsewhere only with the token.
import { describe, expect, it } from "vitest";
import { createFirstOwner } from "@/lib/setup/setup";
import { maySetUp, setupLink, setupToken } from "@/lib/setup/setup-token";
import { countUsers } from "@/lib/users/users";
import { uniqueEmail } from "@/test/fixtures";

const owner = () => ({ email: uniqueEmail("owner"), name: "First Owner", password: "a long enough password", workspaceName: "Acme" });
const elsewhere = (token?: string) => ({ fromThisMachine: false, token });

describe("first setup", () => {
  it("refuses someone elsewhere without the printed token, or with a wrong one", async () => {
    for (const token of [undefined, "", "not-the-token", "x".repeat(43)]) {
      await expect(createFirstOwner(owner(), elsewhere(token))).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await countUsers()).toBe(0);
  });

  it("opens from this machine without a token, and from elsewhere with the one in the printed link", () => {
    expect(maySetUp({ fromThisMachine: true })).toBe(true);
    const link = new URL(setupLink("https://tern.example.com/"));
    expect(link.pathname).toBe("/setup");
    expect(maySetUp(elsewhere(link.searchParams.get("token") ?? undefined))).toBe(true);
    // Every instance sharing AUTH_SECRET prints and accepts the same token.
    expect(setupToken()).toBe(link.searchParams.get("token"));
  });

  it("creates the owner for the token's bearer, after which the token opens nothing", async () => {
    await createFirstOwner(owner(), elsewhere(setupToken()));
    expect(await countUsers()).toBe(1);
    await expect(createFirstOwner(owner(), elsewhere(setupToken()))).rejects.toMatchObject({ code: "conflict" });
    await expect(createFirstOwner(owner(), { fromThisMachine: true })).rejects.toMatchObject({ code: "conflict" });
    expect(await countUsers()).toBe(1);
  });
});
