// The process's structured logger: one JSON object a line in production, readable lines under
// `npm run dev`. Fields that may carry secrets are censored wherever they appear, and errors are
// logged without the values bound to a failed query.
import pino, { type DestinationStream } from "pino";
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

// drizzle's query errors carry `params`, postgres.js's (in debug mode) `parameters`, `args` and `types`.
const BOUND_VALUE_FIELDS = new Set(["params", "parameters", "args", "types"]);
// drizzle ends a failed query's message with its parameters.
const PARAMS_LINE = "\nparams: ";

// Errors, or what passes for one: the engine logs a step's error as the SDK serialized it, a plain object.
type ErrorLike = Error & Record<string, unknown>;

/** `text` without the "params: …" that drizzle appends to a failed query's message. */
export function withoutQueryParameters(text: string): string {
  const at = text.indexOf(PARAMS_LINE);
  return at === -1 ? text : text.slice(0, at);
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === "object" && value !== null && typeof (value as { message?: unknown }).message === "string";
}

// PostgreSQL repeats the values in a constraint's detail ("Key (id)=(…) already exists.",
// "Failing row contains (…).") and quotes the JSON it could not read in its context.
function withoutRowValues(text: string): string {
  return text
    .replace(/^(Key \(.*?\))=\(.*\)(?=[^)]*$)/s, "$1=(…)")
    .replace(/^Failing row contains \(.*\)/s, "Failing row contains (…)")
    .replace(/^(JSON data, line \d+): .*$/m, "$1: …");
}

/** A copy of `error` and its causes without the values a failed query was given; `copies` keeps a cycle of causes a cycle. */
function withoutBoundValues(error: ErrorLike, copies = new Map<ErrorLike, ErrorLike>()): ErrorLike {
  const known = copies.get(error);
  if (known) return known;
  const copy: ErrorLike = Object.create(Object.getPrototypeOf(error));
  copies.set(error, copy);
  for (const [field, value] of Object.entries(error)) if (!BOUND_VALUE_FIELDS.has(field)) copy[field] = value;
  copy.message = withoutQueryParameters(error.message);
  if (typeof error.stack === "string") {
    // The stack starts with the message as it was thrown.
    copy.stack = error.stack.includes(error.message) ? error.stack.replace(error.message, () => copy.message) : withoutQueryParameters(error.stack);
  }
  for (const field of ["detail", "where"]) if (typeof copy[field] === "string") copy[field] = withoutRowValues(copy[field]);
  const nested = (value: unknown) => (isErrorLike(value) ? withoutBoundValues(value, copies) : value);
  if (error.cause !== undefined) copy.cause = nested(error.cause);
  if (Array.isArray(error.errors)) copy.errors = error.errors.map(nested);
  return copy;
}

/** pino's error serializer on a copy without bound values, with each cause's own fields (PostgreSQL's code, detail) kept. */
function serializeError(error: unknown): unknown {
  return isErrorLike(error) ? serializeWithCauses(withoutBoundValues(error), new Set()) : error;
}

function serializeWithCauses(error: ErrorLike, seen: Set<ErrorLike>): unknown {
  seen.add(error);
  const serialized = pino.stdSerializers.err(error);
  return isErrorLike(error.cause) && !seen.has(error.cause) ? { ...serialized, cause: serializeWithCauses(error.cause, seen) } : serialized;
}

const prettyOutput = setting("TERN_LOG_FORMAT") === "pretty";

/** A logger with Tern's level, censoring and error serializer, writing to `destination` (standard output unless given). */
export function createLogger(destination?: DestinationStream) {
  return pino(
    {
      level: setting("TERN_LOG_LEVEL"),
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError },
      hooks: {
        // An error logged alone lends pino its message as the line's: that one too goes without bound values.
        logMethod(args, method) {
          const [first, message] = args as unknown[];
          if (first instanceof Error && message === undefined) return method.call(this, { err: first }, withoutQueryParameters(first.message));
          return method.apply(this, args);
        },
      },
    },
    destination,
  );
}

export const log = createLogger(prettyOutput ? pretty({ sync: true, colorize: process.stdout.isTTY, ignore: "pid,hostname" }) : undefined);
