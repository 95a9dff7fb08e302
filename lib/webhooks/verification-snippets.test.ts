// The Node snippet, run as written against a webhook Tern signed: what the portal tells
// customers to paste must accept Tern's requests and refuse altered ones.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { webhookBody, webhookHeaders } from "@/lib/webhooks/message";
import { generateSigningSecret } from "@/lib/webhooks/sign";
import { verificationSnippets } from "@/lib/webhooks/verification-snippets";

type Handler = (request: Request) => Promise<Response>;

async function nodeSnippetHandler(): Promise<Handler> {
  const node = verificationSnippets("TERN_TEST_WEBHOOK_SECRET").find((snippet) => snippet.language === "Node.js")!;
  const library = pathToFileURL(createRequire(import.meta.url).resolve("standardwebhooks")).href;
  const file = path.join(mkdtempSync(path.join(tmpdir(), "tern-snippet-")), "route.mjs");
  writeFileSync(file, node.code.replace('from "standardwebhooks"', `from ${JSON.stringify(library)}`));
  return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { POST: Handler }).POST;
}

function signedRequest(secret: string, body: string, { now = new Date(), sent = body } = {}) {
  return new Request("https://customer.example/webhooks", { method: "POST", headers: webhookHeaders({}, "msg_1", body, [secret], now), body: sent });
}

describe("signature verification snippets", () => {
  it("name the Standard Webhooks library of each language", () => {
    expect(verificationSnippets().map((s) => [s.language, s.install])).toEqual([
      ["Node.js", "npm install standardwebhooks"],
      ["Python", "pip install standardwebhooks"],
      ["Go", "go get github.com/standard-webhooks/standard-webhooks/libraries"],
      ["Ruby", "gem install standardwebhooks"],
      ["PHP", "composer require standard-webhooks/standard-webhooks"],
    ]);
  });

  it("in Node, accept what Tern signs and refuse an altered body, another secret or an old timestamp", async () => {
    const secret = generateSigningSecret();
    process.env.TERN_TEST_WEBHOOK_SECRET = secret;
    const POST = await nodeSnippetHandler();
    const body = webhookBody({ id: "evt_1", type: "invoice.paid", occurredAt: new Date(), data: { invoice: 42 } });

    expect((await POST(signedRequest(secret, body))).status).toBe(204);
    expect((await POST(signedRequest(secret, body, { sent: body.replace("42", "43") }))).status).toBe(400);
    expect((await POST(signedRequest(generateSigningSecret(), body))).status).toBe(400);
    expect((await POST(signedRequest(secret, body, { now: new Date(Date.now() - 10 * 60_000) }))).status).toBe(400);
  });
});
