"use client";

import { useSyncExternalStore } from "react";
import { formatRelativeTime } from "@/lib/time/relative";
import { formatUtc } from "@/lib/time/utc";

const TICK_MS = 15_000;

// One clock for every RelativeTime on the page, ticking while any is shown.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * "3 minutes ago", with the exact time in UTC on hover. The server, and the browser while it
 * hydrates, write the exact UTC time (a relative time would differ between them: React error
 * #418); the browser switches to the relative one once mounted and keeps it current.
 * `exact` keeps the UTC time visible beside it, for detail pages.
 */
export function RelativeTime({ date, exact = false }: { date: Date | string; exact?: boolean }) {
  const clock = useSyncExternalStore(
    subscribe,
    () => now,
    () => undefined,
  );
  const utc = formatUtc(date);
  const relative = clock === undefined ? undefined : formatRelativeTime(new Date(date), new Date(clock));
  return (
    <time dateTime={new Date(date).toISOString()} title={utc} className={exact ? undefined : "whitespace-nowrap"}>
      {exact ? (
        <>
          <span className="whitespace-nowrap">{utc}</span>
          {relative ? <span className="whitespace-nowrap"> ({relative})</span> : null}
        </>
      ) : (
        (relative ?? utc)
      )}
    </time>
  );
}
