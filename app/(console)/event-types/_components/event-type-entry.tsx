"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { useResultToast } from "@/components/ui/toaster";
import { deleteEventTypeAction } from "../actions";
import { type EditableEventType, EventTypeForm } from "./event-type-form";

type Props = {
  type: EditableEventType;
  /** What deleting it does, for the confirmation. */
  deleteConsequence: React.ReactNode;
  /** The read-only view: description, rendered schema, example. */
  children: React.ReactNode;
};

/** One catalog entry for an admin: its view, with Edit (the form in its place) and Delete (after a confirmation). */
export function EventTypeEntry({ type, deleteConsequence, children }: Props) {
  const [editing, setEditing] = useState(false);
  const [deleted, deleteAction] = useActionState(deleteEventTypeAction, null);
  useResultToast(deleted, ({ name }) => `Deleted ${name} from the catalog.`);
  const router = useRouter();
  useEffect(() => {
    if (deleted?.ok) router.refresh();
  }, [deleted, router]);
  if (editing) return <EventTypeForm initial={type} onDone={() => setEditing(false)} />;
  return (
    <>
      {children}
      {deleted && !deleted.ok ? <Alert tone="error">{deleted.error}</Alert> : null}
      <div className="mt-4 flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${type.name}`}>
          Edit
        </Button>
        <form action={deleteAction}>
          <input type="hidden" name="name" value={type.name} />
          <ConfirmButton
            variant="ghost"
            pendingLabel="Deleting…"
            aria-label={`Delete ${type.name}`}
            title={`Delete ${type.name}?`}
            confirmLabel="Delete event type"
            consequence={deleteConsequence}
          >
            Delete
          </ConfirmButton>
        </form>
      </div>
    </>
  );
}
