import { readdirSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { operations } from "@/app/api/v1/openapi.json/operations";
import { GET } from "@/app/api/v1/openapi.json/route";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createOwnedWorkspace } from "@/test/fixtures";

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === "route.ts" ? [full] : [];
  });
}

async function documentFor() {
  return (await GET(new Request("http://localhost:3000/api/v1/openapi.json"))).json();
}

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(await documentFor());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("describes each operation with the text its MCP tool gives agents", async () => {
    const document = await documentFor();
    for (const op of operations) expect(document.paths[op.path][op.method.toLowerCase()].description, `${op.method} ${op.path}`).toBe(op.description);
  });

  it("documents every route file and method under /api/v1", async () => {
    const documented = new Set(operations.map((op) => `${op.method} ${op.path}`));
    const served: string[] = [];
    for (const file of routeFiles(path.resolve("app/api/v1"))) {
      const routePath = `/api/v1/${path.relative(path.resolve("app/api/v1"), path.dirname(file))}`.replace(/\[(\w+)\]/g, "{$1}");
      if (routePath === "/api/v1/openapi.json") continue;
      const module = (await import(file)) as Record<string, unknown>;
      for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
        if (typeof module[method] === "function") served.push(`${method} ${routePath}`);
      }
    }
    expect(served.sort()).toEqual([...documented].sort());
  });

  it("describes what each operation answers: 401 without a key, a documented status with one", async () => {
    const document = await documentFor();
    const { workspace } = await createOwnedWorkspace();
    const { key } = await createApiKey(workspace.id, { name: "openapi", scopes: [] }, { type: "system", id: null });
    for (const op of operations) {
      const url = `http://localhost${op.path.replace(/\{\w+\}/g, "missing")}`;
      const params = { params: Promise.resolve<Record<string, string>>({ id: "missing", name: "missing", tenant: "missing" }) };
      const documentedStatuses = Object.keys(document.paths[op.path][op.method.toLowerCase()].responses).map(Number);

      const anonymous = await op.handler(new Request(url, { method: op.method }), params);
      expect(anonymous.status, `${op.method} ${op.path}`).toBe(401);

      const body = ["POST", "PUT", "PATCH"].includes(op.method) ? "{}" : undefined;
      const authed = await op.handler(
        new Request(url, { method: op.method, body, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } }),
        params,
      );
      expect(documentedStatuses, `${op.method} ${op.path} answered ${authed.status}`).toContain(authed.status);
    }
  });
});
