"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { accentStyle } from "@/components/portal/accent";
import { PortalHeader } from "@/components/portal/portal-header";
import { PortalSessionProvider } from "@/components/portal/portal-session";
import type { PortalBranding } from "@/lib/portal/settings";

type Props = { workspaceId: string; branding: Omit<PortalBranding, "frameOrigins">; children: React.ReactNode };

/** The portal's frame: branding, theme, navigation, and nothing of the tenant's until its token is accepted. */
export function PortalShell({ workspaceId, branding, children }: Props) {
  const theme = branding.theme === "auto" ? "" : `theme-${branding.theme}`;
  return (
    <div
      className={`${theme} min-h-screen bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100`}
      style={{ ...accentStyle(branding.accentColor), colorScheme: branding.theme === "auto" ? "light dark" : branding.theme }}
    >
      <PortalSessionProvider
        workspaceId={workspaceId}
        loading={
          <>
            <PortalHeader productName={branding.productName} logoUrl={branding.logoUrl} />
            <main className="mx-auto max-w-5xl px-4 py-8">
              <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
                Opening your webhooks…
              </p>
            </main>
          </>
        }
        expired={
          <>
            <PortalHeader productName={branding.productName} logoUrl={branding.logoUrl} />
            <main className="mx-auto max-w-xl px-4 py-16 text-center">
              <h1 className="text-xl font-semibold">This link has expired or was revoked.</h1>
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Ask {branding.productName} for a new one.</p>
            </main>
          </>
        }
      >
        {(session) => (
          <>
            <PortalHeader productName={branding.productName} logoUrl={branding.logoUrl} returnUrl={session.returnUrl}>
              <span className="text-zinc-600 dark:text-zinc-400">{session.tenant.name}</span>
            </PortalHeader>
            <PortalNav workspaceId={workspaceId} />
            <main className="mx-auto max-w-5xl space-y-6 px-4 py-6">
              {session.readOnly ? (
                <p
                  role="note"
                  className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
                >
                  This is a read-only link: you can look at everything, but not change anything.
                </p>
              ) : null}
              {children}
            </main>
          </>
        )}
      </PortalSessionProvider>
    </div>
  );
}

function PortalNav({ workspaceId }: { workspaceId: string }) {
  const pathname = usePathname();
  const base = `/portal/${workspaceId}`;
  const items = [
    { href: base, label: "Endpoints", active: pathname === base || pathname.startsWith(`${base}/endpoints`) },
    { href: `${base}/deliveries`, label: "Deliveries", active: pathname.startsWith(`${base}/deliveries`) },
    { href: `${base}/event-types`, label: "Event types", active: pathname.startsWith(`${base}/event-types`) },
    { href: `${base}/verifying-signatures`, label: "Verifying signatures", active: pathname.startsWith(`${base}/verifying-signatures`) },
  ];
  return (
    <nav aria-label="Portal" className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <ul className="mx-auto flex max-w-5xl gap-1 overflow-x-auto px-4">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={item.active ? "page" : undefined}
              className={`-mb-px block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-[var(--portal-accent)] ${
                item.active
                  ? "border-[var(--portal-accent)] text-zinc-900 dark:text-zinc-100"
                  : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              }`}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
