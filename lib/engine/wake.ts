// Waking the executors (theirs and ours) when runs become claimable. PostgreSQL serialises the
// commits of transactions that NOTIFY: each takes one database-wide lock at commit and holds it
// through its WAL flush. A NOTIFY inside every publish made publishes queue on that lock (the
// commonest wait in the end-to-end benchmark), so wake-ups go out on their own, after the rows
// they announce have committed, at most one per WAKE_GAP_MS per process. Executors also poll,
// so a wake-up that is lost costs latency, never work.
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { log } from "@/lib/log";

/** The channel executors LISTEN on. */
export const ENGINE_CHANNEL = "tern_engine";
const WAKE_GAP_MS = 5;
const engineLog = log.child({ module: "engine" });
let scheduled = false;
let lastSentAt = 0;

/** Call after the transaction that made runs claimable has committed. */
export function wakeExecutors(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(
    () => {
      scheduled = false;
      lastSentAt = Date.now();
      db.execute(sql`select pg_notify(${ENGINE_CHANNEL}, '')`).catch((error: unknown) =>
        engineLog.warn({ err: error }, "Waking the executors failed; they find the new runs when they next poll"),
      );
    },
    Math.max(0, lastSentAt + WAKE_GAP_MS - Date.now()),
  );
}
