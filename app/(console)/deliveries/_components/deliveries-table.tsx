"use client";

import {
  type ColumnVisibilityState,
  columnVisibilityFeature,
  createColumnHelper,
  type RowSelectionState,
  rowSelectionFeature,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useActionState, useState } from "react";
import { z } from "zod";
import { TenantLink } from "@/components/console/tenant-link";
import { useStoredState } from "@/components/console/use-stored-state";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table } from "@/components/ui/table";
import { useResultToast } from "@/components/ui/toaster";
import type { Delivery } from "@/db/schema";
import type { TenantLabel } from "@/lib/tenants/labels";
import { formatDurationMs } from "@/lib/time/format-duration";
import { formatUtc } from "@/lib/time/utc";
import { retryDeliveriesAction } from "../actions";
import { statusTone } from "./status-tone";

export type DeliveryRow = {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  endpointUrl: string;
  tenantId: string | null;
  /** Null for the workspace's own, and for a deleted tenant. */
  tenant: TenantLabel | null;
  status: Delivery["status"];
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** How long the latest attempt took; null before the first. */
  lastDurationMs: number | null;
  nextAttemptAt: string | null;
  createdAt: string;
  /** Made by "Send test event". */
  test: boolean;
};

const features = tableFeatures({ rowSelectionFeature, columnVisibilityFeature });
const helper = createColumnHelper<typeof features, DeliveryRow>();

/** The Time header: a link that flips the sort direction and starts again from the first page. */
function TimeSortHeader() {
  const search = useSearchParams();
  const oldest = search.get("order") === "oldest";
  const next = new URLSearchParams(search);
  next.delete("cursor");
  if (oldest) next.delete("order");
  else next.set("order", "oldest");
  return (
    <Link
      href={next.size > 0 ? `/deliveries?${next}` : "/deliveries"}
      className="inline-flex items-center gap-1 whitespace-nowrap hover:underline"
      aria-label={`Time, ${oldest ? "oldest" : "newest"} first. Sort ${oldest ? "newest" : "oldest"} first`}
    >
      Time <span aria-hidden="true">{oldest ? "↑" : "↓"}</span>
    </Link>
  );
}

// Links and controls inside a row sit above the row's own link, which covers the whole row.
const aboveRowLink = "relative z-10";

