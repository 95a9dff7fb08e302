// Every environment variable Tern reads, parsed into its typed value by one schema. The entry
// points check them all first thing (checkSettings), so a bad value stops the process at start-up
// with one message naming each bad variable; code elsewhere reads a typed value with setting().
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { nextCronTime } from "@/lib/time/cron";
import { parseDuration } from "@/lib/time/duration";

type Environment = Record<string, string | undefined>;

/** A variable whose text `parse` turns into its value, or undefined when the text is not `accepted`. */
export function variable<T>(accepted: string, parse: (text: string) => T | undefined) {
  return z.string().transform((raw, ctx) => {
    const value = parse(raw.trim());
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: accepted });
      return z.NEVER;
    }
    return value;
  });
}

const integerBetween = (min: number, max: number, accepted: string) =>
  variable(accepted, (text) => (/^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : undefined));
export const positiveInteger = integerBetween(1, Number.MAX_SAFE_INTEGER, "a positive integer");
const port = integerBetween(1, 65_535, "a port number from 1 to 65535");

const positiveNumber = variable("a positive number", (text) => {
  const value = Number(text);
  return text !== "" && Number.isFinite(value) && value > 0 ? value : undefined;
});

const flag = variable("1 (on) or 0 (off)", (text) => (text === "1" ? true : text === "0" ? false : undefined));

const durationMs = variable("a duration such as 5d, 12h, 90m, 30s or plain seconds", (text) => parseDuration(text, 1_000));

const secondsList = variable("comma-separated seconds, e.g. 5,300,1800", (text) => {
  const seconds = text.split(",").map((part) => (part.trim() === "" ? Number.NaN : Number(part)));
  return seconds.every((s) => Number.isFinite(s) && s >= 0) ? seconds : undefined;
});

const isWebUrl = (text: string) => URL.canParse(text) && ["http:", "https:"].includes(new URL(text).protocol);
const webUrl = variable("an http:// or https:// URL", (text) => (isWebUrl(text) ? text : undefined));

/** A range of IP addresses in CIDR form; a plain address is a range of one. */
export type AddressRange = { network: string; prefix: number; family: "ipv4" | "ipv6" };

function parseAddressRange(text: string): AddressRange | undefined {
  const [network = "", bits, ...rest] = text.trim().split("/");
  const version = isIP(network);
  if (version === 0 || rest.length > 0) return undefined;
  const maxPrefix = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? maxPrefix : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  return prefix >= 0 && prefix <= maxPrefix ? { network, prefix, family: version === 4 ? "ipv4" : "ipv6" } : undefined;
}

const addressRanges = variable("comma-separated IP addresses or CIDR ranges, e.g. 10.0.0.0/8,2001:db8::/32", (text) => {
  const ranges = text.split(",").map(parseAddressRange);
  return ranges.every((range) => range !== undefined) ? (ranges as AddressRange[]) : undefined;
});

const DEFAULT_RETRY_SCHEDULE_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600];

const cron = variable('a cron expression, optionally after TZ=<zone>, e.g. "TZ=UTC 0 3 * * *"', (text) => {
  try {
    nextCronTime(text, new Date());
    return text;
  } catch {
    return undefined;
  }
});

