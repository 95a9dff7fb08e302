import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { JsonSchemaTree } from "@/components/ui/json-schema-tree";

const rows = (html: string) => html.match(/<li/g)?.length ?? 0;

describe("the schema tree", () => {
  it("renders properties, nested $refs and all", () => {
    const html = renderToStaticMarkup(
      createElement(JsonSchemaTree, {
        schema: {
          type: "object",
          required: ["amount"],
          properties: { amount: { type: "integer", minimum: 0 }, address: { $ref: "#/$defs/Address" } },
          $defs: { Address: { type: "object", properties: { city: { type: "string" } } } },
        },
      }),
    );
    expect(html).toContain("amount");
    expect(html).toContain("city");
    expect(html).not.toContain("the raw JSON has the rest");
  });

  it("stops at 500 rows however far $refs fan out: ten properties each referring to the next definition, eight deep", () => {
    const definitions = Object.fromEntries(
      Array.from({ length: 8 }, (_, level) => [
        `d${level}`,
        {
          type: "object",
          properties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, level < 7 ? { $ref: `#/$defs/d${level + 1}` } : { type: "string" }])),
        },
      ]),
    );
    // Expanded in full this would be 10 + 100 + … + 10^8 rows.
    const html = renderToStaticMarkup(createElement(JsonSchemaTree, { schema: { $ref: "#/$defs/d0", $defs: definitions } }));
    expect(rows(html)).toBeLessThanOrEqual(510);
    expect(html).toContain("the raw JSON has the rest");
  });
});
