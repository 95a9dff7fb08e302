import { z } from "zod";

const MAX_PORTAL_SESSION_SECONDS = 7 * 24 * 3600;

export const createPortalSessionInput = z.strictObject({
  expiresInSeconds: z
    .number()
    .int()
    .min(60, { error: "A portal session lasts at least 60 seconds." })
    .max(MAX_PORTAL_SESSION_SECONDS, { error: "A portal session lasts at most 7 days (604800 seconds)." })
    .default(3600)
    .describe("How long the link works: 60 seconds to 7 days; 1 hour by default."),
  readOnly: z.boolean().default(false).describe("A read-only session can look at everything of the tenant and change nothing."),
  returnUrl: z
    .url({ protocol: /^https?$/, error: "Give an http(s) URL, e.g. https://app.example.com/settings/webhooks." })
    .max(2048)
    .optional()
    .describe("Where the portal's back link leads, e.g. the page of your app that embeds it."),
});
export type CreatePortalSessionInput = z.output<typeof createPortalSessionInput>;

/** What a portal token looks like: a prefix and 32 random bytes, base64url. */
export const PORTAL_TOKEN_PATTERN = /^tpt_[A-Za-z0-9_-]{43}$/;
