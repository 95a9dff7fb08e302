import type { Metadata } from "next";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireConsoleContext } from "@/lib/auth/session";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { ChangePasswordForm } from "./_components/change-password-form";
import { SignOutEverywhereForm } from "./_components/sign-out-everywhere-form";

export const metadata: Metadata = { title: "Account" };

const accountSearch = z.object({ changed: z.enum(["password"]).optional() });

export default async function AccountPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { email } = await requireConsoleContext();
  const { values } = parseSearchParams(accountSearch, await searchParams);
  return (
    <>
      <PageHeader title="Account" description={`Signed in as ${email}.`} />
      <div className="space-y-6">
        <Card title="Password" description="Changing it signs you out on every other device and browser.">
          <div className="space-y-4">
            {values.changed === "password" ? <Alert tone="success">Your password was changed. Other sessions were signed out.</Alert> : null}
            <ChangePasswordForm email={email} />
          </div>
        </Card>
        <Card
          title="Sessions"
          description="Signs you out of Tern on every device and browser, this one included. Use it if you signed in somewhere you no longer trust."
        >
          <SignOutEverywhereForm />
        </Card>
      </div>
    </>
  );
}