const PINO_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(", ")}` });

/** The variables, keyed by name exactly as README's Configuration table lists them. */
export const settingsSchema = z.object({
  PORT: port.default(3000),
  DATABASE_URL: variable("a postgres:// or postgresql:// URL", (text) => (/^postgres(ql)?:\/\//.test(text) ? text : undefined)).optional(),
  TERN_DATA_DIR: z
    .string()
    .default(".data")
    .transform((dir) => path.resolve(dir)),
  AUTH_SECRET: z.string().optional(),
  AUTH_URL: webUrl.optional(),
  TERN_ENCRYPTION_KEY: variable("32 bytes, base64-encoded (e.g. from `openssl rand -base64 32`)", (text) => {
    const key = Buffer.from(text, "base64");
    return key.length === 32 ? key : undefined;
  }).optional(),
  TERN_ADMIN_EMAIL: variable("an email address", (text) => (z.email().safeParse(text).success ? text : undefined)).optional(),
  TERN_ADMIN_PASSWORD: z.string().optional(),
  TERN_BOOTSTRAP_API_KEY: variable("an API key starting with tern_sk_, at least 24 characters long", (text) =>
    text.startsWith("tern_sk_") && text.length >= 24 ? text : undefined,
  ).optional(),
  TERN_ALLOW_PRIVATE_NETWORKS: flag.default(false),
  TERN_ALLOW_HTTP: flag.default(false),
  TERN_RETRY_SCHEDULE: secondsList.default(DEFAULT_RETRY_SCHEDULE_SECONDS),
  TERN_DISABLE_AFTER: durationMs.default(5 * 86_400_000),
  TERN_ENDPOINT_CONCURRENCY: positiveInteger.default(10),
  TERN_DELIVERY_BATCH_SIZE: positiveInteger.default(100),
  TERN_MAX_ENDPOINTS_PER_WORKSPACE: positiveInteger.default(1_000),
  TERN_FAILING_AFTER_ATTEMPTS: positiveInteger.default(3),
  TERN_SMTP_URL: variable("an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465", (text) =>
    /^smtps?:\/\/[^/?#]+/i.test(text) && URL.canParse(text) ? text : undefined,
  ).optional(),
  TERN_ALERT_EMAIL_FROM: z.string().optional(),
  TERN_METRICS_TOKEN: variable("at least 16 characters", (text) => (text.length >= 16 ? text : undefined)).optional(),
  TERN_CLEANUP_CRON: cron.default("TZ=UTC 0 3 * * *"),
  TERN_ENGINE: oneOf(["embedded", "inngest"]).optional(),
  TERN_ENGINE_WORKER: flag.default(true),
  TERN_ENGINE_MAX_IN_FLIGHT: positiveInteger.default(64),
  TERN_ENGINE_LEASE_MS: positiveInteger.default(30_000),
  TERN_ENGINE_RETRY_BASE_MS: positiveInteger.default(1_000),
  TERN_ENGINE_SIGNING_KEY: z.string().optional(),
  TERN_DB_POOL_SIZE: positiveInteger.default(10),
  TERN_API_RATE_LIMIT: positiveNumber.default(100),
  TERN_API_RATE_BURST: positiveInteger.default(200),
  TERN_TRUSTED_PROXIES: addressRanges.default([]),
  TERN_PASSWORD_CHECKS_PER_SECOND: positiveNumber.default(20),
  TERN_LOG_LEVEL: oneOf(PINO_LEVELS).default("info"),
  TERN_LOG_FORMAT: oneOf(["json", "pretty"]).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: webUrl.optional(),
  OTEL_SERVICE_NAME: z.string().default("tern"),
  INNGEST_BASE_URL: webUrl.optional(),
  INNGEST_DEV: variable("1, 0, true, false or the dev server's http(s) URL", (text) =>
    /^(1|0|true|false)$/i.test(text) || isWebUrl(text) ? text : undefined,
  ).optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
});

type SettingName = keyof typeof settingsSchema.shape;

export type Settings = Omit<z.output<typeof settingsSchema>, "TERN_ENGINE" | "TERN_LOG_FORMAT"> & {
  /** TERN_ENGINE, or `inngest` when an Inngest server is configured, else `embedded`. */
  TERN_ENGINE: "embedded" | "inngest";
  /** TERN_LOG_FORMAT, or `pretty` under `npm run dev`, else `json`. */
  TERN_LOG_FORMAT: "json" | "pretty";
};

// Their values are only described in an error, never shown: they are credentials.
const SECRETS = new Set<string>([
  "DATABASE_URL",
  "AUTH_SECRET",
  "TERN_ENCRYPTION_KEY",
  "TERN_ADMIN_PASSWORD",
  "TERN_BOOTSTRAP_API_KEY",
  "TERN_ENGINE_SIGNING_KEY",
  "TERN_SMTP_URL",
  "TERN_METRICS_TOKEN",
  "INNGEST_SIGNING_KEY",
  "INNGEST_EVENT_KEY",
]);

// Settings whose value also depends on other variables than their own.
const ALSO_READS: Partial<Record<SettingName, string[]>> = {
  TERN_ENGINE: ["INNGEST_BASE_URL", "INNGEST_DEV", "INNGEST_SIGNING_KEY"],
  TERN_LOG_FORMAT: ["NODE_ENV"],
};

const NAMES = Object.keys(settingsSchema.shape) as SettingName[];
const READS = Object.fromEntries(NAMES.map((name) => [name, [name, ...(ALSO_READS[name] ?? [])]])) as Record<SettingName, string[]>;
const ALL_READS = [...new Set(Object.values(READS).flat())];

/** One or more variables hold values their setting does not accept; the message lists each. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (environment variables):\n  ${problems.join("\n  ")}`);
    this.name = "SettingsError";
  }
}

/**
 * Parses the variables `schema` names from `env`, an empty one counting as unset; throws a
 * SettingsError naming every bad variable, describing but never showing the values of `secrets`.
 */
export function parseVariables<Schema extends z.ZodObject>(schema: Schema, env: Environment, secrets: ReadonlySet<string> = new Set()): z.output<Schema> {
  const given = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, env[name] === "" ? undefined : env[name]]));
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  throw new SettingsError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = env[name];
      return `${name} must be ${issue.message}; got ${secrets.has(name) ? `a value of ${value?.length ?? 0} characters (not shown)` : JSON.stringify(value)}`;
    }),
  );
}

/** Parses Tern's settings from `env`; throws a SettingsError naming every bad variable. */
export function parseSettings(env: Environment): Settings {
  const parsed = parseVariables(settingsSchema, env, SECRETS);
  return {
    ...parsed,
    TERN_ENGINE: parsed.TERN_ENGINE ?? (parsed.INNGEST_BASE_URL || parsed.INNGEST_DEV || parsed.INNGEST_SIGNING_KEY ? "inngest" : "embedded"),
    TERN_LOG_FORMAT: parsed.TERN_LOG_FORMAT ?? (env.NODE_ENV === "development" ? "pretty" : "json"),
  };
}

// The last parse and the variables it read. Start-up code (generated secrets, the embedded
// database's URL) and tests set variables after the first read, so a read whose variables
// changed parses again; otherwise it costs one environment lookup.
let loaded: { from: Environment; settings: Settings } | undefined;

function current(reads: string[]): Settings {
  const last = loaded;
  if (last && reads.every((name) => process.env[name] === last.from[name])) return last.settings;
  const from = Object.fromEntries(ALL_READS.map((name) => [name, process.env[name]]));
  loaded = { from, settings: parseSettings(from) };
  return loaded.settings;
}

/** One setting's typed value. Throws a SettingsError when any variable is bad. */
export function setting<Name extends SettingName>(name: Name): Settings[Name] {
  return current(READS[name])[name];
}

/** Every setting's typed value. Throws a SettingsError when any variable is bad. */
export function settings(): Settings {
  return current(ALL_READS);
}

/** For entry points, first thing: on a bad variable, prints every problem and exits with code 1. */
export function checkSettings(): Settings {
  try {
    return settings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(`[tern] ${error.message}`);
    process.exit(1);
  }
}
