// Tenant isolation as a property: for random tenants, endpoints (a tenant's or the workspace's
// own, random filters, enabled or not) and events (for a tenant, a key never seen, or none), every
// event is delivered to exactly the enabled, matching endpoints of its own tenant (of the
// workspace's own for an event without one), no more and no fewer, through both fan-out paths.
import { and, eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { engineRuns } from "@/db/engine-schema";
import { deliveries, workspaces } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { INLINE_FAN_OUT_LIMIT } from "@/lib/events/fan-out";
import { publishEvent } from "@/lib/events/publish";
import { createTenant, type PublicTenant } from "@/lib/tenants/tenants";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const system = { type: "system", id: null } as const;
const engine = engineAndReceiverForFile();

const TYPES = ["a.b", "a.c", "b.x"] as const;
const FILTERS = ["a.b", "a.c", "b.x", "a.*", "b.*", "c.*", "*"] as const;
const MAX_TENANTS = 5;

type EndpointSpec = { tenant: number | null; filters: string[]; enabled: boolean; byId: boolean };
type EventTenant = { kind: "existing"; index: number; byId: boolean } | { kind: "new"; key: string } | { kind: "none" };
type EventSpec = { type: string; tenant: EventTenant };
type Scenario = { tenants: number; endpoints: EndpointSpec[]; events: EventSpec[] };

const endpointSpec = fc.record({
  tenant: fc.option(fc.nat({ max: MAX_TENANTS - 1 }), { nil: null }),
  filters: fc.uniqueArray(fc.constantFrom(...FILTERS), { minLength: 1, maxLength: 3 }),
  enabled: fc.boolean(),
  byId: fc.boolean(),
});
const eventSpec = fc.record({
  type: fc.constantFrom(...TYPES),
  tenant: fc.oneof(
    fc.record({ kind: fc.constant("existing" as const), index: fc.nat({ max: MAX_TENANTS - 1 }), byId: fc.boolean() }),
    fc.record({ kind: fc.constant("new" as const), key: fc.constantFrom("new-0", "new-1") }),
    fc.record({ kind: fc.constant("none" as const) }),
  ),
});
const scenario: fc.Arbitrary<Scenario> = fc.record({
  tenants: fc.integer({ min: 2, max: MAX_TENANTS }),
  endpoints: fc.array(endpointSpec, { maxLength: 10 }),
  events: fc.array(eventSpec, { minLength: 1, maxLength: 8 }),
});

const many = (count: number, spec: EndpointSpec) => Array.from({ length: count }, () => spec);

// More matching endpoints than publishing fans out to itself, for a tenant and for the workspace's own: the fan-out function's path.
const wide: Scenario = {
  tenants: 2,
  endpoints: [
    ...many(INLINE_FAN_OUT_LIMIT + 1, { tenant: 0, filters: ["a.*"], enabled: true, byId: false }),
    ...many(2, { tenant: 0, filters: ["*"], enabled: false, byId: true }),
    ...many(2, { tenant: 1, filters: ["*"], enabled: true, byId: false }),
    ...many(INLINE_FAN_OUT_LIMIT + 1, { tenant: null, filters: ["*"], enabled: true, byId: false }),
  ],
  events: [
    { type: "a.b", tenant: { kind: "existing", index: 0, byId: false } },
    { type: "a.c", tenant: { kind: "none" } },
    { type: "b.x", tenant: { kind: "existing", index: 0, byId: true } },
    { type: "a.b", tenant: { kind: "existing", index: 1, byId: true } },
    { type: "b.x", tenant: { kind: "new", key: "new-0" } },
  ],
};

/** The filter rule, written here independently of the code under test. */
const filterMatches = (filter: string, type: string) => filter === "*" || filter === type || (filter.endsWith(".*") && type.startsWith(filter.slice(0, -1)));

let runs = 0;

async function deliversExactlyToItsOwnTenant(s: Scenario) {
  const run = ++runs;
  const { workspace } = await createOwnedWorkspace();
  await db
    .update(workspaces)
    .set({ maxEndpointsPerTenant: 2 * INLINE_FAN_OUT_LIMIT })
    .where(eq(workspaces.id, workspace.id));
  const tenants: PublicTenant[] = [];
  for (let i = 0; i < s.tenants; i++) tenants.push(await createTenant(workspace.id, { key: `t${i}`, metadata: {} }, system));

  const created = [];
  for (const [n, spec] of s.endpoints.entries()) {
    const tenant = spec.tenant === null ? undefined : tenants[spec.tenant % s.tenants]!;
    const input = createEndpointInput.parse({
      url: engine.receiver.url(`/iso/${run}/${n}`),
      eventTypes: spec.filters,
      enabled: spec.enabled,
      tenant: tenant && (spec.byId ? tenant.id : tenant.key),
    });
    created.push({ ...spec, id: (await createEndpoint(workspace.id, input, system)).id, tenantId: tenant?.id ?? null });
  }

  const published = await Promise.all(
    s.events.map(async (spec) => {
      const tenant = spec.tenant.kind === "existing" ? tenants[spec.tenant.index % s.tenants]! : undefined;
      const ref = spec.tenant.kind === "existing" ? (spec.tenant.byId ? tenant!.id : tenant!.key) : spec.tenant.kind === "new" ? spec.tenant.key : undefined;
      const { event } = await publishEvent(workspace.id, { type: spec.type, data: {}, tenant: ref });
      return { spec, event };
    }),
  );

  await eventually(
    async () =>
      (await engine.executor.idle()) &&
      (await db.$count(deliveries, and(eq(deliveries.workspaceId, workspace.id), inArray(deliveries.status, ["pending", "delivering"])))) === 0,
    "every delivery settled",
    60_000,
  );
  const rows = await db
    .select({ eventId: deliveries.eventId, endpointId: deliveries.endpointId, tenantId: deliveries.tenantId, status: deliveries.status })
    .from(deliveries)
    .where(eq(deliveries.workspaceId, workspace.id));

  const newTenants = new Map<string, string>();
  const wideEvents: string[] = [];
  const knownTenantIds = new Set(tenants.map((tenant) => tenant.id));
  for (const { spec, event } of published) {
    if (spec.tenant.kind === "existing") expect(event.tenantId).toBe(tenants[spec.tenant.index % s.tenants]!.id);
    else if (spec.tenant.kind === "none") expect(event.tenantId).toBeNull();
    else {
      // A key never seen makes one new tenant, the same for every event with that key.
      expect(event.tenantId).not.toBeNull();
      expect(knownTenantIds.has(event.tenantId!)).toBe(false);
      expect(newTenants.get(spec.tenant.key) ?? event.tenantId).toBe(event.tenantId);
      newTenants.set(spec.tenant.key, event.tenantId!);
    }
    const expected = created
      .filter((endpoint) => endpoint.tenantId === event.tenantId && endpoint.enabled && endpoint.filters.some((filter) => filterMatches(filter, spec.type)))
      .map((endpoint) => endpoint.id);
    if (expected.length > INLINE_FAN_OUT_LIMIT) wideEvents.push(event.id);
    const delivered = rows.filter((row) => row.eventId === event.id);
    expect(delivered.map((row) => row.endpointId).sort()).toEqual(expected.sort());
    for (const row of delivered) expect(row).toMatchObject({ tenantId: event.tenantId, status: "succeeded" });
  }
  // The events with more matching endpoints than publishing fans out to itself went through the fan-out function.
  const fanOuts = await db
    .select({ eventId: sql<string>`${engineRuns.event}->'data'->>'eventId'` })
    .from(engineRuns)
    .where(and(eq(engineRuns.functionId, "tern-fan-out"), sql`${engineRuns.event}->'data'->>'workspaceId' = ${workspace.id}`));
  expect(fanOuts.map((fanOut) => fanOut.eventId).sort()).toEqual(wideEvents.sort());
  // Nothing else was delivered in the workspace.
  const publishedIds = new Set(published.map(({ event }) => event.id));
  expect(rows.filter((row) => !publishedIds.has(row.eventId))).toEqual([]);
}

describe("tenant isolation", () => {
  it("delivers every event to exactly the enabled, matching endpoints of its own tenant", async () => {
    await fc.assert(fc.asyncProperty(scenario, deliversExactlyToItsOwnTenant), { numRuns: 15, examples: [[wide]] });
  }, 180_000);
});
