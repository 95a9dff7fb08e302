import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { uncataloguedEventsSince } from "@/lib/event-types/uncatalogued-events";
import { getWorkspace } from "@/lib/workspaces/workspaces";
import { StrictModeSwitch } from "./strict-mode-switch";
import { WorkspaceSettingsForm } from "./workspace-settings-form";

const DAY_MS = 24 * 3600 * 1000;

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const { workspace, role } = await requireConsoleContext();
  const settings = (await getWorkspace(workspace.id))!;
  const readOnly = !hasRole(role, "admin");
  // Only asked for when it could be switched on: what the confirmation would name.
  const uncatalogued =
    settings.strictEventTypes || readOnly
      ? { events: 0, capped: false, types: [] }
      : await uncataloguedEventsSince(workspace.id, new Date(Date.now() - DAY_MS));
  return (
    <>
      <Card title="Workspace" description="Events, deliveries and attempts older than the retention period are deleted by the daily cleanup.">
        <WorkspaceSettingsForm
          name={settings.name}
          retentionDays={settings.retentionDays}
          maxEndpointsPerTenant={settings.maxEndpointsPerTenant}
          readOnly={readOnly}
        />
      </Card>
      <Card title="Strict mode" description="Whether publishing checks events against the event type catalog.">
        <StrictModeSwitch strict={settings.strictEventTypes} uncatalogued={uncatalogued} readOnly={readOnly} />
      </Card>
    </>
  );
}