const columns = helper.columns([
  helper.display({
    id: "select",
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select all deliveries on this page"
        className="size-4 accent-teal-700"
        checked={table.getIsAllRowsSelected()}
        onChange={table.getToggleAllRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select delivery ${row.original.id}`}
        className={`size-4 accent-teal-700 ${aboveRowLink}`}
        checked={row.getIsSelected()}
        onChange={() => row.toggleSelected()}
      />
    ),
    enableHiding: false,
  }),
  helper.accessor("id", {
    header: "Delivery",
    // The row's link: stretched over the whole row, so a click anywhere opens the delivery.
    cell: ({ row, getValue }) => (
      <Link
        href={`/deliveries/${getValue()}`}
        className="block whitespace-nowrap after:absolute after:inset-0 focus-visible:outline-2 focus-visible:outline-teal-600"
      >
        <span className="block font-mono text-xs text-teal-800 dark:text-teal-300">{getValue()}</span>
        <span className="block font-mono text-xs text-zinc-600 dark:text-zinc-400">{row.original.eventType}</span>
      </Link>
    ),
    enableHiding: false,
  }),
  helper.accessor("status", {
    header: "Status",
    cell: ({ row, getValue }) => (
      <span className="inline-flex gap-1 whitespace-nowrap">
        <Badge tone={statusTone[getValue()]} title={row.original.nextAttemptAt ? `Next attempt ${formatUtc(row.original.nextAttemptAt)}` : undefined}>
          {getValue()}
        </Badge>
        {row.original.test ? <Badge tone="gray">test</Badge> : null}
      </span>
    ),
  }),
  helper.accessor("endpointUrl", {
    header: "Endpoint",
    cell: ({ row, getValue }) => (
      <Link href={`/endpoints/${row.original.endpointId}`} title={getValue()} className={`block max-w-56 truncate hover:underline ${aboveRowLink}`}>
        {getValue()}
      </Link>
    ),
  }),
  helper.accessor("tenantId", {
    header: "Tenant",
    cell: ({ row, getValue }) => (
      <span className={`whitespace-nowrap ${aboveRowLink}`}>
        <TenantLink tenantId={getValue()} label={row.original.tenant ?? undefined} />
      </span>
    ),
  }),
  helper.accessor("attemptCount", { header: "Attempts", cell: ({ getValue }) => <span className="tabular-nums">{getValue()}</span> }),
  helper.accessor("lastStatusCode", {
    header: "Response",
    cell: ({ row, getValue }) => {
      const error = row.original.lastError;
      const shown = getValue() ?? (error ? "no response" : "—");
      // The error in full on hover; above the row's link, so the pointer reaches it.
      return error ? (
        <span title={error} className={`cursor-help whitespace-nowrap underline decoration-dotted underline-offset-2 ${aboveRowLink}`}>
          {shown}
        </span>
      ) : (
        <span className="whitespace-nowrap">{shown}</span>
      );
    },
  }),
  helper.accessor("lastDurationMs", {
    header: "Duration",
    cell: ({ getValue }) => <span className="whitespace-nowrap tabular-nums">{getValue() === null ? "—" : formatDurationMs(getValue()!)}</span>,
  }),
  helper.accessor("nextAttemptAt", { header: "Next attempt", cell: ({ getValue }) => (getValue() ? <RelativeTime date={getValue()!} /> : "—") }),
  helper.accessor("createdAt", {
    header: () => <TimeSortHeader />,
    cell: ({ getValue }) => <RelativeTime date={getValue()} />,
    enableHiding: false,
  }),
]);

const COLUMNS_KEY = "tern.deliveries.columns";
const storedColumns = z.record(z.string(), z.boolean());
// The next attempt also shows on hover over a retrying status; its own column is there to choose.
const DEFAULT_COLUMNS: ColumnVisibilityState = { nextAttemptAt: false };

/** The delivery history page's table: server-paged rows, row selection for bulk retry, column choices the browser remembers. */
export function DeliveriesTable({ rows, canManage }: { rows: DeliveryRow[]; canManage: boolean }) {
  const order = useSearchParams().get("order") === "oldest" ? "oldest" : "newest";
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [chosenColumns, setChosenColumns] = useStoredState(COLUMNS_KEY, storedColumns, DEFAULT_COLUMNS);
  const [retry, retryAction] = useActionState(retryDeliveriesAction, null);
  useResultToast(retry, ({ count }) => `Retry requested for ${count} ${count === 1 ? "delivery" : "deliveries"}.`);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    // Selection is for admins only, whatever was stored.
    state: { rowSelection, columnVisibility: { ...chosenColumns, select: canManage } },
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: (updater) => setChosenColumns((previous) => (typeof updater === "function" ? updater(previous) : updater)),
  });
  // Selection survives live refreshes because rows are keyed by id; ids that left the page are dropped here.
  const selected = Object.keys(rowSelection).filter((id) => rowSelection[id] && rows.some((row) => row.id === id));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        {canManage ? (
          <form action={retryAction} className="flex items-center gap-2">
            {selected.map((id) => (
              <input key={id} type="hidden" name="deliveryIds" value={id} />
            ))}
            <SubmitButton variant="secondary" pendingLabel="Retrying…">
              {`Retry selected (${selected.length})`}
            </SubmitButton>
          </form>
        ) : (
          <span />
        )}
        <details className="relative text-sm">
          <summary className="cursor-pointer rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">Columns</summary>
          <div className="absolute right-0 z-20 mt-1 w-48 space-y-1 rounded-md border border-zinc-200 bg-white p-2 shadow-md dark:border-zinc-700 dark:bg-zinc-900">
            {table
              .getAllLeafColumns()
              .filter((column) => column.getCanHide())
              .map((column) => (
                <label key={column.id} className="flex items-center gap-2">
                  <input type="checkbox" className="size-4 accent-teal-700" checked={column.getIsVisible()} onChange={() => column.toggleVisibility()} />
                  {typeof column.columnDef.header === "string" ? column.columnDef.header : column.id}
                </label>
              ))}
          </div>
        </details>
      </div>
      {retry && !retry.ok ? <Alert tone="error">{retry.fieldErrors?.deliveryIds ? "Select at least one delivery." : retry.error}</Alert> : null}
      <Table caption="Deliveries">
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={header.id === "createdAt" ? (order === "oldest" ? "ascending" : "descending") : undefined}
                  className="whitespace-nowrap px-3 py-2 text-left font-medium text-zinc-600 dark:text-zinc-400"
                >
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-state={row.getIsSelected() ? "selected" : undefined}
              className="relative hover:bg-zinc-50 data-[state=selected]:bg-teal-50/60 dark:hover:bg-zinc-900/60 dark:data-[state=selected]:bg-teal-950/40"
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-3 py-2 align-middle">
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
