import { inputClass } from "@/components/ui/field";

/**
 * An endpoint picker for GET filter forms (history, dashboard); the empty option means all.
 * Tenants' endpoints often share a URL, so theirs carry the tenant's key.
 */
export function EndpointFilter({
  endpoints,
  selected,
  anyLabel,
  visibleLabel = true,
}: {
  endpoints: { id: string; url: string; tenantKey?: string }[];
  selected?: string;
  anyLabel: string;
  visibleLabel?: boolean;
}) {
  return (
    <label className="text-sm">
      <span className={visibleLabel ? "mb-1 block font-medium" : "sr-only"}>Endpoint</span>
      <select name="endpointId" defaultValue={selected ?? ""} className={inputClass}>
        <option value="">{anyLabel}</option>
        {endpoints.map((endpoint) => (
          <option key={endpoint.id} value={endpoint.id}>
            {endpoint.tenantKey ? `${endpoint.url} (${endpoint.tenantKey})` : endpoint.url}
          </option>
        ))}
      </select>
    </label>
  );
}
