import { ConsoleNav } from "@/components/console/console-nav";
import { Toaster } from "@/components/ui/toaster";
import { countUnresolvedAlerts } from "@/lib/alerts/unresolved-counts";
import { requireConsoleContext } from "@/lib/auth/session";
import { SignOutButton } from "./_components/sign-out-button";
import { WorkspaceSwitcher } from "./_components/workspace-switcher";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const context = await requireConsoleContext();
  const alerts = await countUnresolvedAlerts(context.workspace.id);
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 shrink-0 flex-col gap-6 border-r border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <p className="px-3 text-xl font-semibold tracking-tight text-teal-800 dark:text-teal-400">Tern</p>
        <WorkspaceSwitcher current={context.workspace.id} workspaces={context.workspaces} />
        <ConsoleNav openAlerts={alerts.open} />
        <div className="mt-auto space-y-2 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
          <p className="truncate px-3 text-zinc-600 dark:text-zinc-400" title={context.email}>
            {context.email}
          </p>
          <SignOutButton />
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-8">
        <Toaster>{children}</Toaster>
      </main>
    </div>
  );
}
