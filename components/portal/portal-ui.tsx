import type { ButtonHTMLAttributes } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DeliveryStatus } from "./api-types";
import type { PortalApiError } from "./portal-session";

/** The portal's main action buttons wear the workspace's accent colour. */
export const accentButtonClass =
  "inline-flex items-center justify-center gap-2 rounded-md bg-[var(--portal-accent)] px-3 py-2 text-sm font-medium text-[var(--portal-on-accent)] hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--portal-accent)] disabled:cursor-not-allowed disabled:opacity-60";

export function AccentButton({ type = "button", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type={type} className={`${accentButtonClass} ${className}`} {...props} />;
}

export function PageTitle({ title, description, children }: { title: string; description?: string; children?: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <h1 className="break-words text-xl font-semibold">{title}</h1>
        {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      </div>
      {children ? <div className="flex flex-wrap gap-2">{children}</div> : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
      Loading {what}…
    </p>
  );
}

export function LoadError({ error }: { error: PortalApiError }) {
  return <Alert tone="error">{error.status === 404 ? "Not found: it does not exist, or it is not yours." : error.message}</Alert>;
}

/** Shown where a write control would be, on a read-only link. */
export function ReadOnlyNote({ children }: { children: React.ReactNode }) {
  return <p className="text-sm text-zinc-600 dark:text-zinc-400">{children}</p>;
}

const STATUS_TONES: Record<DeliveryStatus, BadgeTone> = { succeeded: "green", failed: "red", pending: "amber", delivering: "blue", skipped: "gray" };

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{status}</Badge>;
}

export const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

export function Section({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs sm:p-5 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="text-base font-semibold">{title}</h2>
      {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

/** Preformatted text that may scroll; focusable so a keyboard can scroll it too. */
export function ScrollingPre({ className = "", children, ...rest }: React.HTMLAttributes<HTMLPreElement>) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled
    <pre tabIndex={0} className={`overflow-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-800 ${className}`} {...rest}>
      {children}
    </pre>
  );
}
