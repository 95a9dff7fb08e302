import Link from "next/link";
import type { TenantLabel } from "@/lib/tenants/labels";

/**
 * Whose an endpoint, event or delivery is: the tenant's key, linking to its page, or the
 * workspace's own. A tenant without a label was deleted and is on its way out.
 */
export function TenantLink({ tenantId, label }: { tenantId: string | null; label: TenantLabel | undefined }) {
  if (tenantId === null) return <span className="text-zinc-600 dark:text-zinc-400">Workspace</span>;
  if (!label) return <span className="text-zinc-600 dark:text-zinc-400">Deleted tenant</span>;
  return (
    <Link
      href={`/tenants/${tenantId}`}
      title={label.name === label.key ? undefined : label.name}
      className="font-mono text-xs text-teal-800 hover:underline dark:text-teal-300"
    >
      {label.key}
    </Link>
  );
}

/** The "Tenant" line of a detail page, with the tenant's name beside its key. */
export function TenantLine({ tenantId, label }: { tenantId: string | null; label: TenantLabel | undefined }) {
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400">
      Tenant:{" "}
      {tenantId === null ? (
        "none, the workspace's own"
      ) : (
        <>
          <TenantLink tenantId={tenantId} label={label} />
          {label && label.name !== label.key ? ` · ${label.name}` : ""}
        </>
      )}
    </p>
  );
}
