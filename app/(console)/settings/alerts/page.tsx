import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { MAX_EMAIL_RECIPIENTS } from "@/lib/alerts/channel-schemas";
import { listAlertChannels } from "@/lib/alerts/channels";
import { SMTP_NOT_CONFIGURED, smtpConfigured } from "@/lib/alerts/email";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { AlertChannelEnablement, DeleteAlertChannelButton, TestAlertChannelButton } from "./_components/alert-channel-controls";
import { CreateAlertChannelForm } from "./_components/create-alert-channel-form";

export const metadata: Metadata = { title: "Alert channels" };

export default async function AlertChannelsPage() {
  const { workspace, role } = await requireConsoleContext();
  const channels = await listAlertChannels(workspace.id);
  const canManage = hasRole(role, "admin");
  const smtpReady = smtpConfigured();
  return (
    <>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        When an endpoint starts failing, is disabled, or its deliveries fail for good, Tern opens an alert in the{" "}
        <Link href="/alerts" className="text-teal-800 underline dark:text-teal-300">
          alerts inbox
        </Link>{" "}
        and tells every enabled channel below, again when the alert resolves.
      </p>
      {canManage ? (
        <Card title="Add a channel" description="Email goes out through this server's SMTP settings; Slack through an incoming webhook.">
          <CreateAlertChannelForm smtpConfigured={smtpReady} maxRecipients={MAX_EMAIL_RECIPIENTS} />
        </Card>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          You are a viewer: you can see the channels, but only admins and owners can change or test them.
        </p>
      )}
      <Card title="Channels">
        {channels.length === 0 ? (
          <EmptyState title="No alert channels yet">
            {canManage ? "Add one above: alerts then reach you by email or in Slack." : "Ask an admin to add one."}
          </EmptyState>
        ) : (
          <Table caption="Alert channels">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Sends to</Th>
                <Th>Status</Th>
                <Th>Last sent</Th>
                {canManage ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {channels.map((channel) => {
                const lastError = channel.lastError ?? (channel.kind === "email" && !smtpReady ? SMTP_NOT_CONFIGURED : null);
                return (
                  <tr key={channel.id}>
                    <Td className="font-medium">
                      {channel.name}
                      <span className="block text-xs font-normal text-zinc-500">{channel.kind === "email" ? "Email" : "Slack"}</span>
                    </Td>
                    <Td className="max-w-xs text-xs">
                      {channel.kind === "email" ? (
                        <span className="break-words">{channel.emailRecipients.join(", ")}</span>
                      ) : (
                        <span title="The webhook URL is stored encrypted; only its host is shown.">
                          Incoming webhook at <span className="font-mono">{channel.slackHost}</span>
                        </span>
                      )}
                    </Td>
                    <Td>
                      <div className="space-y-1">
                        {channel.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="gray">Disabled</Badge>}
                        {lastError ? <p className="max-w-xs break-words text-xs text-red-700 dark:text-red-400">{lastError}</p> : null}
                      </div>
                    </Td>
                    <Td>{channel.lastSentAt ? <RelativeTime date={channel.lastSentAt} /> : "Never"}</Td>
                    {canManage ? (
                      <Td>
                        <div className="flex flex-wrap items-start justify-end gap-2">
                          <TestAlertChannelButton channelId={channel.id} name={channel.name} />
                          <AlertChannelEnablement channelId={channel.id} name={channel.name} enabled={channel.enabled} />
                          <DeleteAlertChannelButton channelId={channel.id} name={channel.name} />
                        </div>
                      </Td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
