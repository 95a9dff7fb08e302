import { createHash, timingSafeEqual } from "node:crypto";
import { isLocalRequest } from "@/lib/auth/client-address";
import { setting } from "@/lib/config/settings";

export type MetricsAccess = "allowed" | "unauthorized" | "forbidden";

// Hashing first gives both sides one length, so the comparison's time says nothing of the token's.
const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * With TERN_METRICS_TOKEN set, a scraper presents it as a bearer token; without it, /metrics
 * answers only requests from this machine, so nothing about the workload is public by default.
 */
export function metricsAccess(headers: Headers): MetricsAccess {
  const token = setting("TERN_METRICS_TOKEN");
  if (!token) return isLocalRequest(headers) ? "allowed" : "forbidden";
  const presented = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(presented), digest(token)) ? "allowed" : "unauthorized";
}
