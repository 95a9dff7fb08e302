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
import { TenantLink } from "@/components/console/tenant-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import type { Delivery } from "@/db/schema";
import type { TenantLabel } from "@/lib/tenants/labels";
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
      href={`/deliveries?${next}`}
      className="inline-flex items-center gap-1 hover:underline"
      aria-label={`Time, ${oldest ? "oldest" : "newest"} first. Sort ${oldest ? "newest" : "oldest"} first`}
    >
      Time <span aria-hidden="true">{oldest ? "↑" : "↓"}</span>
    </Link>
  );
}

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });

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
        className="size-4 accent-teal-700"
        checked={row.getIsSelected()}
        onChange={() => row.toggleSelected()}
      />
    ),
    enableHiding: false,
  }),
  helper.accessor("createdAt", {
    header: () => <TimeSortHeader />,
    cell: ({ getValue }) => (
      <time dateTime={getValue()} className="whitespace-nowrap">
        {time(getValue())}
      </time>
    ),
    enableHiding: false,
  }),
  helper.accessor("status", {
    header: "Status",
    cell: ({ row, getValue }) => (
      <span className="inline-flex gap-1">
        <Badge tone={statusTone[getValue()]}>{getValue()}</Badge>
        {row.original.test ? <Badge tone="gray">test</Badge> : null}
      </span>
    ),
  }),
  helper.accessor("eventType", { header: "Event type", cell: ({ getValue }) => <span className="font-mono text-xs">{getValue()}</span> }),
  helper.accessor("endpointUrl", {
    header: "Endpoint",
    cell: ({ row, getValue }) => (
      <Link href={`/endpoints/${row.original.endpointId}`} className="block max-w-56 truncate hover:underline">
        {getValue()}
      </Link>
    ),
  }),
  helper.accessor("tenantId", {
    header: "Tenant",
    cell: ({ row, getValue }) => <TenantLink tenantId={getValue()} label={row.original.tenant ?? undefined} />,
  }),
  helper.accessor("attemptCount", { header: "Attempts" }),
  helper.accessor("lastStatusCode", { header: "Last status", cell: ({ row, getValue }) => getValue() ?? (row.original.lastError ? "error" : "—") }),
  helper.accessor("nextAttemptAt", { header: "Next attempt", cell: ({ getValue }) => (getValue() ? time(getValue()!) : "—") }),
  helper.accessor("id", {
    header: "Delivery",
    cell: ({ getValue }) => (
      <Link href={`/deliveries/${getValue()}`} className="font-mono text-xs text-teal-800 hover:underline dark:text-teal-300">
        {getValue()}
      </Link>
    ),
    enableHiding: false,
  }),
]);

/** The delivery history page's table: server-paged rows, row selection for bulk retry, column visibility. */
export function DeliveriesTable({ rows, canManage }: { rows: DeliveryRow[]; canManage: boolean }) {
  const order = useSearchParams().get("order") === "oldest" ? "oldest" : "newest";
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>({ select: canManage });
  const [retry, retryAction] = useActionState(retryDeliveriesAction, null);
  useResultToast(retry, ({ count }) => `Retry requested for ${count} ${count === 1 ? "delivery" : "deliveries"}.`);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    state: { rowSelection, columnVisibility },
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: setColumnVisibility,
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
          <div className="absolute right-0 z-10 mt-1 w-48 space-y-1 rounded-md border border-zinc-200 bg-white p-2 shadow-md dark:border-zinc-700 dark:bg-zinc-900">
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
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          <caption className="sr-only">Deliveries</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={header.id === "createdAt" ? (order === "oldest" ? "ascending" : "descending") : undefined}
                    className="px-3 py-2 text-left font-medium text-zinc-600 dark:text-zinc-400"
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
                className="data-[state=selected]:bg-teal-50/60 dark:data-[state=selected]:bg-teal-950/40"
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-middle">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
