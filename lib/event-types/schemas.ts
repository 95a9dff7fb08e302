import { z } from "zod";
import { formJson } from "@/lib/actions/form-json";
import { pageQuery } from "@/lib/api/pagination";

export const eventTypeName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9_.-]+$/, { error: "Use letters, digits, dots, dashes and underscores only." });

const jsonObject = z.record(z.string(), z.unknown(), { error: "Enter a JSON object, or leave it empty." });

const schemaField = jsonObject
  .nullable()
  .optional()
  .describe(
    "A JSON Schema (draft 2020-12) of the event's data, checked when saved. In strict mode every published event's data must match it. format is shown, not enforced; $ref resolves within the schema only.",
  );
const exampleField = jsonObject
  .nullable()
  .optional()
  .describe("An example of the event's data; it must match the schema. It fills the console's test-event form.");

export const createEventTypeInput = z.strictObject({
  name: eventTypeName,
  description: z.string().max(1000).default(""),
  schema: schemaField,
  example: exampleField,
});

export const updateEventTypeInput = z.strictObject({
  description: z.string().max(1000).optional(),
  schema: schemaField,
  example: exampleField,
});

export const eventTypeListQuery = z.strictObject({
  ...pageQuery,
  search: z.string().trim().max(128).optional().describe("Types whose name or description contains this (case-insensitive)."),
});

// The console sends JSON as text; empty means none.
const jsonText = formJson(null);
const jsonObjectField = z.preprocess(jsonText, jsonObject.nullable());

export const eventTypeForm = z.object({
  name: eventTypeName,
  description: z.string().max(1000).default(""),
  schema: jsonObjectField,
  example: jsonObjectField,
});
