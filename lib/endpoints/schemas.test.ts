import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createEndpointInput, endpointForm, endpointTagFilter, endpointUrl, updateEndpointInput } from "@/lib/endpoints/schemas";
import { LOCAL_DEVELOPMENT_HINT } from "@/lib/webhooks/ssrf";

afterEach(() => {
  delete process.env.TERN_ALLOW_PRIVATE_NETWORKS;
});

describe("endpointUrl", () => {
  it.each([
    ["", "Enter a full URL, e.g. https://example.com/webhooks."],
    ["not a url", "Enter a full URL, e.g. https://example.com/webhooks."],
    ["http://example.com/hook", `Use an https:// URL. ${LOCAL_DEVELOPMENT_HINT}`],
    ["ftp://example.com/hook", "Use an https:// URL."],
    ["https://user:pw@example.com/", "Put credentials in a custom header, not in the URL."],
    ["https://10.1.2.3/hook", `10.1.2.3 is a private address; webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}`],
    ["https://2130706433/hook", `127.0.0.1 is a loopback address; webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}`],
    ["https://0xa9.0xfe.0xa9.0xfe/hook", `169.254.169.254 is a cloud metadata address; webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}`],
    ["https://012.1/hook", `10.0.0.1 is a private address; webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}`],
    ["https://[::ffff:192.168.0.1]/hook", `::ffff:c0a8:1 is a private address; webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}`],
    ["https://[2001::1]/hook", `2001::1 is a Teredo tunnel address; webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}`],
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
    ["Expect", `Header 1 "Expect" cannot be a custom header: Tern sends the body at once and never waits for 100 Continue.`],
    ["Upgrade", `Header 1 "Upgrade" cannot be a custom header: a webhook request cannot switch protocols.`],
    ["Keep-Alive", `Header 1 "Keep-Alive" cannot be a custom header: Tern's HTTP client manages its connections itself.`],
    ["Connection", `Header 1 "Connection" cannot be a custom header: Tern's HTTP client manages its connections itself.`],
    ["TE", `Header 1 "TE" cannot be a custom header: Tern's HTTP client negotiates transfer codings itself.`],
    ["Trailer", `Header 1 "Trailer" cannot be a custom header: webhook requests send no trailer fields.`],
    [
      "Proxy-Authorization",
      `Header 1 "Proxy-Authorization" cannot be a custom header: proxy-* headers are meant for a proxy, and Tern connects to endpoints directly.`,
    ],
    [
      "proxy-connection",
      `Header 1 "proxy-connection" cannot be a custom header: proxy-* headers are meant for a proxy, and Tern connects to endpoints directly.`,
    ],
    ["Host", `Header 1 "Host" cannot be a custom header: it is taken from the endpoint URL.`],
    ["Content-Length", `Header 1 "Content-Length" cannot be a custom header: Tern sets it from the body.`],
    ["Transfer-Encoding", `Header 1 "Transfer-Encoding" cannot be a custom header: Tern sets it from the body.`],
    ["Content-Encoding", `Header 1 "Content-Encoding" cannot be a custom header: Tern sends the body uncompressed, so it would misdescribe it.`],
    ["Content-Type", `Header 1 "Content-Type" cannot be a custom header: Tern sends every webhook as application/json.`],
    ["User-Agent", `Header 1 "User-Agent" cannot be a custom header: Tern identifies itself as Tern-Webhooks.`],
    [
      "Webhook-Signature",
      `Header 1 "Webhook-Signature" cannot be a custom header: webhook-* headers carry Tern's signature (webhook-id, webhook-timestamp, webhook-signature).`,
    ],
    [
      "webhook-version",
      `Header 1 "webhook-version" cannot be a custom header: webhook-* headers carry Tern's signature (webhook-id, webhook-timestamp, webhook-signature).`,
    ],
  ])("refuses %s, saying why", (name, message) => {
    expect(issuesOf({ [name]: "x" })).toEqual([{ path: ["headers", name], message }]);
  });

  it.each([
    ["X Api-Key", `Header 1 "X Api-Key" is not a valid header name`],
    ["X-Api-Key:", `Header 1 "X-Api-Key:" is not a valid header name`],
    ["X-Tenant\n", `Header 1 "X-Tenant\\n" is not a valid header name`],
    ["X-Clé", `Header 1 "X-Clé" is not a valid header name`],
    ["(comment)", `Header 1 "(comment)" is not a valid header name`],
  ])("refuses the name %j, which is not an HTTP token", (name, start) => {
    const [issue] = issuesOf({ [name]: "x" })!;
    expect(issue!.path).toEqual(["headers", name]);
    expect(issue!.message).toContain(`${start}: use letters, digits and`);
  });

  it("refuses an empty or overlong name", () => {
    expect(issuesOf({ "": "x" })).toEqual([{ path: ["headers", ""], message: "Header 1 has no name." }]);
    expect(issuesOf({ "X-Ok": "x", ["X".repeat(257)]: "x" })?.[0]?.message).toMatch(/^Header 2 has a name longer than 256 characters/);
  });

  it.each([
    ["a\r\nX-Injected: 1", `The value of header 1 "X-Tenant" cannot contain line breaks.`],
    ["a\nb", `The value of header 1 "X-Tenant" cannot contain line breaks.`],
    ["a\u0000b", `The value of header 1 "X-Tenant" cannot contain control characters.`],
    ["a\u007fb", `The value of header 1 "X-Tenant" cannot contain control characters.`],
    ["café", `The value of header 1 "X-Tenant" can contain ASCII characters only; encode others (e.g. percent-encoding or base64).`],
    ["\u{1F980}", `The value of header 1 "X-Tenant" can contain ASCII characters only; encode others (e.g. percent-encoding or base64).`],
    ["x".repeat(4097), `The value of header 1 "X-Tenant" can be at most 4096 characters.`],
  ])("refuses the value %j, naming the header", (value, message) => {
    expect(issuesOf({ "X-Tenant": value })).toEqual([{ path: ["headers", "X-Tenant"], message }]);
  });

  it("refuses a name given twice in different cases", () => {
    expect(issuesOf({ "X-Api-Key": "a", "x-api-key": "b" })).toEqual([
      { path: ["headers", "x-api-key"], message: `Header 2 "x-api-key" repeats header 1 "X-Api-Key"; header names ignore case, so keep one.` },
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
      name: null,
      url: "https://example.com/hook",
      description: "",
      tags: [],
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
      headers: [`Header 1 "Expect" cannot be a custom header: Tern sends the body at once and never waits for 100 Continue.`],
    });
  });
});

