import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { getPortalBranding } from "@/lib/portal/settings";
import { PortalSettingsForm } from "./portal-settings-form";

export const metadata: Metadata = { title: "Portal settings" };

export default async function PortalSettingsPage() {
  const { workspace, role } = await requireConsoleContext();
  const branding = (await getPortalBranding(workspace.id))!;
  return (
    <Card
      title="Customer portal"
      description="How the portal looks to your tenants when they manage their own webhooks, and which of your sites may embed it in an iframe."
    >
      <PortalSettingsForm branding={branding} workspaceName={workspace.name} readOnly={!hasRole(role, "admin")} />
    </Card>
  );
}
