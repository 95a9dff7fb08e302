"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** Re-fetches the server-rendered page every few seconds; client state (scroll, selection) stays. */
export function LiveRefresh({ intervalMs = 5000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [live, setLive] = useState(true);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [live, intervalMs, router]);
  return (
    <label className="inline-flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
      <input type="checkbox" className="size-4 accent-teal-700" checked={live} onChange={(event) => setLive(event.target.checked)} />
      Live
    </label>
  );
}
