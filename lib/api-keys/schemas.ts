import { z } from "zod";
import { apiKeyScopes } from "@/lib/api-keys/scopes";
import { displayName } from "@/lib/validation/display-name";

// Forms send nothing for no boxes ticked and a lone string for one.
const asArray = (value: unknown) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]);

export const createApiKeyInput = z.object({
  name: displayName({ required: "Give the key a name, e.g. the system that will use it.", max: 100 }),
  scopes: z.preprocess(asArray, z.array(z.enum(apiKeyScopes)).max(apiKeyScopes.length)),
});

export const revokeApiKeyInput = z.object({ keyId: z.string().min(1).max(64) });
