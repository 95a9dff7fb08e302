import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { getWorkspace } from "@/lib/workspaces/workspaces";
import { WorkspaceSettingsForm } from "./workspace-settings-form";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const { workspace, role } = await requireConsoleContext();
  const settings = (await getWorkspace(workspace.id))!;
  return (
    <Card title="Workspace" description="Events, deliveries and attempts older than the retention period are deleted by the daily cleanup.">
      <WorkspaceSettingsForm
        name={settings.name}
        retentionDays={settings.retentionDays}
        maxEndpointsPerTenant={settings.maxEndpointsPerTenant}
        readOnly={!hasRole(role, "admin")}
      />
    </Card>
  );
}
