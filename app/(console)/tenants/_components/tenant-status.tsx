import { Badge } from "@/components/ui/badge";

export function TenantStatus({ disabled, disabledReason }: { disabled: boolean; disabledReason: string | null }) {
  if (!disabled) return <Badge tone="green">Active</Badge>;
  return (
    <Badge tone="red" title={disabledReason ?? undefined}>
      Disabled{disabledReason ? `: ${disabledReason}` : ""}
    </Badge>
  );
}
