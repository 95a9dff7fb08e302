// Event type schemas are JSON Schema draft 2020-12, checked and compiled with Ajv. They are
// checked when saved, and strict mode validates each published event's data against its type's.
import { Ajv2020, type ErrorObject, MissingRefError, type ValidateFunction } from "ajv/dist/2020";
import type { RegExpEngine } from "ajv/dist/types";
import { RE2JS, RE2JSException } from "re2js";

/** The one dialect Tern reads; a schema may name it in `$schema` or leave `$schema` out. */
const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** Where a value breaks a rule (`data.items[0].amount`) and how (`must be number`). */
type SchemaViolation = { path: string; message: string };

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; violation: SchemaViolation };

/**
 * `pattern` and `patternProperties` run on RE2, whose matching takes time linear in the input: a
 * pattern such as `^(a+)+$` cannot stall the process however the published data is shaped.
 * RE2 has no lookaround or backreferences; a schema that uses them is refused when saved.
 */
const linearTimeRegExp: RegExpEngine = Object.assign((pattern: string) => RE2JS.compile(pattern), { code: 'require("re2js").RE2JS.compile' });

/** `uniqueItems` compares every pair of items: the schema must bound the array for that to stay cheap. */
const MAX_UNIQUE_ITEMS = 1_000;

function newAjv(options: { validateSchema: boolean }) {
  return new Ajv2020({
    ...options,
    // The first error says what is wrong, and stopping there keeps refusing a large payload cheap.
    allErrors: false,
    // Unknown keywords are refused: a typo such as "requried" would otherwise check nothing.
    strictSchema: true,
    // These two only log warnings about legal schemas.
    strictTypes: false,
    strictTuples: false,
    // In draft 2020-12 `format` is an annotation: shown in the catalog, not enforced.
    validateFormats: false,
    // A schema's $id never becomes something another workspace's schema could $ref.
    addUsedSchema: false,
    logger: false,
    code: { regExp: linearTimeRegExp },
  });
}

// Checks schemas against the dialect's meta-schema; it never compiles a workspace's schema, so it holds none.
const metaSchemaChecker = newAjv({ validateSchema: true });

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A JSON Pointer into `root` as people write paths: "/items/0/amount" of data is
 * `data.items[0].amount`; a key that is not an identifier is quoted (`data["unit price"]`).
 */
function readablePath(rootName: string, pointer: string, root: unknown): string {
  let path = rootName;
  let value = root;
  for (const escaped of pointer.split("/").slice(1)) {
    const segment = escaped.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(value)) path += `[${segment}]`;
    else path += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

const childPath = (path: string, key: string) => (IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

/** Ajv's error in people's words, at the property it concerns (a missing property is named, not its parent). */
function violationOf(error: ErrorObject, rootName: string, root: unknown): SchemaViolation {
  const path = readablePath(rootName, error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: childPath(path, String(params.missingProperty)), message: "is required" };
    case "additionalProperties":
      return { path: childPath(path, String(params.additionalProperty)), message: "is not a property the schema allows" };
    case "enum":
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}` };
    case "const":
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path, message: error.message ?? "is invalid" };
  }
}

/** The first way `value` breaks `validate`'s schema, or undefined when it matches. */
export function firstViolation(validate: ValidateFunction, value: unknown, rootName: string): SchemaViolation | undefined {
  if (validate(value)) return undefined;
  const [error] = validate.errors ?? [];
  return error ? violationOf(error, rootName, value) : { path: rootName, message: "does not match the schema" };
}

/** The first `uniqueItems` whose array the schema leaves unbounded (or bounded above MAX_UNIQUE_ITEMS). */
function unboundedUniqueItems(node: unknown, path: string): SchemaViolation | undefined {
  if (node === null || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) {
      const found = unboundedUniqueItems(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  const schema = node as Record<string, unknown>;
  if (schema.uniqueItems === true && !(typeof schema.maxItems === "number" && schema.maxItems <= MAX_UNIQUE_ITEMS)) {
    return {
      path: `${path}.uniqueItems`,
      message: `needs maxItems of at most ${MAX_UNIQUE_ITEMS} beside it: checking uniqueness compares every pair of items`,
    };
  }
  for (const [key, value] of Object.entries(schema)) {
    // Values under these keywords are data, not schemas.
    if (key === "enum" || key === "const" || key === "examples" || key === "default") continue;
    const found = unboundedUniqueItems(value, childPath(path, key));
    if (found) return found;
  }
  return undefined;
}

function compileError(error: unknown): SchemaViolation {
  if (error instanceof RE2JSException) {
    return {
      path: "schema",
      message: `has a pattern that cannot be used: ${error.message} (patterns use RE2 syntax: no lookahead, lookbehind or backreferences)`,
    };
  }
  if (error instanceof MissingRefError) {
    return { path: "schema", message: `$ref "${error.missingRef}" names nothing in this schema: only references within the schema ($defs) resolve` };
  }
  const message = error instanceof Error ? error.message.replace(/^strict mode: /, "") : String(error);
  return { path: "schema", message };
}

/**
 * Checks that `schema` is a draft 2020-12 JSON Schema Ajv can use, and compiles it. Each compile
 * has an Ajv of its own: validators of different workspaces share nothing, and dropping one frees it.
 */
export function compileEventSchema(schema: Record<string, unknown>): CompiledSchema {
  if (schema.$schema !== undefined && schema.$schema !== SCHEMA_DIALECT) {
    return {
      ok: false,
      violation: { path: "schema.$schema", message: `must be "${SCHEMA_DIALECT}" or left out: schemas are read as JSON Schema draft 2020-12` },
    };
  }
  if (!metaSchemaChecker.validateSchema(schema)) {
    const [error] = metaSchemaChecker.errors ?? [];
    return { ok: false, violation: error ? violationOf(error, "schema", schema) : { path: "schema", message: "is not a valid JSON Schema" } };
  }
  const unbounded = unboundedUniqueItems(schema, "schema");
  if (unbounded) return { ok: false, violation: unbounded };
  try {
    return { ok: true, validate: newAjv({ validateSchema: false }).compile(schema) };
  } catch (error) {
    return { ok: false, violation: compileError(error) };
  }
}
