import { z } from "zod";
import { endpointUrl } from "@/lib/endpoints/schemas";
import { idPattern } from "@/lib/ids";

export const MAX_EMAIL_RECIPIENTS = 20;

const channelName = z.string().trim().min(1, { error: "Give the channel a name, e.g. On-call or #webhooks-alerts." }).max(100);

// A textarea or a list: addresses separated by commas, semicolons, spaces or new lines.
const asAddressList = (value: unknown) =>
  typeof value === "string"
    ? value
        .split(/[\s,;]+/)
        .map((part) => part.trim())
        .filter(Boolean)
    : value;

const emailRecipients = z.preprocess(
  asAddressList,
  z
    .array(z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not an email address.` }))
    .min(1, { error: "Enter at least one email address." })
    .max(MAX_EMAIL_RECIPIENTS, { error: `At most ${MAX_EMAIL_RECIPIENTS} recipients a channel.` })
    .transform((addresses) => [...new Set(addresses.map((address) => address.toLowerCase()))]),
);

// The same URL rules as an endpoint's (https unless plain http is allowed, no literal private IP); the host is resolved when saved.
const slackWebhookUrl = z.string().trim().pipe(endpointUrl);

export const createAlertChannelInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("email"), name: channelName, emailRecipients }),
  z.object({ kind: z.literal("slack"), name: channelName, slackWebhookUrl }),
]);
export type CreateAlertChannelInput = z.output<typeof createAlertChannelInput>;

const channelId = z.string().regex(idPattern("ach"), { error: "No such alert channel in this workspace." });

export const alertChannelRef = z.object({ channelId });

export const setAlertChannelEnabledInput = z.object({
  channelId,
  // Forms send text, direct calls a boolean.
  enabled: z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]),
});
