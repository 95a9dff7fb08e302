"use client";

import { useActionState, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useResultToast } from "@/components/ui/toaster";
import type { UncataloguedEvents } from "@/lib/event-types/uncatalogued-events";
import { setStrictModeAction } from "./actions";

type Props = {
  strict: boolean;
  /** Events of types outside the catalog in the last 24 hours: turning strict mode on asks first when there are any. */
  uncatalogued: UncataloguedEvents;
  readOnly: boolean;
};

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/** A type's events, counted up to the cap: "at least 10,000 events" at the cap. */
const eventCount = (count: number, capped: boolean) => `${capped ? "at least " : ""}${plural(count, "event", "events")}`;

function Switch({ on, disabled, onToggle }: { on: boolean; disabled: boolean; onToggle: () => void }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-labelledby="strict-mode-label"
      aria-describedby="strict-mode-description"
      disabled={disabled || pending}
      onClick={onToggle}
      className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-600 disabled:cursor-not-allowed disabled:opacity-60 ${
        on ? "bg-teal-700 dark:bg-teal-600" : "bg-zinc-400 dark:bg-zinc-600"
      }`}
    >
      <span
        aria-hidden="true"
        className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${on ? "translate-x-5" : "translate-x-0.5"}`}
      />
    </button>
  );
}

/** The strict mode switch; turning it on while uncatalogued events arrive names how many would have been refused, and asks. */
export function StrictModeSwitch({ strict, uncatalogued, readOnly }: Props) {
  const [state, formAction] = useActionState(setStrictModeAction, null);
  const [confirming, setConfirming] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useResultToast(state, ({ strictEventTypes }) =>
    strictEventTypes
      ? "Strict mode is on: events outside the catalog, or not matching their schema, are refused."
      : "Strict mode is off: events of any type are accepted.",
  );
  const failed = state && !state.ok ? state : undefined;
  const toggle = () => {
    if (!strict && uncatalogued.events > 0) setConfirming(true);
    else form.current?.requestSubmit();
  };
  const shown = uncatalogued.types.slice(0, 5);
  const total = eventCount(uncatalogued.events, uncatalogued.capped);
  return (
    <form ref={form} action={formAction} className="space-y-3">
      {failed ? <Alert tone="error">{failed.error}</Alert> : null}
      <input type="hidden" name="strictEventTypes" value={strict ? "off" : "on"} />
      <div className="flex items-start gap-3">
        <Switch on={strict} disabled={readOnly} onToggle={toggle} />
        <div>
          <p id="strict-mode-label" className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
            Strict event types {strict ? "(on)" : "(off)"}
          </p>
          <p id="strict-mode-description" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            When on, publishing an event is refused with 422 if its type is not in the event type catalog, or if its data does not match its type's JSON Schema
            (the error names the failing field, such as data.amount). Nothing of a refused event is stored or sent. Tern's own tern.* events are not affected.
          </p>
          {!strict && uncatalogued.events > 0 ? (
            <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">
              {total.charAt(0).toUpperCase() + total.slice(1)} of {plural(uncatalogued.types.length, "type", "types")} not in the catalog{" "}
              {uncatalogued.events === 1 ? "was" : "were"} published in the last 24 hours.
            </p>
          ) : null}
        </div>
      </div>
      {readOnly ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Only admins and owners can change strict mode.</p> : null}
      <ConfirmDialog
        open={confirming}
        title="Turn strict mode on?"
        confirmLabel="Turn strict mode on"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          form.current?.requestSubmit();
        }}
      >
        <p>
          In the last 24 hours {total} of {plural(uncatalogued.types.length, "type", "types")} not in the catalog {uncatalogued.events === 1 ? "was" : "were"}{" "}
          published:
        </p>
        <ul className="list-disc pl-5">
          {shown.map(({ type, events, capped }) => (
            <li key={type}>
              <span className="font-mono break-all">{type}</span> ({eventCount(events, capped)})
            </li>
          ))}
          {uncatalogued.types.length > shown.length ? <li>and {plural(uncatalogued.types.length - shown.length, "more type", "more types")}</li> : null}
        </ul>
        <p>From now on, events like these are refused with 422 and not stored. Add their types to the catalog to keep accepting them.</p>
      </ConfirmDialog>
    </form>
  );
}
