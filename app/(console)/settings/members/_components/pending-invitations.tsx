"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, Td, Th } from "@/components/ui/table";
import { useResultToast } from "@/components/ui/toaster";
import type { MemberRole } from "@/db/schema";
import { revokeInvitationAction } from "../actions";

type PendingInvitation = { id: string; email: string; role: MemberRole; expiresAt: string };

function RevokeInvitation({ invitation }: { invitation: PendingInvitation }) {
  const [state, revoke] = useActionState(revokeInvitationAction, null);
  useResultToast(state, () => `Withdrew the invitation of ${invitation.email}.`);
  return (
    <form action={revoke} className="inline-flex items-center gap-2">
      <input type="hidden" name="invitationId" value={invitation.id} />
      <SubmitButton variant="ghost" pendingLabel="Withdrawing…">
        Withdraw<span className="sr-only"> the invitation of {invitation.email}</span>
      </SubmitButton>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}

export function PendingInvitations({ invitations, canManage }: { invitations: PendingInvitation[]; canManage: boolean }) {
  return (
    <Table caption="Pending invitations">
      <thead>
        <tr>
          <Th>Email</Th>
          <Th>Role</Th>
          <Th>Expires</Th>
          {canManage ? <Th>Actions</Th> : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {invitations.map((invitation) => (
          <tr key={invitation.id}>
            <Td className="font-medium">{invitation.email}</Td>
            <Td className="capitalize">{invitation.role}</Td>
            <Td>
              <time dateTime={invitation.expiresAt}>{new Date(invitation.expiresAt).toUTCString()}</time>
            </Td>
            {canManage ? (
              <Td>
                <RevokeInvitation invitation={invitation} />
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
