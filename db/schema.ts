// Tern's domain. Every row that belongs to a workspace carries workspace_id,
// and every query filters by it. IDs are prefixed ULIDs generated in lib/ids.ts.
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { type HistogramColumn, histogramColumns } from "./latency-histogram";

const histogramCount = (name: HistogramColumn) => integer(name).notNull().default(0);
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
// Lists page by (created_at, id) with the time in the cursor; JavaScript dates hold
// milliseconds, so the column does too, or a cursor would fall between rows of one millisecond.
const pageKeyCreatedAt = () => timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const workspaceId = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
// On the tables written once or more per delivery, workspace_id (and tenant_id) are copies of the
// event's or the endpoint's, whose own foreign keys already delete them with their workspace or
// tenant: a second key would only lock the one workspace row for every insert.
const copiedWorkspaceId = () => text("workspace_id").notNull();

export const memberRole = pgEnum("member_role", ["owner", "admin", "viewer"]);
// pending: never tried; delivering: an attempt in flight; retrying: the last attempt failed and another is scheduled.
export const deliveryStatus = pgEnum("delivery_status", ["pending", "delivering", "retrying", "succeeded", "failed", "skipped"]);
export const alertCondition = pgEnum("alert_condition", ["endpoint_failing", "endpoint_disabled", "deliveries_exhausted"]);
export const alertStatus = pgEnum("alert_status", ["open", "acknowledged", "resolved"]);
export const alertChannelKind = pgEnum("alert_channel_kind", ["email", "slack"]);
export const attemptTrigger = pgEnum("attempt_trigger", ["scheduled", "manual", "test"]);
// `portal`: a tenant acting through a portal session (actor_id is the tenant's id).
export const actorType = pgEnum("actor_type", ["user", "api_key", "system", "portal"]);
export const portalTheme = pgEnum("portal_theme", ["light", "dark", "auto"]);

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  retentionDays: integer("retention_days").notNull().default(30),
  strictEventTypes: boolean("strict_event_types").notNull().default(false),
  // The most endpoints one tenant may have.
  maxEndpointsPerTenant: integer("max_endpoints_per_tenant").notNull().default(20),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    // Carried in every session token; bumping it signs the user out everywhere.
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: workspaceId(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

// A single-use, expiring offer to join a workspace; only the SHA-256 of its token is stored.
export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    email: text("email").notNull(),
    role: memberRole("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedByUserId: text("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    declinedAt: timestamp("declined_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invitations_token_hash_key").on(t.tokenHash), index("invitations_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    // First characters of the key, shown in lists so people can tell keys apart.
    prefix: text("prefix").notNull(),
    // SHA-256 of the whole key: keys are long random strings, so a fast hash is safe.
    keyHash: text("key_hash").notNull(),
    // Empty means every scope.
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_keys_key_hash_key").on(t.keyHash), index("api_keys_workspace_idx").on(t.workspaceId, t.createdAt)],
);

// The operator's customers. An event for a tenant reaches only that tenant's endpoints; an event
// without one only the workspace's own (lib/events/fan-out.ts).
export const tenants = pgTable(
  "tenants",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    // The operator's own identifier for the customer; unique per workspace among live tenants.
    key: text("key").notNull(),
    name: text("name").notNull(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledReason: text("disabled_reason"),
    // Set when the tenant is deleted: it leaves every list at once, and its data is deleted in the background.
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: pageKeyCreatedAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("tenants_workspace_key_live_key").on(t.workspaceId, t.key).where(sql`${t.deletedAt} is null`),
    index("tenants_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    // Prefix search by key (the unique index above serves equality) and by name, case-insensitively.
    index("tenants_workspace_key_prefix_idx").on(t.workspaceId, sql`lower(${t.key}) text_pattern_ops`),
    index("tenants_workspace_name_prefix_idx").on(t.workspaceId, sql`lower(${t.name}) text_pattern_ops`),
  ],
);

// A tenant's access to the portal: the bearer token is random and only its SHA-256 is stored.
// Revoking a tenant's sessions sets revoked_at on all of them.
export const portalSessions = pgTable(
  "portal_sessions",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    readOnly: boolean("read_only").notNull().default(false),
    // Where the portal's back link leads: the operator's own app.
    returnUrl: text("return_url"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdByType: actorType("created_by_type").notNull(),
    createdById: text("created_by_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("portal_sessions_token_hash_key").on(t.tokenHash), index("portal_sessions_tenant_idx").on(t.tenantId, t.expiresAt)],
);

// How the portal looks for a workspace's tenants, and which origins may frame it (none by default).
export const portalSettings = pgTable("portal_settings", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  productName: text("product_name"),
  logoUrl: text("logo_url"),
  accentColor: text("accent_color"),
  theme: portalTheme("theme").notNull().default("auto"),
  frameOrigins: text("frame_origins").array().notNull().default(sql`'{}'::text[]`),
  updatedAt: updatedAt(),
});

export const eventTypes = pgTable(
  "event_types",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    schema: jsonb("schema").$type<Record<string, unknown>>(),
    example: jsonb("example").$type<Record<string, unknown>>(),
    createdAt: pageKeyCreatedAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("event_types_workspace_name_key").on(t.workspaceId, t.name)],
);

export const endpoints = pgTable(
  "endpoints",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    // Null for the workspace's own; set once, at creation.
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    // What people call the endpoint in the console and the portal; without one it goes by its URL.
    name: text("name"),
    url: text("url").notNull(),
    // The URL's host name, lower-cased, for counting the endpoints that point at one host.
    targetHost: text("target_host").generatedAlwaysAs(
      sql`lower(rtrim(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\\[[^]/?#]*\\]|[^:/?#]*)'), '.'))`,
    ),
    description: text("description").notNull().default(""),
    // Lower-case labels (at most 10) to group endpoints and filter the list by, e.g. "billing" or "env:prod".
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    // Event type filter: exact names, "*" or "prefix.*".
    eventTypes: text("event_types").array().notNull(),
    // Custom headers: name → AES-256-GCM ciphertext of the value (lib/crypto), so names list without decrypting.
    headersEncrypted: jsonb("headers_encrypted").$type<Record<string, string>>().notNull().default({}),
    // Where headers were kept in clear before headers_encrypted; start-up moves them over (lib/endpoints/header-encryption.ts) and leaves {}.
    plaintextHeaders: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    enabled: boolean("enabled").notNull().default(true),
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    // AES-256-GCM ciphertexts (lib/crypto); never stored or logged in clear.
    secretEncrypted: text("secret_encrypted").notNull(),
    previousSecretEncrypted: text("previous_secret_encrypted"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    timeoutMs: integer("timeout_ms").notNull().default(15_000),
    // Deliveries per second; null means unlimited. Sends reserve slots by advancing rate_limit_next_at.
    rateLimit: integer("rate_limit"),
    rateLimitNextAt: timestamp("rate_limit_next_at", { withTimezone: true }),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    // Start of the current run of failed attempts (null after a success), for auto-disabling.
    failingSince: timestamp("failing_since", { withTimezone: true }),
    failedAttemptsSinceSuccess: integer("failed_attempts_since_success").notNull().default(0),
    createdAt: pageKeyCreatedAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("endpoints_workspace_idx").on(t.workspaceId, t.createdAt),
    // Routing reads one tenant's endpoints, or the workspace's own, never all of a workspace's.
    index("endpoints_tenant_idx").on(t.tenantId, t.createdAt).where(sql`${t.tenantId} is not null`),
    index("endpoints_workspace_own_idx").on(t.workspaceId, t.createdAt).where(sql`${t.tenantId} is null`),
    // The failing ones (lib/endpoints/endpoint-health.ts): few, however many endpoints a workspace has.
    index("endpoints_workspace_failing_idx").on(t.workspaceId, t.createdAt, t.id).where(sql`${t.failedAttemptsSinceSuccess} > 0`),
    index("endpoints_enabled_target_host_idx").on(t.workspaceId, t.targetHost).where(sql`${t.enabled}`),
    // The list's tag filter (tags @> array[tag]): a rare tag is found without reading the workspace's other endpoints.
    index("endpoints_tags_idx").using("gin", t.tags),
  ],
);

export const events = pgTable(
  "events",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    // Null for the workspace's own; set once, at creation.
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    // Unique per workspace while it is live (24 h); publishing clears expired keys on reuse.
    idempotencyKey: text("idempotency_key"),
    // When fan-out was handed to the engine; null means it still has to be (see lib/events/publish).
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    createdAt: pageKeyCreatedAt(),
  },
  (t) => [
    uniqueIndex("events_workspace_idempotency_key").on(t.workspaceId, t.idempotencyKey),
    index("events_workspace_created_idx").on(t.workspaceId, t.createdAt),
    index("events_workspace_type_created_idx").on(t.workspaceId, t.type, t.createdAt),
    index("events_tenant_created_idx").on(t.tenantId, t.createdAt, t.id).where(sql`${t.tenantId} is not null`),
    // The sweeper's (lib/events/dispatch.ts): only events an Inngest server has not been handed yet
    // have an entry; the embedded engine sets dispatched_at in the inserting statement.
    index("events_undispatched_created_idx").on(t.createdAt).where(sql`${t.dispatchedAt} is null`),
  ],
);

export const deliveries = pgTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: copiedWorkspaceId(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => endpoints.id, { onDelete: "cascade" }),
    // The event's (and so the endpoint's) tenant, copied so a tenant's history needs no join.
    tenantId: text("tenant_id"),
    // Copied from the event so the history can filter by type without a join.
    eventType: text("event_type").notNull(),
    status: deliveryStatus("status").notNull().default("pending"),
    // The status when it asks for attention (retrying, failed, skipped), else null: set by a trigger
    // (migration 0020), never by the app. Indexed in place of status, so the happy path (pending,
    // delivering, succeeded) changes no indexed column and its updates stay heap-only.
    attention: deliveryStatus("attention"),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: pageKeyCreatedAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("deliveries_event_endpoint_key").on(t.eventId, t.endpointId),
    index("deliveries_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    // Led by endpoint_id (ids are unique across workspaces) so deleting an endpoint finds its deliveries too.
    index("deliveries_endpoint_created_idx").on(t.endpointId, t.createdAt, t.id),
    index("deliveries_workspace_attention_created_idx").on(t.workspaceId, t.attention, t.createdAt, t.id).where(sql`${t.attention} is not null`),
    index("deliveries_workspace_type_created_idx").on(t.workspaceId, t.eventType, t.createdAt, t.id),
    index("deliveries_tenant_created_idx").on(t.tenantId, t.createdAt, t.id).where(sql`${t.tenantId} is not null`),
  ],
);

// An attempt is inserted only by the statement that moves its delivery on (lib/deliveries/
// record-attempts.ts), which locks the delivery and so its endpoint: foreign keys would check and
// lock both rows again for every attempt. Statement-level triggers (migration 0023) delete the
// attempts of deleted deliveries and endpoints instead, as the keys' cascades did.
export const attempts = pgTable(
  "attempts",
  {
    id: text("id").primaryKey(),
    workspaceId: copiedWorkspaceId(),
    // Null only in attempts recorded before every attempt had a delivery.
    deliveryId: text("delivery_id"),
    endpointId: text("endpoint_id").notNull(),
    eventId: text("event_id").notNull(),
    number: integer("number").notNull(),
    trigger: attemptTrigger("trigger").notNull(),
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>().notNull(),
    responseStatus: integer("response_status"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    // First 64 KiB of the response body, as text.
    responseBody: text("response_body"),
    // The body was not UTF-8 text (binary or compressed data, NUL bytes): its unreadable bytes are stored as U+FFFD.
    responseBodyBinary: boolean("response_body_binary").notNull().default(false),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("attempts_delivery_idx").on(t.deliveryId, t.createdAt),
    index("attempts_workspace_created_idx").on(t.workspaceId, t.createdAt),
    index("attempts_endpoint_created_idx").on(t.endpointId, t.createdAt),
  ],
);

// Hourly rollups for the dashboard, kept exact by statement-level triggers on deliveries and
// attempts (db/rollup-triggers.ts): a delivery counts in the hour it was created, by its
// current status; an attempt counts in the hour it was made, with its duration in a latency
// histogram (db/latency-histogram.ts). No foreign keys: rows whose deliveries are all deleted
// are deleted by the same triggers.
export const deliveryRollups = pgTable(
  "delivery_rollups",
  {
    workspaceId: text("workspace_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    endpointId: text("endpoint_id").notNull(),
    pending: integer("pending").notNull().default(0),
    delivering: integer("delivering").notNull().default(0),
    retrying: integer("retrying").notNull().default(0),
    succeeded: integer("succeeded").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    total: integer("total").notNull().default(0),
    attempts: bigint("attempts", { mode: "number" }).notNull().default(0),
    // Concurrent sessions add to different shards (db/rollup-triggers.ts); readers sum them, and
    // each hour's shards are folded into shard 0 once it is over (lib/stats/fold-rollups.ts).
    shard: smallint("shard").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.hour, t.endpointId, t.shard] }),
    // The rows left to fold, in key order; folded rows leave it.
    index("delivery_rollups_unfolded_idx").on(t.workspaceId, t.hour, t.endpointId, t.shard).where(sql`${t.shard} <> 0`),
  ],
);

