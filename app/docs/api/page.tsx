import type { Metadata } from "next";
import { operations } from "@/app/api/v1/openapi.json/operations";
import { buildOpenApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "REST API reference" };

type Operation = {
  summary: string;
  "x-required-scope": string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { "application/json": { schema: unknown } } };
  responses: Record<string, { description: string }>;
};

const methodColours: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  post: "bg-teal-100 text-teal-900 dark:bg-teal-950 dark:text-teal-200",
  put: "bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200",
  patch: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  delete: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};

/** The OpenAPI document for people: generated from the same handlers as /api/v1/openapi.json. */
export default function ApiReferencePage() {
  const document = buildOpenApiDocument(operations, "");
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1 className="text-3xl font-semibold tracking-tight">{document.info.title}</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">{document.info.description}</p>
      <p className="mt-2 text-sm">
        Machine-readable:{" "}
        <a className="text-teal-700 underline dark:text-teal-400" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>{" "}
        (OpenAPI 3.1). Lists take <code>?limit=</code> (≤ 100) and an opaque <code>?cursor=</code> and answer <code>{"{data, nextCursor}"}</code>, newest first.
      </p>
      {Object.entries(document.paths).map(([path, methods]) =>
        Object.entries(methods as Record<string, Operation>).map(([method, op]) => (
          <section key={`${method} ${path}`} id={`${method}-${path}`} className="mt-8 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
            <h2 className="flex flex-wrap items-center gap-3 font-mono text-sm">
              <span className={`rounded px-2 py-0.5 font-semibold uppercase ${methodColours[method]}`}>{method}</span>
              <span>{path}</span>
            </h2>
            <p className="mt-2 font-medium">{op.summary}</p>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Scope: <code>{op["x-required-scope"]}</code>
            </p>
            {op.parameters.length ? (
              <p className="mt-2 text-sm">Parameters: {op.parameters.map((p) => `${p.name} (${p.in}${p.required ? ", required" : ""})`).join(", ")}</p>
            ) : null}
            {op.requestBody ? (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer">Request body schema</summary>
                <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">
                  {JSON.stringify(op.requestBody.content["application/json"].schema, null, 2)}
                </pre>
              </details>
            ) : null}
            <ul className="mt-2 space-y-0.5 text-sm">
              {Object.entries(op.responses).map(([status, response]) => (
                <li key={status}>
                  <code>{status}</code> {response.description}
                </li>
              ))}
            </ul>
          </section>
        )),
      )}
    </main>
  );
}
