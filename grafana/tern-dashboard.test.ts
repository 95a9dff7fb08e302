// The Grafana dashboard in the repository: valid JSON, every panel on the datasource variable,
// and every metric its queries name is one GET /metrics exposes.
import { readFileSync } from "node:fs";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/metrics/route";
import { stampSocketAddress } from "@/lib/auth/client-address";

type Panel = { id: number; type: string; title: string; datasource?: { uid: string }; targets?: { expr: string; datasource: { uid: string } }[] };
const dashboard = JSON.parse(readFileSync(new URL("./tern-dashboard.json", import.meta.url), "utf8")) as {
  templating: { list: { name: string; type: string; query: string }[] };
  panels: Panel[];
};

// Grafana's variable reference, literally.
const DATASOURCE_VARIABLE = ["$", "{datasource}"].join("");

async function exposedNames(): Promise<Set<string>> {
  const headers: Record<string, string> = {};
  stampSocketAddress(headers, "127.0.0.1");
  const response = await metricsRoute(new Request("http://localhost/metrics", { headers }));
  expect(response.status).toBe(200);
  const names = new Set<string>();
  for (const { name, type } of parsePrometheusTextFormat(await response.text())) {
    names.add(name);
    if (type === "HISTOGRAM") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${name}${suffix}`);
  }
  return names;
}

describe("grafana/tern-dashboard.json", () => {
  it("queries only metrics /metrics exposes, each panel through the datasource variable", async () => {
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: "datasource", type: "datasource", query: "prometheus" }));
    const panels = dashboard.panels.filter((panel) => panel.type !== "row");
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    const exposed = await exposedNames();
    const named = new Set<string>();
    for (const panel of panels) {
      expect(panel.datasource?.uid, panel.title).toBe(DATASOURCE_VARIABLE);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.datasource.uid, panel.title).toBe(DATASOURCE_VARIABLE);
        const metrics = target.expr.match(/\b(?:tern|process|nodejs)_[a-z0-9_]+/g) ?? [];
        expect(metrics.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
        for (const metric of metrics) {
          expect(exposed.has(metric), `${panel.title} queries ${metric}`).toBe(true);
          named.add(metric);
        }
      }
    }
    // Every Tern series has a panel (a histogram through its buckets).
    const ternSeries = [...exposed].filter((name) => name.startsWith("tern_") && !exposed.has(`${name}_bucket`) && !/_(sum|count)$/.test(name));
    expect(ternSeries.filter((name) => !named.has(name))).toEqual([]);
  });
});
