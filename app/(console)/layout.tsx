import Link from "next/link";
import { ConsoleNav } from "@/components/console/console-nav";
import { SkipLink } from "@/components/ui/skip-link";
import { Toaster } from "@/components/ui/toaster";
import { countUnresolvedAlerts } from "@/lib/alerts/unresolved-counts";
import { requireConsoleContext } from "@/lib/auth/session";
import { ConsoleDrawer } from "./_components/console-drawer";
import { SignOutButton } from "./_components/sign-out-button";
import { WorkspaceSwitcher } from "./_components/workspace-switcher";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const context = await requireConsoleContext();
  const alerts = await countUnresolvedAlerts(context.workspace.id);
  // One sidebar, shown beside the page on wide screens and in the drawer on narrow ones.
  const sidebar = (
    <>
      <WorkspaceSwitcher current={context.workspace.id} workspaces={context.workspaces} />
      <ConsoleNav openAlerts={alerts.open} />
      <div className="mt-auto space-y-2 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
        <Link
          href="/docs/api"
          className="block rounded-md px-3 py-2 font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          API reference
        </Link>
        <p className="truncate px-3 text-zinc-600 dark:text-zinc-400" title={context.email}>
          {context.email}
        </p>
        <SignOutButton />
      </div>
    </>
  );
  return (
    <>
      <SkipLink />
      <ConsoleDrawer>{sidebar}</ConsoleDrawer>
      <div className="flex md:min-h-screen">
        <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col gap-6 overflow-y-auto border-r border-zinc-200 bg-white p-4 md:flex dark:border-zinc-800 dark:bg-zinc-900">
          <p className="px-3 text-xl font-semibold tracking-tight text-teal-800 dark:text-teal-400">Tern</p>
          {sidebar}
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-6 md:px-8 md:py-8">
          <Toaster>{children}</Toaster>
        </main>
      </div>
    </>
  );
}
