import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { HealthState } from "@/lib/endpoints/endpoint-health";

/** Whether the endpoint receives events at all; how its attempts go is its health. */
export function EndpointStatus({ enabled, disabledReason }: { enabled: boolean; disabledReason: string | null }) {
  if (!enabled) {
    return (
      <Badge tone="red" title={disabledReason ?? undefined}>
        Disabled{disabledReason ? `: ${disabledReason}` : ""}
      </Badge>
    );
  }
  return <Badge tone="gray">Enabled</Badge>;
}

const healthTone: Record<HealthState, BadgeTone> = { failing: "red", degraded: "amber", healthy: "green", idle: "gray" };

export function HealthBadge({ state, reason }: { state: HealthState; reason: string }) {
  return (
    <span data-testid="endpoint-health" data-health={state}>
      <Badge tone={healthTone[state]} title={reason}>
        {state}
      </Badge>
    </span>
  );
}
