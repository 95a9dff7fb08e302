"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/endpoints", label: "Endpoints" },
  { href: "/tenants", label: "Tenants" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/events", label: "Events" },
  { href: "/event-types", label: "Event types" },
  { href: "/alerts", label: "Alerts" },
  { href: "/audit-log", label: "Audit log" },
  { href: "/settings/api-keys", label: "Settings", section: "/settings" },
  { href: "/account", label: "Account" },
];

// Pages render on the server before they show: the link followed says so meanwhile.
function Loading() {
  const { pending } = useLinkStatus();
  return pending ? <span aria-hidden="true" className="ml-2 inline-block size-2 animate-pulse rounded-full bg-teal-600 align-middle" /> : null;
}

/** The main navigation; `openAlerts` shows as a count beside Alerts while there are any. */
export function ConsoleNav({ openAlerts = 0 }: { openAlerts?: number }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {links.map((link) => {
        const active = pathname.startsWith(link.section ?? link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-teal-600 ${
              active
                ? "bg-teal-50 text-teal-900 dark:bg-teal-950 dark:text-teal-100"
                : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {link.label}
            <Loading />
            {link.href === "/alerts" && openAlerts > 0 ? (
              <span className="ml-2 rounded-full bg-red-600 px-2 py-0.5 text-xs font-semibold text-white tabular-nums">
                {openAlerts}
                <span className="sr-only"> open</span>
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
