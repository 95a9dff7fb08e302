/** What an API key may do; a key created without scopes may do everything. */
export const apiKeyScopes = [
  "events:write",
  "endpoints:read",
  "endpoints:write",
  "deliveries:read",
  "deliveries:write",
  "stats:read",
  "event-types:read",
  "event-types:write",
  "tenants:read",
  "tenants:write",
  "audit-log:read",
] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
