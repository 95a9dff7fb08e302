"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";

// How long a page waits for the attempt a retry or resend asked for before it stops looking.
const AWAIT_ATTEMPT_MS = 120_000;

/**
 * Re-renders the server page every `intervalMs` while `active`; client state (scroll, selection,
 * open tabs) stays. A refresh waits for the one before it, and none is made while the tab is hidden.
 */
export function useLiveRefresh(active: boolean, intervalMs = 3000) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  useEffect(() => {
    if (!active || refreshing) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") startRefresh(() => router.refresh());
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, refreshing, intervalMs, router]);
}

/** The history's "Live" switch: on, the list follows new deliveries and those still under way. */
export function LiveRefresh({ intervalMs = 5000 }: { intervalMs?: number }) {
  const [live, setLive] = useState(true);
  useLiveRefresh(live, intervalMs);
  return (
    <label className="inline-flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
      <input type="checkbox" className="size-4 accent-teal-700" checked={live} onChange={(event) => setLive(event.target.checked)} />
      Live
    </label>
  );
}

/** Follows the page while `active` (say, while any delivery on it is under way); it shows nothing. */
export function FollowWhile({ active }: { active: boolean }) {
  useLiveRefresh(active);
  return null;
}

/**
 * For a retry or resend button: `requested()` when it is clicked, and `awaiting` stays true until
 * `attemptCount` grows past what it was then (two minutes at most), for the page to follow meanwhile.
 */
export function useAwaitedAttempt(attemptCount: number) {
  const [requestedAfter, setRequestedAfter] = useState<number | null>(null);
  useEffect(() => {
    if (requestedAfter === null) return;
    const timer = setTimeout(() => setRequestedAfter(null), AWAIT_ATTEMPT_MS);
    return () => clearTimeout(timer);
  }, [requestedAfter]);
  return { awaiting: requestedAfter !== null && attemptCount <= requestedAfter, requested: () => setRequestedAfter(attemptCount) };
}
