"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EventTypeForm } from "./event-type-form";

/** "New event type" and the form it opens; an empty catalog opens with the form, the first thing to do there. */
export function NewEventType({ startOpen }: { startOpen: boolean }) {
  const [open, setOpen] = useState(startOpen);
  if (!open) {
    return <Button onClick={() => setOpen(true)}>New event type</Button>;
  }
  return (
    <Card title="Add an event type">
      <EventTypeForm onDone={() => setOpen(false)} />
    </Card>
  );
}
