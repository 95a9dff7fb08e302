// What an alert notification says, whichever channel carries it: what happened, to which
// endpoint, since when, and where to see it in the console.
import type { Alert } from "@/db/schema";
import { setting } from "@/lib/config/settings";

export const ALERT_CONDITION_LABELS: Record<Alert["condition"], string> = {
  endpoint_failing: "Endpoint failing",
  endpoint_disabled: "Endpoint disabled",
  deliveries_exhausted: "Deliveries failed for good",
};

export type AlertNotice = {
  /** The email subject; Slack's fallback text. */
  subject: string;
  /** The whole message as plain text (the email body). */
  text: string;
  headline: string;
  facts: { label: string; value: string }[];
  /** Where the alert is in the console, when AUTH_URL says where the console is. */
  link?: string;
};

export type NoticeChange = "opened" | "resolved";

export type NoticeAlert = Pick<Alert, "id" | "condition" | "summary" | "openedAt" | "resolvedAt"> & { endpointUrl: string | null };

function consoleLink(path: string): string | undefined {
  const base = setting("AUTH_URL");
  return base ? new URL(path, base).toString() : undefined;
}

// An endpoint URL's query may carry a credential, so notifications show its origin and path.
function shownEndpointUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

const utc = (time: Date) => `${time.toISOString().slice(0, 19).replace("T", " ")} UTC`;

function composeNotice(subject: string, headline: string, facts: AlertNotice["facts"], link: string | undefined): AlertNotice {
  const text = [headline, "", ...facts.map((fact) => `${fact.label}: ${fact.value}`), ...(link ? ["", `See it in Tern: ${link}`] : [])].join("\n");
  return { subject, text, headline, facts, link };
}

export function alertNotice(alert: NoticeAlert, change: NoticeChange): AlertNotice {
  const condition = ALERT_CONDITION_LABELS[alert.condition];
  const facts = [
    { label: "Condition", value: condition },
    ...(alert.endpointUrl ? [{ label: "Endpoint", value: shownEndpointUrl(alert.endpointUrl) }] : []),
    { label: "Since", value: utc(alert.openedAt) },
    ...(change === "resolved" && alert.resolvedAt ? [{ label: "Resolved", value: utc(alert.resolvedAt) }] : []),
  ];
  const status = change === "opened" ? "open" : "resolved";
  // The inbox row carries the alert id as its anchor.
  const link = consoleLink(`/alerts?status=${status}#${alert.id}`);
  return change === "opened"
    ? composeNotice(`[Tern] ${alert.summary}`, alert.summary, facts, link)
    : composeNotice(`[Tern] Resolved: ${alert.summary}`, `Resolved: ${alert.summary}`, facts, link);
}

/** What "Send a test" sends: recognisably a test, naming the channel it went through. */
export function testNotice(channelName: string): AlertNotice {
  return composeNotice(
    `[Tern] Test notification for “${channelName}”`,
    `This is a test from Tern: alerts will reach you through the channel “${channelName}”.`,
    [{ label: "Sent", value: utc(new Date()) }],
    consoleLink("/settings/alerts"),
  );
}
