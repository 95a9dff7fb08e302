// Alert emails, over the SMTP server TERN_SMTP_URL names.
import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import type { AlertNotice } from "@/lib/alerts/notice";
import { setting } from "@/lib/config/settings";

export const SMTP_NOT_CONFIGURED = "SMTP is not configured: set TERN_SMTP_URL to send alert emails.";

// A mail server that hangs must not hold a notification step for minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** TERN_ALERT_EMAIL_FROM, or Tern at the host people reach the console on. */
function fromAddress(): string {
  const configured = setting("TERN_ALERT_EMAIL_FROM");
  if (configured) return configured;
  const authUrl = setting("AUTH_URL");
  return `Tern <tern@${authUrl ? new URL(authUrl).hostname : "localhost"}>`;
}

export function smtpConfigured(): boolean {
  return setting("TERN_SMTP_URL") !== undefined;
}

/** Sends `notice` to `recipients`; resolves to why it was not sent, or undefined once the server accepted it. */
export async function sendAlertEmail(recipients: string[], notice: AlertNotice): Promise<string | undefined> {
  const url = setting("TERN_SMTP_URL");
  if (!url) return SMTP_NOT_CONFIGURED;
  const transport = nodemailer.createTransport(new SMTPTransport({ url, ...SMTP_TIMEOUTS }));
  try {
    const info = await transport.sendMail({ from: fromAddress(), to: recipients, subject: notice.subject, text: notice.text });
    return info.rejected.length > 0 ? `The mail server refused ${info.rejected.map(String).join(", ")}` : undefined;
  } catch (error) {
    // nodemailer's messages name the server's answer, never the credentials in the URL.
    return `Email not sent: ${(error as Error).message}`;
  } finally {
    transport.close();
  }
}
