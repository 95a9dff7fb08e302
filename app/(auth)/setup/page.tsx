import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { isLocalRequest } from "@/lib/auth/client-address";
import { maySetUp, reportRefusedSetup, type SetupAccess } from "@/lib/setup/setup-token";
import { countUsers } from "@/lib/users/users";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Tern" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  await connection();
  if ((await countUsers()) > 0) redirect("/sign-in");
  const { token } = await searchParams;
  const requestHeaders = await headers();
  const access: SetupAccess = { fromThisMachine: isLocalRequest(requestHeaders), token: typeof token === "string" ? token : undefined };
  if (!maySetUp(access)) {
    reportRefusedSetup(requestHeaders);
    return (
      <Card title="Open the setup link" description="Tern has no owner yet, and only the person who started it may create one.">
        {access.token ? <Alert tone="error">This setup link is not valid. Use the one Tern printed when it started.</Alert> : null}
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Open the link that Tern printed in its terminal when it started (it ends in <code>/setup?token=…</code>; the web server&apos;s log has it too), or
          open this page on the machine Tern runs on, without a proxy between.
        </p>
      </Card>
    );
  }
  return <SetupForm token={access.token} />;
}
