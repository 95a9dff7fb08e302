import { z } from "zod";
import { formJson } from "@/lib/actions/form-json";

export const eventTypeName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9_.-]+$/, { error: "Use letters, digits, dots, dashes and underscores only." });

const jsonObject = z.record(z.string(), z.unknown(), { error: "Enter a JSON object, or leave it empty." });

export const createEventTypeInput = z.strictObject({
  name: eventTypeName,
  description: z.string().max(1000).default(""),
  schema: jsonObject.nullable().optional(),
  example: jsonObject.nullable().optional(),
});

export const updateEventTypeInput = z.strictObject({
  description: z.string().max(1000).optional(),
  schema: jsonObject.nullable().optional(),
  example: jsonObject.nullable().optional(),
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
