"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonVariant } from "@/components/ui/button";

type ConfirmDialogProps = {
  open: boolean;
  /** The question, e.g. "Replay this event to all its endpoints?" */
  title: string;
  /** What will happen, in plain words: who is affected, what cannot be undone. */
  children: React.ReactNode;
  confirmLabel: string;
  /** "danger" (the default) for what removes, overwrites or cannot be undone; "primary" otherwise. */
  tone?: "danger" | "primary";
  onConfirm: () => void;
  /** Called on Cancel, on Escape and on a click outside the dialog. */
  onCancel: () => void;
};

/**
 * Asks before an action with consequences. A native modal <dialog>: the rest of the page is inert
 * while it is open, Escape cancels, focus starts on Cancel (the safe choice) and goes back to
 * whatever had it before, usually the button that asked.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, tone = "danger", onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the click is on the backdrop; from the keyboard, Escape is the way out
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      // Escape fires "cancel"; the dialog stays under React's control, which then closes it.
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onClose={() => {
        // Closed by the browser rather than by `open` turning false (it may force a close on repeated Escapes).
        if (open) onCancel();
        if (opener.current instanceof HTMLElement) opener.current.focus();
        opener.current = null;
      }}
      // A click on the backdrop lands on the <dialog> itself; clicks inside land on its content.
      onClick={(event) => event.target === event.currentTarget && onCancel()}
      className="m-auto w-[28rem] max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <div className="p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div id={descriptionId} className="mt-2 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
            {children}
          </div>
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            {/* A dialog moves focus into itself: Cancel, the safe choice, is where it lands. */}
            <Button variant="secondary" onClick={onCancel} autoFocus>
              Cancel
            </Button>
            <Button variant={tone} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

type ConfirmButtonProps = Omit<ConfirmDialogProps, "open" | "onConfirm" | "onCancel" | "children"> & {
  /** The consequence the dialog states. */
  consequence: React.ReactNode;
  /** The trigger's own label. */
  children: React.ReactNode;
  variant?: ButtonVariant;
  /** Shown on the button while its form's action runs. */
  pendingLabel?: string;
  disabled?: boolean;
  "aria-label"?: string;
};

/**
 * A button inside a <form> that asks first and submits its form only once confirmed,
 * so a form with a server action gets a confirmation by swapping its submit button for this.
 */
export function ConfirmButton({
  consequence,
  children,
  variant = "secondary",
  pendingLabel,
  disabled,
  "aria-label": ariaLabel,
  ...dialog
}: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const { pending } = useFormStatus();
  return (
    <>
      <Button ref={trigger} variant={variant} disabled={disabled || pending} aria-label={ariaLabel} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {pending && pendingLabel ? pendingLabel : children}
      </Button>
      <ConfirmDialog
        {...dialog}
        open={open}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          trigger.current?.form?.requestSubmit();
        }}
      >
        {consequence}
      </ConfirmDialog>
    </>
  );
}
