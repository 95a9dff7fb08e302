import { setting } from "@/lib/config/settings";

// A token bucket per API key, per process: TERN_API_RATE_LIMIT requests/s (default 100) with
// bursts up to TERN_API_RATE_BURST (default 200). Several instances each allow this much.
type Bucket = { tokens: number; updatedAt: number };
const buckets = new Map<string, Bucket>();
const MAX_TRACKED_KEYS = 10_000;

/**
 * Takes one token for `keyId` (or `tokens`, for what counts as several requests); returns the
 * seconds to wait when fewer than `needed` are left. Taking more than are left puts the bucket
 * in debt: a batch larger than the burst passes from a full bucket, and later requests wait
 * until the whole count has been paid for.
 */
export function takeRateLimitToken(
  keyId: string,
  now = Date.now(),
  tokens = 1,
  needed = tokens,
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const rate = setting("TERN_API_RATE_LIMIT");
  const burst = setting("TERN_API_RATE_BURST");
  const bucket = buckets.get(keyId) ?? { tokens: burst, updatedAt: now };
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
  bucket.updatedAt = now;
  if (buckets.size >= MAX_TRACKED_KEYS && !buckets.has(keyId)) buckets.delete(buckets.keys().next().value!);
  buckets.set(keyId, bucket);
  if (bucket.tokens < needed) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - bucket.tokens) / rate)) };
  bucket.tokens -= tokens;
  return { allowed: true };
}
