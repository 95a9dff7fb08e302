"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formJson } from "@/lib/actions/form-json";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { DomainError } from "@/lib/errors";
import { createTenantInput, tenantMetadata, tenantRef, updateTenantInput } from "@/lib/tenants/schemas";
import { createTenant, deleteTenant, findTenant, updateTenant } from "@/lib/tenants/tenants";

const tenantId = z.object({ tenantId: tenantRef });
// An empty text field is a value left out, not an empty string.
const blankIsAbsent = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
// The metadata field holds JSON; blank is the empty object.
const metadataField = z.preprocess(formJson({}), tenantMetadata);

export const createTenantAction = workspaceAction(
  {
    role: "admin",
    schema: z.object({ key: createTenantInput.shape.key, name: z.preprocess(blankIsAbsent, createTenantInput.shape.name), metadata: metadataField }),
  },
  async (input, ctx) => {
    const tenant = await createTenant(ctx.workspaceId, input, ctx.actor);
    revalidatePath("/tenants");
    redirect(`/tenants/${tenant.id}?created=1`);
  },
);

export const updateTenantAction = workspaceAction(
  { role: "admin", schema: tenantId.extend({ name: updateTenantInput.shape.name.unwrap(), metadata: metadataField }) },
  async ({ tenantId: ref, ...changes }, ctx) => {
    const tenant = await updateTenant(ctx.workspaceId, ref, changes, ctx.actor);
    revalidatePath(`/tenants/${tenant.id}`);
    return null;
  },
);

export const setTenantDisabledAction = workspaceAction(
  {
    role: "admin",
    schema: tenantId.extend({
      disabled: z.enum(["true", "false"]).transform((value) => value === "true"),
      disabledReason: z.preprocess(blankIsAbsent, updateTenantInput.shape.disabledReason),
    }),
  },
  async ({ tenantId: ref, ...change }, ctx) => {
    const tenant = await updateTenant(ctx.workspaceId, ref, change, ctx.actor);
    revalidatePath(`/tenants/${tenant.id}`);
    return { disabled: tenant.disabled };
  },
);

export const deleteTenantAction = workspaceAction(
  { role: "admin", schema: tenantId.extend({ confirmKey: z.string().max(200) }) },
  async ({ tenantId: ref, confirmKey }, ctx) => {
    const tenant = await findTenant(ctx.workspaceId, ref);
    // Typing the key is the confirmation; the server checks it too, so no request deletes without it.
    if (confirmKey.trim() !== tenant.key) throw new DomainError("invalid", `Type the tenant's key, ${tenant.key}, to delete it.`, "confirmKey");
    await deleteTenant(ctx.workspaceId, tenant.id, ctx.actor);
    revalidatePath("/tenants");
    redirect(`/tenants?${new URLSearchParams({ deleted: tenant.key })}`);
  },
);
