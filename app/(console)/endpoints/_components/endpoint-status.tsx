import { Badge } from "@/components/ui/badge";

export function EndpointStatus({ enabled, disabledReason, failedRecently }: { enabled: boolean; disabledReason: string | null; failedRecently: boolean }) {
  if (!enabled) {
    return (
      <Badge tone="red" title={disabledReason ?? undefined}>
        Disabled{disabledReason ? `: ${disabledReason}` : ""}
      </Badge>
    );
  }
  return failedRecently ? <Badge tone="amber">Failing</Badge> : <Badge tone="green">Enabled</Badge>;
}