export const attemptRollups = pgTable(
  "attempt_rollups",
  {
    workspaceId: text("workspace_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    endpointId: text("endpoint_id").notNull(),
    // 0 when no response arrived (timeout, connection error).
    status: integer("status").notNull(),
    count: integer("count").notNull().default(0),
    minMs: integer("min_ms").notNull(),
    maxMs: integer("max_ms").notNull(),
    ...(Object.fromEntries(histogramColumns.map((name) => [name, histogramCount(name)])) as Record<HistogramColumn, ReturnType<typeof histogramCount>>),
    shard: smallint("shard").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.hour, t.endpointId, t.status, t.shard] }),
    index("attempt_rollups_unfolded_idx").on(t.workspaceId, t.hour, t.endpointId, t.status, t.shard).where(sql`${t.shard} <> 0`),
  ],
);

// What needs the operator's attention: one alert per endpoint and condition until it resolves
// (automatically, when the endpoint recovers, or by hand).
export const alerts = pgTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    endpointId: text("endpoint_id").references(() => endpoints.id, { onDelete: "cascade" }),
    condition: alertCondition("condition").notNull(),
    status: alertStatus("status").notNull().default("open"),
    // One line for the inbox and the notification's subject.
    summary: text("summary").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedByUserId: text("acknowledged_by_user_id").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: pageKeyCreatedAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("alerts_unresolved_key").on(t.workspaceId, t.endpointId, t.condition).where(sql`${t.status} <> 'resolved'`),
    index("alerts_workspace_status_created_idx").on(t.workspaceId, t.status, t.createdAt, t.id),
    index("alerts_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

// Where alerts are sent. email: recipients, through the server's SMTP settings; slack: an
// incoming-webhook URL, a credential, so stored encrypted (lib/crypto) like signing secrets.
export const alertChannels = pgTable(
  "alert_channels",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    kind: alertChannelKind("kind").notNull(),
    name: text("name").notNull(),
    emailRecipients: text("email_recipients").array().notNull().default(sql`'{}'::text[]`),
    slackWebhookUrlEncrypted: text("slack_webhook_url_encrypted"),
    enabled: boolean("enabled").notNull().default(true),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: pageKeyCreatedAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("alert_channels_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    actorType: actorType("actor_type").notNull(),
    // User id or API key id; null for the system.
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: pageKeyCreatedAt(),
  },
  (t) => [
    index("audit_log_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("audit_log_workspace_action_created_idx").on(t.workspaceId, t.action, t.createdAt, t.id),
    index("audit_log_workspace_actor_created_idx").on(t.workspaceId, t.actorId, t.createdAt, t.id),
  ],
);

// Failed sign-ins, counted per email + client address and per email, to slow down password guessing.
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    clientAddress: text("client_address").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sign_in_failures_lookup_idx").on(t.email, t.clientAddress, t.createdAt)],
);

export type Workspace = typeof workspaces.$inferSelect;
export type User = typeof users.$inferSelect;
export type MemberRole = (typeof memberRole.enumValues)[number];
export type ApiKey = typeof apiKeys.$inferSelect;
export type EventType = typeof eventTypes.$inferSelect;
export type Tenant = typeof tenants.$inferSelect;
export type PortalSession = typeof portalSessions.$inferSelect;
export type PortalSettings = typeof portalSettings.$inferSelect;
export type Endpoint = typeof endpoints.$inferSelect;
export type Event = typeof events.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type Attempt = typeof attempts.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
export type AlertChannel = typeof alertChannels.$inferSelect;