describe("names", () => {
  const nameOf = (name: unknown) => createEndpointInput.safeParse({ url: "https://example.com/hook", eventTypes: ["*"], name });

  it("are optional and trimmed; empty, or null, is none", () => {
    expect(createEndpointInput.parse({ url: "https://example.com/hook", eventTypes: ["*"] }).name).toBeNull();
    expect(nameOf("  Billing service ").data?.name).toBe("Billing service");
    expect(nameOf("  ").data?.name).toBeNull();
    expect(updateEndpointInput.parse({ name: null })).toEqual({ name: null });
    expect(updateEndpointInput.parse({ name: "" })).toEqual({ name: null });
  });

  it("lose invisible and direction-changing characters, so a name shows what it says", () => {
    expect(nameOf("Bill\u200bing \u202eecivres\u202c").data?.name).toBe("Billing ecivres");
    expect(nameOf("\u2066Payouts\u2069\ufeff").data?.name).toBe("Payouts");
  });

  it("refuse a name of invisible characters only, and one over 100 characters", () => {
    expect(nameOf("\u200b\u200f").error?.issues[0]?.message).toBe("This name has only invisible or control characters: use letters people can see.");
    expect(nameOf("n".repeat(101)).error?.issues[0]?.message).toBe("Use at most 100 characters (this one has 101).");
  });

  it("in the console's form, left empty, mean no name", () => {
    const form = { url: "https://example.com/hook", eventTypes: "*", headers: "{}", metadata: "" };
    expect(endpointForm.parse({ ...form, name: "" }).name).toBeNull();
    expect(endpointForm.parse({ ...form, name: "  " }).name).toBeNull();
    expect(endpointForm.parse({ ...form, name: "Orders" }).name).toBe("Orders");
  });
});

