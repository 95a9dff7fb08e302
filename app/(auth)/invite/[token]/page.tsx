import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { currentSessionUser } from "@/lib/auth/session";
import { type InvitationView, viewInvitation } from "@/lib/members/invitations";
import { invitationToken } from "@/lib/members/schemas";
import { normalizeEmail } from "@/lib/users/users";
import { AnswerInvitation, CreateAccountForm, SignInToAnswerForm, SwitchAccountForm } from "./invitation-forms";

export const metadata: Metadata = { title: "Invitation" };

const signInLink = (
  <Link href="/sign-in" className="font-medium text-teal-800 underline dark:text-teal-400">
    Go to sign in
  </Link>
);

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const invitation: InvitationView = invitationToken.safeParse(token).success ? await viewInvitation(token) : { status: "unusable" };
  if (invitation.status === "expired") {
    return (
      <Card title="This invitation has expired" description="Invitation links work for 7 days. Ask whoever invited you for a new one.">
        {signInLink}
      </Card>
    );
  }
  if (invitation.status === "unusable") {
    return (
      <Card
        title="This invitation link does not work"
        description="It has been used, declined or withdrawn, or it was copied incompletely. Ask whoever invited you for a new one."
      >
        {signInLink}
      </Card>
    );
  }
  const description = `${invitation.invitedBy ?? "A member"} invited ${invitation.email} to join ${invitation.workspaceName} as ${invitation.role}.`;
  const user = await currentSessionUser();
  if (user && normalizeEmail(user.email) === invitation.email) {
    return (
      <Card title={`Join ${invitation.workspaceName}`} description={description}>
        <AnswerInvitation token={token} workspaceName={invitation.workspaceName} />
      </Card>
    );
  }
  if (user) {
    return (
      <Card title={`Join ${invitation.workspaceName}`} description={description}>
        <div className="space-y-4">
          <Alert tone="info">
            You are signed in as {user.email}. Sign out, then sign in as {invitation.email} to answer this invitation.
          </Alert>
          <SwitchAccountForm token={token} />
        </div>
      </Card>
    );
  }
  return (
    <Card
      title={`Join ${invitation.workspaceName}`}
      description={
        invitation.hasAccount ? `${description} Sign in to accept or decline.` : `${description} Choose a password to create your account; you join at once.`
      }
    >
      {invitation.hasAccount ? <SignInToAnswerForm token={token} email={invitation.email} /> : <CreateAccountForm token={token} email={invitation.email} />}
    </Card>
  );
}
