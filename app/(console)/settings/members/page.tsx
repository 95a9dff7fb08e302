import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { listMembers } from "@/lib/members/members";
import { formatRelativeTime } from "@/lib/time/relative";
import { AddMemberForm } from "./_components/add-member-form";
import { MemberControls } from "./_components/member-controls";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { workspace, role, userId } = await requireConsoleContext();
  const members = await listMembers(workspace.id);
  const canManage = hasRole(role, "admin");
  return (
    <>
      {canManage ? (
        <Card title="Add a member" description="Viewers can read everything; admins can also change settings; owners can also manage owners.">
          <AddMemberForm canGrantOwner={role === "owner"} />
        </Card>
      ) : null}
      <Card title="Members">
        <Table caption="Workspace members">
          <thead>
            <tr>
              <Th>Email</Th>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Joined</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {members.map((member) => (
              <tr key={member.userId}>
                <Td className="font-medium">
                  {member.email}
                  {member.userId === userId ? <span className="ml-2 text-xs text-zinc-500">(you)</span> : null}
                </Td>
                <Td>{member.name || "—"}</Td>
                <Td>
                  {canManage && (role === "owner" || member.role !== "owner") ? (
                    <MemberControls userId={member.userId} email={member.email} role={member.role} canGrantOwner={role === "owner"} />
                  ) : (
                    <span className="capitalize">{member.role}</span>
                  )}
                </Td>
                <Td>
                  <time dateTime={member.joinedAt.toISOString()}>{formatRelativeTime(member.joinedAt)}</time>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