describe("tags", () => {
  const tagsOf = (tags: unknown) => createEndpointInput.safeParse({ url: "https://example.com/hook", eventTypes: ["*"], tags });
  const issuesOf = (tags: unknown) => tagsOf(tags).error?.issues.map((issue) => ({ path: issue.path, message: issue.message }));

  it("are lower-cased and trimmed, and a tag given twice counts once", () => {
    expect(tagsOf([" Billing", "env:prod", "billing", "team_a.b-c"]).data?.tags).toEqual(["billing", "env:prod", "team_a.b-c"]);
    expect(createEndpointInput.parse({ url: "https://example.com/hook", eventTypes: ["*"] }).tags).toEqual([]);
  });

  it("refuse a tag that is not a short slug, naming it by its position", () => {
    const rule = "can only hold lower-case letters, digits and _ . : - (starting with a letter or digit), at most 40 characters.";
    expect(issuesOf(["billing", "prod env"])).toEqual([{ path: ["tags", 1], message: `Tag 2 "prod env" ${rule}` }]);
    expect(issuesOf(["-leading"])).toEqual([{ path: ["tags", 0], message: `Tag 1 "-leading" ${rule}` }]);
    expect(issuesOf(["t".repeat(41)])?.[0]?.message).toBe(`Tag 1 "${"t".repeat(41)}" ${rule}`);
    expect(issuesOf(["ok", " "])).toEqual([{ path: ["tags", 1], message: "Tag 2 is empty." }]);
  });

  it("are at most 10", () => {
    expect(issuesOf(Array.from({ length: 11 }, (_, i) => `t${i}`))).toEqual([{ path: ["tags"], message: "At most 10 tags; there are 11." }]);
  });

  it("come from the console's form as a comma- or space-separated list", () => {
    const form = { url: "https://example.com/hook", eventTypes: "*", headers: "{}", metadata: "" };
    expect(endpointForm.parse({ ...form, tags: "Billing, env:prod  team-a" }).tags).toEqual(["billing", "env:prod", "team-a"]);
  });

  it("filter a list as they are written", () => {
    expect(endpointTagFilter.parse(" Billing ")).toBe("billing");
    expect(endpointTagFilter.safeParse("two words").success).toBe(false);
  });
});

describe("event type filters", () => {
  const issuesOf = (eventTypes: unknown) =>
    createEndpointInput.safeParse({ url: "https://example.com/hook", eventTypes }).error?.issues.map((issue) => ({ path: issue.path, message: issue.message }));

  it("name the filter they refuse by its position and value", () => {
    expect(issuesOf(["invoice.paid", "order.*", "invoice..paid"])).toEqual([
      {
        path: ["eventTypes", 2],
        message: `Event type filter 3 "invoice..paid" is not a valid pattern: use an event type name (letters, digits, _ and -, in parts joined by single dots), "*" for all, or "prefix.*".`,
      },
    ]);
    expect(issuesOf(["a".repeat(129)])).toEqual([{ path: ["eventTypes", 0], message: "Event type filter 1 is longer than 128 characters." }]);
    expect(issuesOf([])).toEqual([{ path: ["eventTypes"], message: "Subscribe to at least one event type (or * for all)." }]);
  });

  it("are described with their pattern in the JSON Schema the OpenAPI document shows", () => {
    const schema = z.toJSONSchema(createEndpointInput, { io: "input", unrepresentable: "any" }) as { properties: Record<string, { items?: unknown }> };
    expect(schema.properties.eventTypes?.items).toMatchObject({ type: "string", maxLength: 128, pattern: expect.stringContaining("\\*") });
    expect(schema.properties.tags?.items).toMatchObject({ type: "string", pattern: "^[a-z0-9][a-z0-9_.:-]{0,39}$" });
    expect(schema.properties.name).toBeDefined();
  });
});

describe("other fields", () => {
  const issuesOf = (fields: Record<string, unknown>) =>
    createEndpointInput
      .safeParse({ url: "https://example.com/hook", eventTypes: ["*"], ...fields })
      .error?.issues.map((issue) => ({ path: issue.path, message: issue.message }));

  it("say what is allowed, naming the metadata entry they refuse", () => {
    expect(issuesOf({ timeoutMs: 500 })).toEqual([{ path: ["timeoutMs"], message: "The timeout is at least 1,000 ms (1 second)." }]);
    expect(issuesOf({ timeoutMs: 60_000 })).toEqual([{ path: ["timeoutMs"], message: "The timeout is at most 30,000 ms (30 seconds)." }]);
    expect(issuesOf({ rateLimit: 0 })).toEqual([
      { path: ["rateLimit"], message: "The rate limit is at least 1 delivery per second; leave it out for no limit." },
    ]);
    expect(issuesOf({ metadata: { team: "x".repeat(513) } })).toEqual([
      { path: ["metadata", "team"], message: `The value of metadata "team" is longer than 512 characters.` },
    ]);
  });
});
