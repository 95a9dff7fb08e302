// The process's structured logger: one JSON object a line in production, readable lines under
// `npm run dev`. Fields that may carry secrets are censored wherever they appear.
import pino from "pino";
import pretty from "pino-pretty";

const REDACTED_PATHS = [
  "secret",
  "*.secret",
  "password",
  "*.password",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "*.headers.cookie",
];

const level = process.env.TERN_LOG_LEVEL ?? "info";
const prettyOutput = (process.env.TERN_LOG_FORMAT ?? (process.env.NODE_ENV === "development" ? "pretty" : "json")) === "pretty";

export const log = pino(
  { level, base: { pid: process.pid }, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } },
  prettyOutput ? pretty({ sync: true, colorize: process.stdout.isTTY, ignore: "pid,hostname" }) : undefined,
);
