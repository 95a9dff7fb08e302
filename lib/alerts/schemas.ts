import { z } from "zod";
import { idPattern } from "@/lib/ids";

const alertId = z.string().regex(idPattern("alt"), { error: "Not an alert id." });

/** The inbox's acknowledge and resolve buttons. */
export const alertActionInput = z.strictObject({ alertId });
