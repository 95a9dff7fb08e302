// Alert messages to a Slack incoming webhook, through the webhook sender: the same SSRF guard,
// timeout and response cap as every webhook Tern sends.
import type { AlertNotice } from "@/lib/alerts/notice";
import { sendWebhook } from "@/lib/webhooks/send";

const SLACK_TIMEOUT_MS = 10_000;
// Slack explains a refusal in a short body ("invalid_token", "no_service"); more is noise in last_error.
const SHOWN_BODY_CHARS = 200;

// Slack reads <…> as links and mentions, so text from elsewhere (a summary, a URL) is escaped.
const escapeMrkdwn = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** Slack's message format: the text is the fallback for notifications, the blocks what the channel shows. */
function slackPayload(notice: AlertNotice) {
  return {
    text: notice.subject,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${escapeMrkdwn(notice.headline)}*` } },
      { type: "section", fields: notice.facts.map((fact) => ({ type: "mrkdwn", text: `*${fact.label}*\n${escapeMrkdwn(fact.value)}` })) },
      ...(notice.link ? [{ type: "section", text: { type: "mrkdwn", text: `<${notice.link}|See it in Tern>` } }] : []),
    ],
  };
}

/** Posts `notice` to the webhook; resolves to why it was not delivered, or undefined. Errors never name the URL (it is the credential). */
export async function postSlackNotice(webhookUrl: string, notice: AlertNotice): Promise<string | undefined> {
  const result = await sendWebhook({
    url: webhookUrl,
    headers: { "content-type": "application/json", "user-agent": "Tern-Alerts/0.1" },
    body: JSON.stringify(slackPayload(notice)),
    timeoutMs: SLACK_TIMEOUT_MS,
  });
  if (result.error) return result.error;
  if (result.status !== undefined && result.status >= 200 && result.status < 300) return undefined;
  const body = result.body?.trim().slice(0, SHOWN_BODY_CHARS);
  return `Slack answered HTTP ${result.status}${body ? `: ${body}` : ""}`;
}
