import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { publicOrigin } from "@/lib/console/public-origin";
import { formatRelativeTime } from "@/lib/time/relative";
import { CreateApiKeyForm } from "./_components/create-api-key-form";
import { RevokeApiKeyButton } from "./_components/revoke-api-key-button";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { workspace, role } = await requireConsoleContext();
  const keys = await listApiKeys(workspace.id);
  const canManage = hasRole(role, "admin");
  return (
    <>
      {canManage ? (
        <Card title="Create an API key" description="Keys authenticate REST calls to this workspace. Leave every scope unticked for full access.">
          <CreateApiKeyForm origin={await publicOrigin()} />
        </Card>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">You are a viewer: you can see keys, but only admins and owners can create or revoke them.</p>
      )}
      <Card title="Active keys">
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet">
            {canManage ? (
              <>
                Create one above, then send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>.
              </>
            ) : (
              "Ask an admin to create one."
            )}
          </EmptyState>
        ) : (
          <Table caption="API keys">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Scopes</Th>
                <Th>Last used</Th>
                <Th>Created</Th>
                <Th>Created by</Th>
                {canManage ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {keys.map((key) => (
                <tr key={key.id}>
                  <Td className="font-medium">{key.name}</Td>
                  <Td className="font-mono text-xs">{key.prefix}…</Td>
                  <Td className="text-xs">{key.scopes.length === 0 ? "All scopes" : key.scopes.join(", ")}</Td>
                  <Td>{key.lastUsedAt ? <time dateTime={key.lastUsedAt.toISOString()}>{formatRelativeTime(key.lastUsedAt)}</time> : "Never"}</Td>
                  <Td>
                    <time dateTime={key.createdAt.toISOString()}>{formatRelativeTime(key.createdAt)}</time>
                  </Td>
                  <Td>{key.createdBy ?? "—"}</Td>
                  {canManage ? (
                    <Td className="text-right">
                      <RevokeApiKeyButton keyId={key.id} name={key.name} />
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
