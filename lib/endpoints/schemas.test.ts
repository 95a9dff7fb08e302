import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createEndpointInput, endpointForm, endpointUrl } from "@/lib/endpoints/schemas";

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
    ["https://2130706433/hook", "127.0.0.1 is a loopback address; webhooks can only go to public addresses."],
    ["https://0xa9.0xfe.0xa9.0xfe/hook", "169.254.169.254 is a cloud metadata address; webhooks can only go to public addresses."],
    ["https://012.1/hook", "10.0.0.1 is a private address; webhooks can only go to public addresses."],
    ["https://[::ffff:192.168.0.1]/hook", "::ffff:c0a8:1 is a private address; webhooks can only go to public addresses."],
    ["https://[2001::1]/hook", "2001::1 is a Teredo tunnel address; webhooks can only go to public addresses."],
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

describe("custom headers", () => {
  const withHeaders = (headers: Record<string, unknown>) => createEndpointInput.safeParse({ url: "https://example.com/hook", eventTypes: ["*"], headers });
  const issuesOf = (headers: Record<string, unknown>) => withHeaders(headers).error?.issues.map((issue) => ({ path: issue.path, message: issue.message }));

  it.each([
    ["Expect", "Expect cannot be a custom header: Tern sends the body at once and never waits for 100 Continue."],
    ["Upgrade", "Upgrade cannot be a custom header: a webhook request cannot switch protocols."],
    ["Keep-Alive", "Keep-Alive cannot be a custom header: Tern's HTTP client manages its connections itself."],
    ["Connection", "Connection cannot be a custom header: Tern's HTTP client manages its connections itself."],
    ["TE", "TE cannot be a custom header: Tern's HTTP client negotiates transfer codings itself."],
    ["Trailer", "Trailer cannot be a custom header: webhook requests send no trailer fields."],
    ["Proxy-Authorization", "Proxy-Authorization cannot be a custom header: proxy-* headers are meant for a proxy, and Tern connects to endpoints directly."],
    ["proxy-connection", "proxy-connection cannot be a custom header: proxy-* headers are meant for a proxy, and Tern connects to endpoints directly."],
    ["Host", "Host cannot be a custom header: it is taken from the endpoint URL."],
    ["Content-Length", "Content-Length cannot be a custom header: Tern sets it from the body."],
    ["Transfer-Encoding", "Transfer-Encoding cannot be a custom header: Tern sets it from the body."],
    ["Content-Encoding", "Content-Encoding cannot be a custom header: Tern sends the body uncompressed, so it would misdescribe it."],
    ["Content-Type", "Content-Type cannot be a custom header: Tern sends every webhook as application/json."],
    ["User-Agent", "User-Agent cannot be a custom header: Tern identifies itself as Tern-Webhooks."],
    [
      "Webhook-Signature",
      "Webhook-Signature cannot be a custom header: webhook-* headers carry Tern's signature (webhook-id, webhook-timestamp, webhook-signature).",
    ],
    [
      "webhook-version",
      "webhook-version cannot be a custom header: webhook-* headers carry Tern's signature (webhook-id, webhook-timestamp, webhook-signature).",
    ],
  ])("refuses %s, saying why", (name, message) => {
    expect(issuesOf({ [name]: "x" })).toEqual([{ path: ["headers", name], message }]);
  });

  it.each([
    ["X Api-Key", `"X Api-Key" is not a valid header name`],
    ["X-Api-Key:", `"X-Api-Key:" is not a valid header name`],
    ["X-Tenant\n", `"X-Tenant\\n" is not a valid header name`],
    ["X-Clé", `"X-Clé" is not a valid header name`],
    ["(comment)", `"(comment)" is not a valid header name`],
  ])("refuses the name %j, which is not an HTTP token", (name, start) => {
    const [issue] = issuesOf({ [name]: "x" })!;
    expect(issue!.path).toEqual(["headers", name]);
    expect(issue!.message).toContain(`${start}: use letters, digits and`);
  });

  it("refuses an empty or overlong name", () => {
    expect(issuesOf({ "": "x" })).toEqual([{ path: ["headers", ""], message: "A header name cannot be empty." }]);
    expect(issuesOf({ ["X".repeat(257)]: "x" })?.[0]?.message).toMatch(/^Header names can be at most 256 characters/);
  });

  it.each([
    ["a\r\nX-Injected: 1", "The value of X-Tenant cannot contain line breaks."],
    ["a\nb", "The value of X-Tenant cannot contain line breaks."],
    ["a\u0000b", "The value of X-Tenant cannot contain control characters."],
    ["a\u007fb", "The value of X-Tenant cannot contain control characters."],
    ["café", "The value of X-Tenant can contain ASCII characters only; encode others (e.g. percent-encoding or base64)."],
    ["\u{1F980}", "The value of X-Tenant can contain ASCII characters only; encode others (e.g. percent-encoding or base64)."],
    ["x".repeat(4097), "The value of X-Tenant can be at most 4096 characters."],
  ])("refuses the value %j, naming the header", (value, message) => {
    expect(issuesOf({ "X-Tenant": value })).toEqual([{ path: ["headers", "X-Tenant"], message }]);
  });

  it("refuses a name given twice in different cases", () => {
    expect(issuesOf({ "X-Api-Key": "a", "x-api-key": "b" })).toEqual([
      { path: ["headers", "x-api-key"], message: "x-api-key is given twice (as X-Api-Key and x-api-key); header names ignore case, so keep one." },
    ]);
  });

  it("refuses more than 20 headers", () => {
    const headers = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, "v"]));
    expect(issuesOf(headers)).toEqual([{ path: ["headers"], message: "At most 20 custom headers; there are 21." }]);
  });

  it("accepts ordinary headers, trimming the spaces HTTP ignores around a value", () => {
    const parsed = withHeaders({
      Authorization: "Bearer abc",
      "X-Tenant": "  t1\t",
      "X-Tabbed": "a\tb",
      "X-Empty": "",
      "X-Symbols": "!#$%&'*+.^_`|~ ()<>@,;:\\\"/[]?={}",
    });
    expect(parsed.data?.headers).toEqual({
      Authorization: "Bearer abc",
      "X-Tenant": "t1",
      "X-Tabbed": "a\tb",
      "X-Empty": "",
      "X-Symbols": "!#$%&'*+.^_`|~ ()<>@,;:\\\"/[]?={}",
    });
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

  it("shows a refused header's reason under the form's headers, naming it", () => {
    const result = endpointForm.safeParse({ url: "https://example.com/hook", eventTypes: "*", headers: '{"Expect":"100-continue"}', metadata: "" });
    expect(z.flattenError(result.error!).fieldErrors).toEqual({
      headers: ["Expect cannot be a custom header: Tern sends the body at once and never waits for 100 Continue."],
    });
  });
});
