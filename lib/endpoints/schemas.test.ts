import { afterEach, describe, expect, it } from "vitest";
import { endpointForm, endpointUrl } from "@/lib/endpoints/schemas";

afterEach(() => {
  delete process.env.TERN_ALLOW_PRIVATE_NETWORKS;
});

describe("endpointUrl", () => {
  it.each([
    ["", "Enter a full URL, e.g. https://example.com/webhooks."],
    ["not a url", "Enter a full URL, e.g. https://example.com/webhooks."],
    ["http://example.com/hook", "Use an https:// URL."],
    ["https://user:pw@example.com/", "Put credentials in a custom header, not in the URL."],
    ["https://10.1.2.3/hook", "10.1.2.3 is a private address; webhooks can only go to public addresses."],
  ])("refuses %j with a clear message", (value, message) => {
    const result = endpointUrl.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it("allows https, and http to loopback when private networks are allowed", () => {
    expect(endpointUrl.safeParse("https://hooks.example.com/in").success).toBe(true);
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    expect(endpointUrl.safeParse("http://127.0.0.1:4000/hook").success).toBe(true);
  });
});

describe("endpointForm", () => {
  it("reads the console's strings into the API's shape", () => {
    const parsed = endpointForm.parse({
      url: "https://example.com/hook",
      eventTypes: "invoice.paid, customer.*\norder.created",
      headers: '{"X-Api-Key":"abc"}',
      timeoutMs: "5000",
      rateLimit: "",
      metadata: "team=billing\nowner = alice",
    });
    expect(parsed).toEqual({
      url: "https://example.com/hook",
      description: "",
      eventTypes: ["invoice.paid", "customer.*", "order.created"],
      headers: { "X-Api-Key": "abc" },
      timeoutMs: 5000,
      rateLimit: null,
      metadata: { team: "billing", owner: "alice" },
    });
  });
});
