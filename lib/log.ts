// The process's structured logger: one JSON object a line in production, readable lines under
// `npm run dev`. Fields that may carry secrets are censored wherever they appear.
import pino from "pino";
import pretty from "pino-pretty";
import { setting } from "@/lib/config/settings";

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

const prettyOutput = setting("TERN_LOG_FORMAT") === "pretty";

export const log = pino(
  { level: setting("TERN_LOG_LEVEL"), base: { pid: process.pid }, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } },
  prettyOutput ? pretty({ sync: true, colorize: process.stdout.isTTY, ignore: "pid,hostname" }) : undefined,
);
