import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("whsec_topsecret");
    expect(sealed).not.toContain("topsecret");
    expect(sealed).not.toBe(encryptSecret("whsec_topsecret"));
    expect(decryptSecret(sealed)).toBe("whsec_topsecret");
  });

  it("refuses tampered ciphertext", () => {
    const parts = encryptSecret("whsec_topsecret").split(".");
    parts[3] = Buffer.from("whsec_evil").toString("base64url");
    expect(() => decryptSecret(parts.join("."))).toThrow();
  });
});
