// A JSON Schema as people read an API reference: each property with its type, whether it is
// required, its description and its allowed values, nested properties indented beneath it.
type Schema = Record<string, unknown>;

// Deeper than this the tree says "…" rather than recursing (a self-referencing $ref would never end).
const MAX_DEPTH = 8;

// At most this many properties and variants in one tree: $refs to $defs that each refer to the
// next many times over would otherwise expand a small schema into millions of rows.
const MAX_NODES = 500;

/** What is left of a tree's MAX_NODES, shared by all its nodes. */
type Budget = { left: number };

/** Takes `count` nodes from the budget; false when it has run out. */
function spend(budget: Budget, count: number): boolean {
  if (budget.left <= 0) return false;
  budget.left -= count;
  return true;
}

const Truncated = () => <p className="text-xs text-zinc-600 dark:text-zinc-400">… (the raw JSON has the rest)</p>;

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

/** The local $ref target ("#/$defs/Address") within the root schema, if there is one. */
function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let target: unknown = root;
  for (const escaped of ref.slice(2).split("/")) {
    const segment = decodeURIComponent(escaped).replaceAll("~1", "/").replaceAll("~0", "~");
    target = isSchema(target) ? target[segment] : undefined;
  }
  return isSchema(target) ? target : undefined;
}

const refName = (ref: string) => ref.split("/").at(-1) ?? ref;

function typeLabel(schema: Schema): string {
  if (typeof schema.$ref === "string") return refName(schema.$ref);
  if (schema.const !== undefined) return "constant";
  const types = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === "string" ? [schema.type] : [];
  const named = types.map((type) => (type === "array" && isSchema(schema.items) ? `array of ${typeLabel(schema.items)}` : type));
  if (named.length > 0) return named.join(" or ");
  if (isSchema(schema.properties)) return "object";
  if (Array.isArray(schema.enum)) return "enum";
  if (Array.isArray(schema.oneOf)) return "one of";
  if (Array.isArray(schema.anyOf)) return "any of";
  if (Array.isArray(schema.allOf)) return "all of";
  return "any";
}

const show = (value: unknown) => JSON.stringify(value);

/** The keywords that narrow a value, as short phrases: "≥ 0", "at most 64 characters", "pattern ^in_". */
function constraints(schema: Schema): string[] {
  const phrases: string[] = [];
  const add = (keyword: string, phrase: (value: unknown) => string) => schema[keyword] !== undefined && phrases.push(phrase(schema[keyword]));
  add("minimum", (value) => `≥ ${value}`);
  add("exclusiveMinimum", (value) => `> ${value}`);
  add("maximum", (value) => `≤ ${value}`);
  add("exclusiveMaximum", (value) => `< ${value}`);
  add("multipleOf", (value) => `multiple of ${value}`);
  add("minLength", (value) => `at least ${value} characters`);
  add("maxLength", (value) => `at most ${value} characters`);
  add("pattern", (value) => `pattern ${value}`);
  add("minItems", (value) => `at least ${value} items`);
  add("maxItems", (value) => `at most ${value} items`);
  if (schema.uniqueItems === true) phrases.push("unique items");
  add("default", (value) => `default ${show(value)}`);
  return phrases;
}

function Chip({ children, tone = "plain" }: { children: React.ReactNode; tone?: "plain" | "required" }) {
  const colours = tone === "required" ? "text-amber-800 dark:text-amber-300" : "text-zinc-600 dark:text-zinc-400";
  return <span className={`text-xs ${colours}`}>{children}</span>;
}

type NodeProps = { root: Schema; schema: Schema; depth: number; seenRefs: string[]; budget: Budget };

