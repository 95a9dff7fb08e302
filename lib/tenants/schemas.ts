import { z } from "zod";
import { pageQuery } from "@/lib/api/pagination";
import { idPattern } from "@/lib/ids";
import { displayName } from "@/lib/validation/display-name";

export const MAX_TENANT_METADATA_BYTES = 4096;

/** A tenant's id: `tnt_` and a ULID. Keys cannot look like one, so a reference is always one or the other. */
export const TENANT_ID_PATTERN = idPattern("tnt");

const KEY_CHARACTER = /[A-Za-z0-9_.:@-]/;
const KEY_RULE = "1–128 of A–Z a–z 0–9 _ . : @ - (for example your own customer id)";

// A character as people can recognise it in a message: quoted when visible, by its code point when not.
const characterName = (character: string) =>
  character === " "
    ? "A space"
    : /[\p{L}\p{N}\p{P}\p{S}]/u.test(character)
      ? `"${character}"`
      : `The character U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `key` is no tenant key, naming the first character it cannot have. */
function keyRefusal(key: string): string {
  const character = [...key].find((c) => !KEY_CHARACTER.test(c));
  if (character === undefined) return `A tenant key is ${KEY_RULE}; this one has ${key.length} characters.`;
  return `${characterName(character)} cannot be in a tenant key, which is ${KEY_RULE}.`;
}

export const tenantKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:@-]{1,128}$/, { error: (issue) => keyRefusal(String(issue.input)) })
  .refine((key) => !key.toLowerCase().startsWith("tnt_"), { error: 'A tenant key cannot start with "tnt_": that is how tenant ids start.' })
  .describe("Your own identifier for the customer, e.g. its id in your database: 1–128 of A–Z a–z 0–9 _ . : @ -, not starting with tnt_.");

/** A tenant named by its id (`tnt_…`) or by its key. */
export const tenantRef = z
  .string()
  .regex(/^[A-Za-z0-9_.:@-]{1,128}$/, { error: "Name a tenant by its id (tnt_…) or its key: 1–128 of A–Z a–z 0–9 _ . : @ -." })
  .describe("The tenant's id (tnt_…) or its key.");

const tenantName = displayName({ required: "Enter a name for the tenant.", max: 200 });

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
