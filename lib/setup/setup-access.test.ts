// Setup before the owner exists: open from this machine, and from elsewhere only with the token.
import { describe, expect, it, vi } from "vitest";
import { UNKNOWN_ADDRESS } from "@/lib/auth/client-address";
import { log } from "@/lib/log";
import { createFirstOwner } from "@/lib/setup/setup";
import { maySetUp, reportRefusedSetup, setupLink, setupToken } from "@/lib/setup/setup-token";
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

  it("logs the setup link for the first refused request only, so visitors cannot repeat the token in the log", () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    try {
      for (let i = 0; i < 3; i++) reportRefusedSetup(new Headers());
      const messages = warn.mock.calls.map((call) => String(call[1]));
      expect(messages).toHaveLength(3);
      expect(messages.filter((message) => message.includes(setupToken()!))).toHaveLength(1);
      expect(messages.every((message) => message.startsWith("Setup refused"))).toBe(true);
      expect(warn.mock.calls[2]![0]).toEqual({ clientAddress: UNKNOWN_ADDRESS });
    } finally {
      warn.mockRestore();
    }
  });

  it("creates the owner for the token's bearer, after which the token opens nothing", async () => {
    await createFirstOwner(owner(), elsewhere(setupToken()));
    expect(await countUsers()).toBe(1);
    await expect(createFirstOwner(owner(), elsewhere(setupToken()))).rejects.toMatchObject({ code: "conflict" });
    await expect(createFirstOwner(owner(), { fromThisMachine: true })).rejects.toMatchObject({ code: "conflict" });
    expect(await countUsers()).toBe(1);
  });
});
