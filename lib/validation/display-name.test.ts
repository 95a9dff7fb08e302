import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cleanDisplayName, displayName } from "@/lib/validation/display-name";

const name = displayName({ required: "Name the workspace.", max: 20 });

describe("a display name", () => {
  it("loses zero-width characters, directional marks and the byte order mark wherever they are", () => {
    expect(cleanDisplayName("\ufeffAc\u200bme\u200c Co\u200d\u200e\u200f")).toBe("Acme Co");
  });

  it("loses bidi embeddings, overrides and isolates, so it reads as it is stored", () => {
    // "Acme" followed by a right-to-left override that would show "moc.evil" as "live.com".
    expect(cleanDisplayName("Acme \u202emoc.live\u202c")).toBe("Acme moc.live");
    expect(cleanDisplayName("\u202a\u202b\u202dx\u2066\u2067\u2068\u2069")).toBe("x");
  });

  it("turns line breaks, tabs and other control characters into spaces and trims the ends", () => {
    expect(cleanDisplayName("  Billing\nservice\t(prod)\u0007 ")).toBe("Billing service (prod)");
  });

  it("keeps letters of every script, emoji and ordinary punctuation", () => {
    for (const text of ["Zoë's café", "東京チーム", "مدفوعات", "🚀 Launch", "A–Z & co."]) {
      expect(cleanDisplayName(text)).toBe(text);
    }
  });

  it("parses to the cleaned name", () => {
    expect(name.parse("\u200bOps\u202e")).toBe("Ops");
  });

  it("is required, in the caller's words", () => {
    for (const input of ["", "   "]) {
      const result = name.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual(["Name the workspace."]);
    }
  });

  it("says so when only invisible or control characters were given", () => {
    for (const input of ["\u200b\u200b", "\ufeff\u2066\u2069", " \u202e\u0007 "]) {
      const result = name.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual(["This name has only invisible or control characters: use letters people can see."]);
    }
  });

  it("names the limit and the length given when too long, counting what is left after cleaning", () => {
    expect(name.safeParse(`${"a".repeat(20)}\u200b\u200b`).success).toBe(true);
    expect(name.safeParse("a".repeat(23)).error?.issues[0]?.message).toBe("Use at most 20 characters (this one has 23).");
  });

  it("may be left empty when not required", () => {
    const optionalName = displayName({ max: 20 });
    expect(optionalName.parse("  ")).toBe("");
    expect(optionalName.safeParse("\u200b").success).toBe(false);
    expect(optionalName.safeParse("a".repeat(21)).error?.issues[0]?.message).toBe("Use at most 20 characters (this one has 21).");
  });

  it("refuses anything but a string", () => {
    expect(name.safeParse(42).success).toBe(false);
  });

  it("stays a string schema: optional, described and expressible as JSON Schema", () => {
    const schema = z.object({ name: name.optional().describe("Shown in the console.") });
    expect(schema.parse({})).toEqual({});
    expect(z.toJSONSchema(schema)).toMatchObject({
      properties: { name: { type: "string", minLength: 1, maxLength: 20, description: "Shown in the console." } },
    });
  });
});
