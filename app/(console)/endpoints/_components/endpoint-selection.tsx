"use client";

import { createContext, startTransition, use, useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useResultToast } from "@/components/ui/toaster";
import { changeEndpointsAction } from "../actions";
import { CONSEQUENCES, type EndpointOperation } from "./endpoint-consequences";

/** An endpoint of the page, as the selection names it back. */
export type SelectableEndpoint = { id: string; name: string | null; url: string; enabled: boolean };

type Selection = {
  endpoints: SelectableEndpoint[];
  selected: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
  toggleAll: (on: boolean) => void;
};

const SelectionContext = createContext<Selection | null>(null);

function useSelection(): Selection {
  const selection = use(SelectionContext);
  if (!selection) throw new Error("Endpoint checkboxes belong inside <EndpointSelection>.");
  return selection;
}

const plural = (count: number) => `${count} endpoint${count === 1 ? "" : "s"}`;

const OPERATIONS: Record<EndpointOperation, { verb: string; done: string; already: (count: number) => string }> = {
  enable: { verb: "Enable", done: "Enabled", already: (count) => `${count === 1 ? "was" : "were"} already enabled` },
  disable: { verb: "Disable", done: "Disabled", already: (count) => `${count === 1 ? "was" : "were"} already disabled` },
  delete: { verb: "Delete", done: "Deleted", already: (count) => `${count === 1 ? "was" : "were"} already deleted` },
};

/** Whether an endpoint would be left as it is: enabling one that is enabled, disabling one that is disabled. */
const alreadySo = (operation: EndpointOperation, endpoint: SelectableEndpoint) =>
  (operation === "enable" && endpoint.enabled) || (operation === "disable" && !endpoint.enabled);

/**
 * Choosing several endpoints of the page to enable, disable or delete at once: the actions above
 * the list, which confirm naming how many and which, then report the result in a toast. It wraps
 * the list even when the page is empty, so the result of deleting its last endpoints still shows.
 */
export function EndpointSelection({ endpoints, children }: { endpoints: SelectableEndpoint[]; children: React.ReactNode }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [asking, setAsking] = useState<EndpointOperation | null>(null);
  const [result, changeEndpoints, pending] = useActionState(changeEndpointsAction, null);
  useResultToast(result, ({ operation, changed, unchanged }) => {
    const { done, already } = OPERATIONS[operation];
    return `${done} ${plural(changed.length)}${unchanged > 0 ? `; ${unchanged} ${already(unchanged)}` : ""}.`;
  });

  // A page of other endpoints (after paging, filtering or deleting) starts with none selected.
  const pageIds = endpoints.map((endpoint) => endpoint.id).join();
  const [shownPage, setShownPage] = useState(pageIds);
  if (pageIds !== shownPage) {
    setShownPage(pageIds);
    setSelected(new Set());
  }

  const chosen = endpoints.filter((endpoint) => selected.has(endpoint.id));
  const selection: Selection = {
    endpoints,
    selected,
    toggle: (id, on) =>
      setSelected((current) => {
        const next = new Set(current);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    toggleAll: (on) => setSelected(new Set(on ? endpoints.map((endpoint) => endpoint.id) : [])),
  };

  // The selection stays, so the rows just changed stay marked (deleted ones leave it with their rows).
  function confirm() {
    const operation = asking!;
    setAsking(null);
    startTransition(() => changeEndpoints({ operation, endpointIds: chosen.map((endpoint) => endpoint.id) }));
  }

  const left = asking ? chosen.filter((endpoint) => alreadySo(asking, endpoint)).length : 0;
  return (
    <SelectionContext value={selection}>
      {endpoints.length > 0 ? (
        <div className="mb-3 flex min-h-10 flex-wrap items-center gap-2">
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {chosen.length === 0 ? "Select endpoints to enable, disable or delete several at once." : `${plural(chosen.length)} selected`}
          </p>
          {chosen.length > 0 ? (
            <>
              {(["enable", "disable", "delete"] as const).map((operation) => (
                <Button
                  key={operation}
                  variant={operation === "delete" ? "danger" : "secondary"}
                  // aria-disabled rather than disabled: focus comes back here when the dialog closes, and a disabled button would drop it.
                  aria-disabled={pending}
                  aria-haspopup="dialog"
                  onClick={() => pending || setAsking(operation)}
                >
                  {OPERATIONS[operation].verb}
                </Button>
              ))}
              <Button variant="ghost" onClick={() => setSelected(new Set())}>
                Clear selection
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      {result && !result.ok ? (
        <div className="mb-3">
          <Alert tone="error">{result.error}</Alert>
        </div>
      ) : null}
      {children}
      <ConfirmDialog
        open={asking !== null}
        title={asking ? `${OPERATIONS[asking].verb} ${plural(chosen.length)}?` : ""}
        confirmLabel={asking ? `${OPERATIONS[asking].verb} ${plural(chosen.length)}` : ""}
        tone={asking === "enable" ? "primary" : "danger"}
        onConfirm={confirm}
        onCancel={() => setAsking(null)}
      >
        {asking ? (
          <>
            <p>{CONSEQUENCES[asking][chosen.length === 1 ? "one" : "several"]}</p>
            <ul className="max-h-48 list-disc space-y-1 overflow-y-auto pl-5" data-testid="bulk-endpoints">
              {chosen.map((endpoint) => (
                <li key={endpoint.id} className="break-all">
                  {endpoint.name ? (
                    <>
                      <span className="font-medium">{endpoint.name}</span> <span className="text-zinc-500 dark:text-zinc-400">{endpoint.url}</span>
                    </>
                  ) : (
                    endpoint.url
                  )}
                  {alreadySo(asking, endpoint) ? (
                    <span className="text-zinc-500 dark:text-zinc-400"> (already {OPERATIONS[asking].done.toLowerCase()})</span>
                  ) : null}
                </li>
              ))}
            </ul>
            {left > 0 ? (
              <p>{`${left} of them ${OPERATIONS[asking].already(left)} and stay${left === 1 ? "s" : ""} as ${left === 1 ? "it is" : "they are"}.`}</p>
            ) : null}
          </>
        ) : null}
      </ConfirmDialog>
    </SelectionContext>
  );
}

/** The header's checkbox: every endpoint of the page, or none. */
export function SelectAllEndpoints() {
  const { endpoints, selected, toggleAll } = useSelection();
  const box = useRef<HTMLInputElement>(null);
  const count = endpoints.filter((endpoint) => selected.has(endpoint.id)).length;
  useEffect(() => {
    if (box.current) box.current.indeterminate = count > 0 && count < endpoints.length;
  }, [count, endpoints.length]);
  return (
    <input
      ref={box}
      type="checkbox"
      aria-label="Select all endpoints on this page"
      checked={count > 0 && count === endpoints.length}
      onChange={(event) => toggleAll(event.target.checked)}
      className="size-4 accent-teal-700"
    />
  );
}

/** A row's checkbox, named after the endpoint it selects (`label`: its name, or its URL). */
export function SelectEndpoint({ id, label }: { id: string; label: string }) {
  const { selected, toggle } = useSelection();
  return (
    <input
      type="checkbox"
      aria-label={`Select ${label}`}
      checked={selected.has(id)}
      onChange={(event) => toggle(id, event.target.checked)}
      className="size-4 accent-teal-700"
    />
  );
}
