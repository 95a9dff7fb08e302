// When to try a failed delivery again, after the delays of TERN_RETRY_SCHEDULE.
import { setting } from "@/lib/config/settings";

const MAX_DELAY_MS = 24 * 3600 * 1000;
const THROTTLED_FLOOR_MS = 60_000;

/** Attempts in all: the first, then one after each delay of the schedule. */
export function maxAttempts(): number {
  return setting("TERN_RETRY_SCHEDULE").length + 1;
}

export type FailedAttempt = { attemptNumber: number; status?: number; timedOut: boolean; retryAfterSeconds?: number };

/**
 * Milliseconds to wait before the next attempt, or null when the schedule is exhausted.
 * Each delay gets ×(0.8–1.2) jitter; timeouts and 429s wait at least a minute (capped by the
 * schedule's longest delay, so short test schedules stay short); Retry-After on 429/503 is
 * honoured between the scheduled delay and 24 hours.
 */
export function nextRetryDelayMs(failed: FailedAttempt, random: () => number = Math.random): number | null {
  const schedule = setting("TERN_RETRY_SCHEDULE");
  const scheduled = schedule[failed.attemptNumber - 1];
  if (scheduled === undefined) return null;
  let delay = scheduled * 1000 * (0.8 + 0.4 * random());
  if (failed.timedOut || failed.status === 429) {
    delay = Math.max(delay, Math.min(THROTTLED_FLOOR_MS, Math.max(...schedule) * 1000));
  }
  if ((failed.status === 429 || failed.status === 503) && failed.retryAfterSeconds !== undefined) {
    delay = Math.min(Math.max(failed.retryAfterSeconds * 1000, delay), MAX_DELAY_MS);
  }
  return Math.round(delay);
}
