import { describe, expect, it } from "vitest";
import { createTenantInput, tenantKey } from "@/lib/tenants/schemas";

const refusal = (key: string) => tenantKey.safeParse(key).error?.issues[0]?.message;

describe("a tenant key's refusal", () => {
  it("names the first character a key cannot have", () => {
    expect(refusal("acme corp")).toBe("A space cannot be in a tenant key, which is 1–128 of A–Z a–z 0–9 _ . : @ - (for example your own customer id).");
    expect(refusal("acme/eu")).toMatch(/^"\/" cannot be in a tenant key/);
    expect(refusal("café")).toMatch(/^"é" cannot be in a tenant key/);
    expect(refusal("acme\u200b")).toMatch(/^The character U\+200B cannot be in a tenant key/);
  });

  it("gives the length when every character is allowed", () => {
    expect(refusal("")).toBe("A tenant key is 1–128 of A–Z a–z 0–9 _ . : @ - (for example your own customer id); this one has 0 characters.");
    expect(refusal("a".repeat(129))).toMatch(/this one has 129 characters\.$/);
  });
});

describe("a tenant's name", () => {
  it("is stored without invisible or bidi control characters", () => {
    expect(createTenantInput.parse({ key: "acme", name: "\u202eAcme\u200b Inc.\ufeff" }).name).toBe("Acme Inc.");
  });

  it("cannot be only invisible characters", () => {
    expect(createTenantInput.safeParse({ key: "acme", name: "\u200b\u2066" }).error?.issues[0]).toMatchObject({
      path: ["name"],
      message: "This name has only invisible or control characters: use letters people can see.",
    });
  });
});
