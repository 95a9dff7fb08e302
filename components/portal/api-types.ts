// The shapes of Tern's REST API responses as the portal receives them (JSON: times are strings).

export type Page<T> = { data: T[]; nextCursor: string | null };

export type PortalEndpoint = {
  id: string;
  name: string | null;
  url: string;
  description: string;
  tags: string[];
  eventTypes: string[];
  headers: Record<string, string>;
  enabled: boolean;
  disabledReason: string | null;
  timeoutMs: number;
  rateLimit: number | null;
  createdAt: string;
};

export type PortalEventType = {
  name: string;
  description: string;
  schema: Record<string, unknown> | null;
  example: Record<string, unknown> | null;
};

export type DeliveryStatus = "pending" | "delivering" | "succeeded" | "failed" | "skipped";

export type PortalDelivery = {
  id: string;
  eventId: string;
  endpointId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
};

export type PortalAttempt = {
  id: string;
  number: number;
  trigger: "scheduled" | "manual" | "test";
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  responseBodyBinary: boolean;
  error: string | null;
  durationMs: number;
  createdAt: string;
};

export type PortalEvent = { id: string; type: string; data: unknown; occurredAt: string };

export type TestSendResult = {
  deliveryId: string;
  eventType: string;
  succeeded: boolean;
  status: number | null;
  durationMs: number;
  responseBody: string | null;
  responseBodyBinary: boolean;
  error: string | null;
};

export type PortalStats = {
  successRate: number | null;
  totals: { succeeded: number; failed: number; pending: number; total: number };
  latencyMs: { p50: number | null; p95: number | null };
  bucket: "minute" | "hour" | "day";
  series: { time: string; succeeded: number; failed: number; retrying: number; skipped: number; pending: number }[];
  latencySeries: { time: string; p50: number | null; p95: number | null; p99: number | null }[];
};
