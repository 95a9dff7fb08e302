import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateSigningSecret, isSigningSecret, signPayload } from "@/lib/webhooks/sign";

function headersFor(secrets: string[], body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const messageId = "evt_01jtestmessage";
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signPayload({ secrets, messageId, timestamp, body }),
  };
}

describe("signPayload, checked by the standardwebhooks library", () => {
  const body = JSON.stringify({ id: "evt_01jtestmessage", type: "invoice.paid", data: { amount: 42, note: "ünïcødé" } });

  it("verifies with the endpoint secret", () => {
    const secret = generateSigningSecret();
    expect(new Webhook(secret).verify(body, headersFor([secret], body))).toEqual(JSON.parse(body));
  });

  it("verifies with either secret during a rotation, and not with a stranger's", () => {
    const current = generateSigningSecret();
    const previous = generateSigningSecret();
    const headers = headersFor([current, previous], body);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow();
  });

  it("fails verification when the body or timestamp is tampered with", () => {
    const secret = generateSigningSecret();
    const headers = headersFor([secret], body);
    expect(() => new Webhook(secret).verify(body.replace("42", "43"), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) + 1) })).toThrow();
  });
});

describe("generateSigningSecret", () => {
  it("makes whsec_ + base64 of 32 random bytes", () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(isSigningSecret(secret)).toBe(true);
    expect(generateSigningSecret()).not.toBe(secret);
    expect(isSigningSecret("whsec_c2hvcnQ=")).toBe(false);
  });
});
