// Attempts grouped the way operators read them: by the class of the HTTP status the endpoint
// answered, or, when no response arrived, by whether the request timed out or never got through
// (connection refused, DNS or TLS failure, an address Tern refuses to call).

export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx", "timeout", "refused", "other"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];
export type StatusClassCounts = Record<StatusClass, number>;

export const noStatusClasses = (): StatusClassCounts => ({ "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, timeout: 0, refused: 0, other: 0 });

/**
 * The class of an attempt by its response status, 0 standing for no response. Without a
 * response this says "refused"; the attempts among them that timed out are moved to "timeout"
 * by `countTimeouts`, since only their error tells them apart. Informational and non-standard
 * statuses (below 200, 600 and above) are "other".
 */
export function statusClass(status: number): StatusClass {
  if (status === 0) return "refused";
  if (status >= 200 && status < 300) return "2xx";
  if (status >= 300 && status < 400) return "3xx";
  if (status >= 400 && status < 500) return "4xx";
  if (status >= 500 && status < 600) return "5xx";
  return "other";
}

/**
 * Moves `timeouts` of the attempts without a response from "refused" to "timeout". The two are
 * counted by separate queries, each its own snapshot, so an attempt recorded in between may be
 * seen by one only: never more are moved than there are.
 */
export function countTimeouts(counts: StatusClassCounts, timeouts: number): void {
  const moved = Math.min(timeouts, counts.refused);
  counts.refused -= moved;
  counts.timeout += moved;
}
