// From a failing endpoint to the operator: a receiver that answers 500 opens an alert, whose
// email reaches a real SMTP server and whose Slack message reaches a loopback receiver; when the
// receiver answers again, the alert resolves and both channels hear that too.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAlertChannelInput } from "@/lib/alerts/channel-schemas";
import { createAlertChannel } from "@/lib/alerts/channels";
import { listAlerts } from "@/lib/alerts/lifecycle";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { publishEvent } from "@/lib/events/publish";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { startSmtpReceiver } from "@/test/smtp-receiver";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
// Attempts 2 and 3 come fast, so three failures open the alert at once; then a second passes before the fourth.
process.env.TERN_RETRY_SCHEDULE = "0.05,0.05,1,1";
process.env.TERN_FAILING_AFTER_ATTEMPTS = "3";
process.env.AUTH_URL = "https://tern.example.com";

const system = { type: "system", id: null } as const;
let executor: Executor;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let receiverDown = true;

beforeAll(async () => {
  executor = await startTernExecutor();
  smtp = await startSmtpReceiver();
  process.env.TERN_SMTP_URL = smtp.url;
  receiver = await startReceiver((request, response) => response.writeHead(request.path.startsWith("/orders") && receiverDown ? 500 : 200).end("ok"));
});
afterAll(async () => {
  await executor.stop();
  await smtp.close();
  await receiver.close();
});

const slackTexts = () => receiver.received.filter((request) => request.path === "/slack").map((request) => JSON.parse(request.body).text as string);

it("tells email and Slack when an endpoint starts failing, and again when it recovers", async () => {
  const { workspace } = await createOwnedWorkspace();
  await createAlertChannel(workspace.id, createAlertChannelInput.parse({ kind: "email", name: "On-call", emailRecipients: "oncall@example.com" }), system);
  await createAlertChannel(workspace.id, createAlertChannelInput.parse({ kind: "slack", name: "#alerts", slackWebhookUrl: receiver.url("/slack") }), system);
  const endpoint = await createEndpoint(
    workspace.id,
    createEndpointInput.parse({ url: `${receiver.url("/orders")}?token=s3cret`, eventTypes: ["order.paid"] }),
    system,
  );

  await publishEvent(workspace.id, { type: "order.paid", data: { orderId: 42 } });
  const opened = await eventually(() => smtp.received.find((mail) => mail.to.includes("oncall@example.com")), "the alert email");
  receiverDown = false;
  const [alert] = (await listAlerts(workspace.id, { limit: 10 })).data;
  expect(alert).toMatchObject({ condition: "endpoint_failing", endpointId: endpoint.id });
  expect(opened.text).toContain(`Endpoint: ${receiver.url("/orders")}`);
  // The endpoint URL's query may be a credential: notifications leave it out.
  expect(opened.text).not.toContain("s3cret");
  expect(await eventually(() => slackTexts()[0], "the Slack message")).toBe(`[Tern] ${alert!.summary}`);

  await eventually(() => slackTexts().length === 2 && smtp.received.length === 2, "the resolved notifications", 30_000);
  expect(slackTexts()[1]).toBe(`[Tern] Resolved: ${alert!.summary}`);
  expect(smtp.received[1]!.text).toContain(`Subject: [Tern] Resolved: ${alert!.summary}`);
  expect(JSON.stringify(receiver.received.filter((request) => request.path === "/slack"))).not.toContain("s3cret");
  expect((await listAlerts(workspace.id, { limit: 10 })).data[0]).toMatchObject({ id: alert!.id, status: "resolved" });
}, 60_000);
