import { z } from "zod";
import { pageQuery } from "@/lib/api/pagination";
import { idPattern } from "@/lib/ids";

export const MAX_TENANT_METADATA_BYTES = 4096;

/** A tenant's id: `tnt_` and a ULID. Keys cannot look like one, so a reference is always one or the other. */
export const TENANT_ID_PATTERN = idPattern("tnt");

export const tenantKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:@-]{1,128}$/, { error: "A tenant key is 1–128 letters, digits and _ . : @ - (for example your own customer id)." })
  .refine((key) => !key.toLowerCase().startsWith("tnt_"), { error: 'A tenant key cannot start with "tnt_": that is how tenant ids start.' })
  .describe("Your own identifier for the customer, e.g. its id in your database: 1–128 of A–Z a–z 0–9 _ . : @ -, not starting with tnt_.");

/** A tenant named by its id (`tnt_…`) or by its key. */
export const tenantRef = z
  .string()
  .regex(/^[A-Za-z0-9_.:@-]{1,128}$/, { error: "Name a tenant by its id (tnt_…) or its key: 1–128 of A–Z a–z 0–9 _ . : @ -." })
  .describe("The tenant's id (tnt_…) or its key.");

const tenantName = z.string().trim().min(1, { error: "Enter a name." }).max(200, { error: "Use at most 200 characters." });

export const tenantMetadata = z
  .record(z.string().max(128), z.unknown(), { error: "metadata must be a JSON object." })
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_TENANT_METADATA_BYTES, {
    error: `metadata can be at most ${MAX_TENANT_METADATA_BYTES} bytes as JSON.`,
  })
  .describe(`Anything you want to keep with the tenant: a JSON object of at most ${MAX_TENANT_METADATA_BYTES} bytes.`);

const disabledReason = z.string().trim().max(500, { error: "Use at most 500 characters." });

export const createTenantInput = z.strictObject({
  key: tenantKey,
  name: tenantName.optional().describe("Shown in the console; the key when omitted."),
  metadata: tenantMetadata.default({}),
});
export type CreateTenantInput = z.output<typeof createTenantInput>;

/** PUT /tenants/{key}: the key is in the path. */
export const upsertTenantInput = createTenantInput.omit({ key: true }).extend({ metadata: tenantMetadata.optional() });
export type UpsertTenantInput = z.output<typeof upsertTenantInput>;

export const updateTenantInput = z.strictObject({
  name: tenantName.optional(),
  metadata: tenantMetadata.optional(),
  disabled: z.boolean().optional().describe("A disabled tenant's deliveries are skipped, with the reason; events for it are still stored."),
  disabledReason: disabledReason.optional().describe("Why the tenant is disabled, shown with its skipped deliveries."),
});
export type UpdateTenantInput = z.output<typeof updateTenantInput>;

export const tenantListQuery = z.strictObject({
  ...pageQuery,
  search: z.string().trim().max(128).optional().describe("Tenants whose key or name starts with this (case-insensitive)."),
});
export type TenantListQuery = z.output<typeof tenantListQuery>;

/** The {tenant} of /tenants/{tenant}: its id or its key. */
export const tenantParams = z.object({ tenant: tenantRef });

/** PUT /tenants/{tenant}: a key (the tenant is created if no live one has it), or the id of an existing tenant. */
export const tenantPutParams = z.object({
  tenant: tenantRef
    .refine((ref) => TENANT_ID_PATTERN.test(ref) || !ref.toLowerCase().startsWith("tnt_"), {
      error: 'Not a tenant id (tnt_ and 26 lowercase letters and digits), and a tenant key cannot start with "tnt_".',
    })
    .describe("The tenant's key: it is created if no tenant has it, updated otherwise. Or the id (tnt_…) of a tenant that exists."),
});

/**
 * `?tenant=` on a route about one endpoint, event or delivery: the route answers only if it is that
 * tenant's, so an integration acting for one customer cannot reach another's through a mixed-up id.
 */
export const tenantScopeQuery = z.strictObject({
  tenant: tenantRef.optional().describe("The tenant (id or key) this must belong to: anything of another tenant, or of none, answers 404."),
});
