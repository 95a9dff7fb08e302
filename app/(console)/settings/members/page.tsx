import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { listPendingInvitations } from "@/lib/members/invitations";
import { listMembers } from "@/lib/members/members";
import { formatRelativeTime } from "@/lib/time/relative";
import { InviteMemberForm } from "./_components/invite-member-form";
import { MemberControls } from "./_components/member-controls";
import { PendingInvitations } from "./_components/pending-invitations";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { workspace, role, userId } = await requireConsoleContext();
  const [members, invitations] = await Promise.all([listMembers(workspace.id), listPendingInvitations(workspace.id)]);
  const canManage = hasRole(role, "admin");
  return (
    <>
      {canManage ? (
        <Card
          title="Invite a member"
          description="Viewers can read everything; admins can also change settings; owners can also manage owners. The invitee opens a single-use link, valid for 7 days, to join with a new or an existing account."
        >
          <InviteMemberForm canGrantOwner={role === "owner"} />
        </Card>
      ) : null}
      {invitations.length > 0 ? (
        <Card title="Pending invitations">
          <PendingInvitations
            invitations={invitations.map((invitation) => ({ ...invitation, expiresAt: invitation.expiresAt.toISOString() }))}
            canManage={canManage}
          />
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
                  {member.userId === userId ? <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">(you)</span> : null}
                </Td>
                <Td>{member.name || "—"}</Td>
                <Td>
                  {canManage && (role === "owner" || member.role !== "owner") ? (
                    <MemberControls
                      userId={member.userId}
                      email={member.email}
                      role={member.role}
                      canGrantOwner={role === "owner"}
                      activeApiKeysCreated={member.activeApiKeysCreated}
                      isYou={member.userId === userId}
                    />
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
