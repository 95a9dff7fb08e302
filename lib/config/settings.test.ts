import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parseSettings, SettingsError, setting, settings, settingsSchema } from "@/lib/config/settings";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error("expected a SettingsError");
}

describe("parseSettings", () => {
  it("gives every setting its default when nothing is set", () => {
    const defaults = parseSettings({});
    expect(defaults).toMatchObject({
      PORT: 3000,
      TERN_DATA_DIR: path.resolve(".data"),
      TERN_ALLOW_PRIVATE_NETWORKS: false,
      TERN_RETRY_SCHEDULE: [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400],
      TERN_DISABLE_AFTER: 5 * 86_400_000,
      TERN_ENDPOINT_CONCURRENCY: 10,
      TERN_DELIVERY_BATCH_SIZE: 100,
      TERN_CLEANUP_CRON: "TZ=UTC 0 3 * * *",
      TERN_ENGINE: "embedded",
      TERN_ENGINE_WORKER: true,
      TERN_DB_POOL_SIZE: 10,
      TERN_LOG_LEVEL: "info",
      TERN_LOG_FORMAT: "json",
    });
    expect(defaults.DATABASE_URL).toBeUndefined();
    expect(defaults.TERN_ENCRYPTION_KEY).toBeUndefined();
  });

  it("parses each value into its typed form, an empty variable counting as unset", () => {
    const parsed = parseSettings({
      PORT: "8080",
      TERN_DISABLE_AFTER: "12h",
      TERN_RETRY_SCHEDULE: "0.1, 0.2",
      TERN_ALLOW_HTTP: "1",
      TERN_ENGINE_WORKER: "0",
      TERN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      TERN_CLEANUP_CRON: "TZ=Europe/Paris 30 2 * * 1",
      TERN_API_RATE_LIMIT: "0.5",
      TERN_DELIVERY_BATCH_SIZE: "",
    });
    expect(parsed).toMatchObject({
      PORT: 8080,
      TERN_DISABLE_AFTER: 43_200_000,
      TERN_RETRY_SCHEDULE: [0.1, 0.2],
      TERN_ALLOW_HTTP: true,
      TERN_ENGINE_WORKER: false,
      TERN_ENCRYPTION_KEY: Buffer.alloc(32, 7),
      TERN_CLEANUP_CRON: "TZ=Europe/Paris 30 2 * * 1",
      TERN_API_RATE_LIMIT: 0.5,
      TERN_DELIVERY_BATCH_SIZE: 100,
    });
  });

  it.each([
    ["5d", 432_000_000],
    ["90m", 5_400_000],
    ["30s", 30_000],
    ["3600", 3_600_000],
  ])("reads TERN_DISABLE_AFTER=%s as %d ms", (value, ms) => {
    expect(parseSettings({ TERN_DISABLE_AFTER: value }).TERN_DISABLE_AFTER).toBe(ms);
  });

  it("runs on an Inngest server when one is configured, unless TERN_ENGINE says otherwise", () => {
    expect(parseSettings({ INNGEST_DEV: "1" }).TERN_ENGINE).toBe("inngest");
    expect(parseSettings({ INNGEST_BASE_URL: "http://inngest:8288" }).TERN_ENGINE).toBe("inngest");
    expect(parseSettings({ INNGEST_SIGNING_KEY: "signkey-prod-abc", TERN_ENGINE: "embedded" }).TERN_ENGINE).toBe("embedded");
  });

  it("logs readable lines under npm run dev, JSON elsewhere, unless TERN_LOG_FORMAT says", () => {
    expect(parseSettings({ NODE_ENV: "development" }).TERN_LOG_FORMAT).toBe("pretty");
    expect(parseSettings({ NODE_ENV: "development", TERN_LOG_FORMAT: "json" }).TERN_LOG_FORMAT).toBe("json");
  });

  it("names every bad variable in one error, with what it accepts and what it got", () => {
    const problems = problemsOf({
      PORT: "70000",
      TERN_DISABLE_AFTER: "abc",
      TERN_RETRY_SCHEDULE: "5,soon",
      TERN_ALLOW_PRIVATE_NETWORKS: "true",
      TERN_ENDPOINT_CONCURRENCY: "0",
      TERN_CLEANUP_CRON: "61 3 * * *",
      TERN_ENGINE: "both",
      TERN_LOG_LEVEL: "verbose",
      INNGEST_BASE_URL: "inngest:8288",
    });
    expect(problems).toEqual([
      'PORT must be a port number from 1 to 65535; got "70000"',
      'TERN_ALLOW_PRIVATE_NETWORKS must be 1 (on) or 0 (off); got "true"',
      'TERN_RETRY_SCHEDULE must be comma-separated seconds, e.g. 5,300,1800; got "5,soon"',
      'TERN_DISABLE_AFTER must be a duration such as 5d, 12h, 90m, 30s or plain seconds; got "abc"',
      'TERN_ENDPOINT_CONCURRENCY must be a positive integer; got "0"',
      'TERN_CLEANUP_CRON must be a cron expression, optionally after TZ=<zone>, e.g. "TZ=UTC 0 3 * * *"; got "61 3 * * *"',
      'TERN_ENGINE must be embedded or inngest; got "both"',
      'TERN_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"',
      'INNGEST_BASE_URL must be an http:// or https:// URL; got "inngest:8288"',
    ]);
  });

  it("refuses a cron in an unknown time zone", () => {
    expect(problemsOf({ TERN_CLEANUP_CRON: "TZ=Mars/Base 0 3 * * *" })).toHaveLength(1);
  });

  it("describes a bad secret without showing it", () => {
    const secrets = {
      DATABASE_URL: "mysql://tern:hunter2@db/tern",
      TERN_ENCRYPTION_KEY: "c2hvcnQtc2VjcmV0",
      TERN_BOOTSTRAP_API_KEY: "tern_sk_tooshort",
    };
    const message = problemsOf(secrets).join("\n");
    expect(message).toContain(
      "TERN_BOOTSTRAP_API_KEY must be an API key starting with tern_sk_, at least 24 characters long; got a value of 16 characters (not shown)",
    );
    expect(message).toContain("TERN_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
    expect(message).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
    for (const value of Object.values(secrets)) expect(message).not.toContain(value);
    expect(message).not.toContain("hunter2");
  });
});

describe("setting", () => {
  afterEach(() => {
    delete process.env.TERN_DELIVERY_BATCH_SIZE;
  });

  it("follows variables set after the first read, as start-up code and tests set them", () => {
    process.env.TERN_DELIVERY_BATCH_SIZE = "7";
    expect(setting("TERN_DELIVERY_BATCH_SIZE")).toBe(7);
    process.env.TERN_DELIVERY_BATCH_SIZE = "8";
    expect(setting("TERN_DELIVERY_BATCH_SIZE")).toBe(8);
    delete process.env.TERN_DELIVERY_BATCH_SIZE;
    expect(setting("TERN_DELIVERY_BATCH_SIZE")).toBe(100);
  });

  it("throws a SettingsError while the variable read, or any when reading them all, is bad", () => {
    process.env.TERN_DELIVERY_BATCH_SIZE = "many";
    expect(() => setting("TERN_DELIVERY_BATCH_SIZE")).toThrow(SettingsError);
    expect(() => settings()).toThrow(/TERN_DELIVERY_BATCH_SIZE must be a positive integer; got "many"/);
  });
});

describe("README's Configuration table", () => {
  it("lists exactly the variables the schema reads", () => {
    const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
    const section = /^## Configuration$([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";
    const firstColumns = section
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split("|")[1] ?? "");
    const documented = firstColumns.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]));
    expect(documented.toSorted()).toEqual(Object.keys(settingsSchema.shape).toSorted());
  });
});
