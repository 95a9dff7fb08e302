import { z } from "zod";
import { displayName } from "@/lib/validation/display-name";

export const workspaceSettingsInput = z.object({
  name: displayName({ required: "Name the workspace.", max: 100 }),
  retentionDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int({ error: "Enter a whole number of days." })
    .min(1, { error: "Keep data for at least 1 day." })
    .max(365, { error: "Keep data for at most 365 days." }),
  // Left out, the cap stays as it is; the settings form always sends it.
  maxEndpointsPerTenant: z.coerce
    .number({ error: "Enter a number of endpoints." })
    .int({ error: "Enter a whole number of endpoints." })
    .min(1, { error: "Allow each tenant at least 1 endpoint." })
    .max(10_000, { error: "Allow each tenant at most 10,000 endpoints." })
    .optional(),
});

export const strictEventTypesInput = z.object({ strictEventTypes: z.enum(["on", "off"]).transform((value) => value === "on") });
