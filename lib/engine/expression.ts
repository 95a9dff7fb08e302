// The subset of CEL that Inngest trigger, concurrency-key and idempotency expressions use here:
// member access, string/number/bool/null literals, ==, !=, &&, ||, + and parentheses.
type Token = { kind: "string" | "number" | "ident" | "op"; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|&&|\|\||[.+()[\]]))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw new Error(`Unsupported expression syntax at "${source.slice(index)}" in: ${source}`);
    index = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: "string", value: match[1].slice(1, -1).replace(/\\(.)/g, "$1") });
    else if (match[2]) tokens.push({ kind: "number", value: match[2] });
    else if (match[3]) tokens.push({ kind: "ident", value: match[3] });
    else tokens.push({ kind: "op", value: match[4]! });
  }
  return tokens;
}

export type Expression = (context: Record<string, unknown>) => unknown;

/** Compiles an expression once; throws on syntax outside the supported subset. */
export function compileExpression(source: string): Expression {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const accept = (value: string) => {
    if (peek()?.kind !== "op" || peek()?.value !== value) return false;
    position++;
    return true;
  };
  const expect = (value: string) => {
    if (!accept(value)) throw new Error(`Expected "${value}" in expression: ${source}`);
  };

  function primary(): Expression {
    const token = tokens[position++];
    if (!token) throw new Error(`Unexpected end of expression: ${source}`);
    if (token.kind === "string") return () => token.value;
    if (token.kind === "number") return () => Number(token.value);
    if (token.kind === "op" && token.value === "(") {
      const inner = or();
      expect(")");
      return inner;
    }
    if (token.kind !== "ident") throw new Error(`Unexpected "${token.value}" in expression: ${source}`);
    if (token.value === "true" || token.value === "false") return () => token.value === "true";
    if (token.value === "null") return () => null;
    const path = [token.value];
    for (;;) {
      if (accept(".")) {
        const name = tokens[position++];
        if (name?.kind !== "ident") throw new Error(`Expected a field name in expression: ${source}`);
        path.push(name.value);
      } else if (accept("[")) {
        const key = tokens[position++];
        if (key?.kind !== "string" && key?.kind !== "number") throw new Error(`Expected an index in expression: ${source}`);
        path.push(key.value);
        expect("]");
      } else break;
    }
    return (context) => path.reduce<unknown>((value, key) => (value == null ? undefined : (value as Record<string, unknown>)[key]), context);
  }

  function sum(): Expression {
    let left = primary();
    while (accept("+")) {
      const l = left;
      const r = primary();
      left = (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === "number" && typeof b === "number" ? a + b : `${a ?? ""}${b ?? ""}`;
      };
    }
    return left;
  }

  function comparison(): Expression {
    const left = sum();
    if (accept("==")) {
      const right = sum();
      return (c) => left(c) === right(c);
    }
    if (accept("!=")) {
      const right = sum();
      return (c) => left(c) !== right(c);
    }
    return left;
  }

  function and(): Expression {
    let left = comparison();
    while (accept("&&")) {
      const l = left;
      const r = comparison();
      left = (c) => Boolean(l(c)) && Boolean(r(c));
    }
    return left;
  }

  function or(): Expression {
    let left = and();
    while (accept("||")) {
      const l = left;
      const r = and();
      left = (c) => Boolean(l(c)) || Boolean(r(c));
    }
    return left;
  }

  const compiled = or();
  if (position !== tokens.length) throw new Error(`Unexpected "${tokens[position]!.value}" in expression: ${source}`);
  return compiled;
}