/** What sits under a value: an object's properties, an array's items' properties, a $ref's target, or the variants of oneOf/anyOf/allOf. */
function Children({ root, schema, depth, seenRefs, budget }: NodeProps) {
  if (depth >= MAX_DEPTH) return <p className="text-xs text-zinc-600 dark:text-zinc-400">…</p>;
  if (typeof schema.$ref === "string") {
    const target = seenRefs.includes(schema.$ref) ? undefined : resolveRef(root, schema.$ref);
    if (!target) return null;
    return <Children root={root} schema={target} depth={depth} seenRefs={[...seenRefs, schema.$ref]} budget={budget} />;
  }
  if (isSchema(schema.items) && !isSchema(schema.properties)) {
    return <Children root={root} schema={schema.items} depth={depth} seenRefs={seenRefs} budget={budget} />;
  }
  const variants = (["oneOf", "anyOf", "allOf"] as const).flatMap((keyword) =>
    Array.isArray(schema[keyword]) ? [{ keyword, options: (schema[keyword] as unknown[]).filter(isSchema) }] : [],
  );
  if (
    variants.length > 0 &&
    !spend(
      budget,
      variants.reduce((sum, { options }) => sum + options.length, 0),
    )
  )
    return <Truncated />;
  return (
    <>
      {isSchema(schema.properties) ? <PropertyList root={root} schema={schema} depth={depth} seenRefs={seenRefs} budget={budget} /> : null}
      {variants.map(({ keyword, options }) => (
        <div key={keyword} className="mt-1 space-y-1">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{{ oneOf: "Exactly one of:", anyOf: "Any of:", allOf: "All of:" }[keyword]}</p>
          <ol className="space-y-2 border-l border-zinc-200 pl-3 dark:border-zinc-700">
            {options.map((option, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the variants are a fixed list in schema order
              <li key={i}>
                <p className="text-sm">
                  <Chip>{typeLabel(option)}</Chip>
                  {typeof option.description === "string" ? <span className="ml-2 text-zinc-700 dark:text-zinc-300">{option.description}</span> : null}
                </p>
                <Children root={root} schema={option} depth={depth + 1} seenRefs={seenRefs} budget={budget} />
              </li>
            ))}
          </ol>
        </div>
      ))}
    </>
  );
}

function PropertyList({ root, schema, depth, seenRefs, budget }: NodeProps) {
  const properties = Object.entries(schema.properties as Schema).filter((entry): entry is [string, Schema] => isSchema(entry[1]));
  if (!spend(budget, properties.length)) return <Truncated />;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return (
    <ul className={`space-y-3 ${depth > 0 ? "mt-2 border-l border-zinc-200 pl-4 dark:border-zinc-700" : ""}`}>
      {properties.map(([name, property]) => (
        <li key={name} className="min-w-0">
          <p className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <code className="font-mono text-sm font-semibold break-all text-zinc-900 dark:text-zinc-100">{name}</code>
            <Chip>{typeLabel(property)}</Chip>
            {typeof property.format === "string" ? <Chip>format {property.format}</Chip> : null}
            {required.has(name) ? <Chip tone="required">required</Chip> : <Chip>optional</Chip>}
          </p>
          {typeof property.description === "string" ? <p className="mt-0.5 text-sm text-zinc-700 dark:text-zinc-300">{property.description}</p> : null}
          <Facts schema={property} />
          <Children root={root} schema={property} depth={depth + 1} seenRefs={seenRefs} budget={budget} />
        </li>
      ))}
      {schema.additionalProperties === false ? <li className="text-xs text-zinc-600 dark:text-zinc-400">No other properties are allowed.</li> : null}
    </ul>
  );
}

/** Allowed values and constraints, under a property's name. */
function Facts({ schema }: { schema: Schema }) {
  const phrases = constraints(schema);
  const listed = Array.isArray(schema.enum) ? schema.enum : schema.const !== undefined ? [schema.const] : undefined;
  const values = listed && [...new Set(listed.map(show))];
  if (!values && phrases.length === 0) return null;
  return (
    <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
      {values ? (
        <>
          {values.length === 1 ? "Always " : "One of "}
          {values.map((value, i) => (
            <span key={value}>
              {i > 0 ? ", " : null}
              <code className="font-mono text-zinc-800 dark:text-zinc-200">{value}</code>
            </span>
          ))}
          {phrases.length > 0 ? "; " : null}
        </>
      ) : null}
      {phrases.join("; ")}
    </p>
  );
}

/** A readable tree of `schema`'s properties; `$ref`s within it are followed, once each along a path, up to MAX_NODES rows. */
export function JsonSchemaTree({ schema }: { schema: Schema }) {
  const hasChildren =
    isSchema(schema.properties) || ["oneOf", "anyOf", "allOf"].some((keyword) => Array.isArray(schema[keyword])) || typeof schema.$ref === "string";
  return (
    <div className="min-w-0 space-y-2">
      {typeof schema.description === "string" ? <p className="text-sm text-zinc-700 dark:text-zinc-300">{schema.description}</p> : null}
      {hasChildren ? (
        <Children root={schema} schema={schema} depth={0} seenRefs={[]} budget={{ left: MAX_NODES }} />
      ) : (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Any <Chip>{typeLabel(schema)}</Chip>
        </p>
      )}
    </div>
  );
}
