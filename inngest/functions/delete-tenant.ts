import { NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { TENANT_DELETED, tenantDeleted, tenantDeletedEvent } from "@/inngest/events";
import { deleteTenantData } from "@/lib/tenants/delete-tenant-data";

// Well under the engine's cap on steps per run; a bigger tenant carries on in a run of its own.
const BATCHES_PER_RUN = 500;

/**
 * Deletes a deleted tenant's endpoints, events, deliveries and attempts, one batch per step, then
 * its row. One run per tenant at a time; a repeated event or run deletes nothing twice.
 */
export const deleteTenant = inngest.createFunction(
  { id: "delete-tenant", triggers: [{ event: TENANT_DELETED }], retries: 10, concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step, runId }) => {
    const { tenantId, workspaceId } = tenantDeleted.parse(event.data);
    const deletion = await deleteTenantData(tenantId, workspaceId, {
      // Its steps return numbers, booleans and strings, which their JSON gives back unchanged.
      run: (id, work) => step.run(id, work) as Promise<Awaited<ReturnType<typeof work>>>,
      maxBatches: BATCHES_PER_RUN,
    });
    if (deletion.state === "refused") throw new NonRetriableError(`Tenant ${tenantId} is not deleted; its data is kept.`);
    if (deletion.state === "unfinished") {
      // Named after this run, so a repeated call sends it once.
      await step.sendEvent("carry on", { ...tenantDeletedEvent({ id: tenantId, workspaceId }), id: `${runId}-carry-on` });
    }
    return deletion;
  },
);
