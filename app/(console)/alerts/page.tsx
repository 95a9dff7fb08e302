import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/console/pager";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { Alert } from "@/db/schema";
import { listAlerts, previousAlertsCursor } from "@/lib/alerts/lifecycle";
import { ALERT_CONDITION_LABELS } from "@/lib/alerts/notice";
import { countUnresolvedAlerts } from "@/lib/alerts/unresolved-counts";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { setting } from "@/lib/config/settings";
import { listHref } from "@/lib/console/list-href";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { AlertButtons } from "./_components/alert-buttons";
import { alertsSearch } from "./search-params";

export const metadata: Metadata = { title: "Alerts" };

const PAGE_SIZE = 50;

const TABS: { status: Alert["status"]; label: string }[] = [
  { status: "open", label: "Open" },
  { status: "acknowledged", label: "Acknowledged" },
  { status: "resolved", label: "Resolved" },
];

const CONDITION_TONES: Record<Alert["condition"], BadgeTone> = {
  endpoint_failing: "red",
  endpoint_disabled: "amber",
  deliveries_exhausted: "red",
};

// The open tab is the default, so its links carry no status.
const pageHref = (status: Alert["status"], cursor?: string | null) => listHref("/alerts", { status: status === "open" ? undefined : status, cursor });

function WhatRaisesAlerts() {
  return (
    <>
      <p>
        Tern opens an alert when an endpoint's last {setting("TERN_FAILING_AFTER_ATTEMPTS")} attempts all failed, when an endpoint is disabled, and when
        deliveries fail for good.
      </p>
      <p className="mt-1">An alert resolves by itself when its endpoint recovers or is enabled again.</p>
      <p className="mt-3">
        <Link href="/settings/alerts" className="text-teal-800 underline dark:text-teal-300">
          Settings → Alerts
        </Link>{" "}
        sends them to you by email or in Slack.
      </p>
    </>
  );
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  const {
    values: { status, cursor },
    ignored,
  } = parseSearchParams(alertsSearch, await searchParams);
  const [page, previousCursor, unresolved] = await Promise.all([
    listAlerts(workspace.id, { status, cursor, limit: PAGE_SIZE }),
    cursor ? previousAlertsCursor(workspace.id, { status, cursor, limit: PAGE_SIZE }) : undefined,
    countUnresolvedAlerts(workspace.id),
  ]);
  const canManage = hasRole(role, "admin") && status !== "resolved";
  return (
    <>
      <div className="flex items-start justify-between gap-4">
        <PageHeader title="Alerts" description="What needs your attention: failing and disabled endpoints, deliveries that failed for good." />
        <Link href="/settings/alerts" className={buttonClass("secondary")}>
          Notification channels
        </Link>
      </div>
      <IgnoredSearchParams names={ignored} />
      <nav aria-label="Alert status" className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {TABS.map((tab) => {
          const active = tab.status === status;
          return (
            <Link
              key={tab.status}
              href={pageHref(tab.status)}
              aria-current={active ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-teal-600 ${
                active
                  ? "border-teal-700 text-teal-900 dark:border-teal-400 dark:text-teal-100"
                  : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              }`}
            >
              {tab.label}
              {tab.status !== "resolved" && unresolved[tab.status] > 0 ? (
                <span className="ml-1.5 rounded-full bg-zinc-100 px-1.5 py-0.5 text-xs tabular-nums text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                  {unresolved[tab.status]}
                </span>
              ) : null}
            </Link>
          );
        })}
      </nav>
      {page.data.length === 0 ? (
        <EmptyState title={cursor ? "No more alerts" : `No ${status} alerts`}>
          <WhatRaisesAlerts />
        </EmptyState>
      ) : (
        <Table caption={`${TABS.find((tab) => tab.status === status)!.label} alerts`}>
          <thead>
            <tr>
              <Th>Alert</Th>
              <Th>Endpoint</Th>
              <Th>When</Th>
              {canManage ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {page.data.map((alert) => (
              <tr key={alert.id} id={alert.id}>
                <Td className="max-w-md">
                  <Badge tone={CONDITION_TONES[alert.condition]}>{ALERT_CONDITION_LABELS[alert.condition]}</Badge>
                  <p className="mt-1 break-words">{alert.summary}</p>
                </Td>
                <Td className="max-w-xs">
                  {alert.endpointId && alert.endpointUrl ? (
                    <Link href={`/endpoints/${alert.endpointId}`} className="block truncate font-mono text-xs text-teal-800 hover:underline dark:text-teal-300">
                      {alert.endpointUrl}
                    </Link>
                  ) : (
                    <span className="text-zinc-600 dark:text-zinc-400">Deleted endpoint</span>
                  )}
                </Td>
                <Td className="text-xs">
                  <p>
                    Opened <RelativeTime date={alert.openedAt} />
                  </p>
                  {alert.acknowledgedAt ? (
                    <p>
                      Acknowledged <RelativeTime date={alert.acknowledgedAt} />
                    </p>
                  ) : null}
                  {alert.resolvedAt ? (
                    <p>
                      Resolved <RelativeTime date={alert.resolvedAt} />
                    </p>
                  ) : null}
                </Td>
                {canManage ? (
                  <Td>
                    <AlertButtons alertId={alert.id} summary={alert.summary} status={alert.status} />
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager
        noun="alerts"
        firstHref={cursor ? pageHref(status) : undefined}
        previousHref={cursor ? pageHref(status, previousCursor) : undefined}
        nextHref={page.nextCursor ? pageHref(status, page.nextCursor) : undefined}
      />
    </>
  );
}
