import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { publicOrigin } from "@/lib/console/public-origin";
import { publishEventCurl } from "@/lib/onboarding/examples";
import { onboardingProgress } from "@/lib/onboarding/progress";
import { GetStartedDismiss } from "./get-started-dismiss";
import { isGetStartedDismissed } from "./get-started-dismissal";

type Step = { id: string; title: string; done: boolean; description: React.ReactNode; action?: { href: string; label: string }; example?: string };

/**
 * The first steps to a delivered webhook, each ticked from what the workspace holds, until all are
 * taken or someone dismisses the list in this browser.
 */
export async function GetStarted({ workspaceId }: { workspaceId: string }) {
  if (await isGetStartedDismissed(workspaceId)) return null;
  const progress = await onboardingProgress(workspaceId);
  const steps: Step[] = [
    {
      id: "api-key",
      title: "Create an API key",
      done: progress.apiKey,
      description: "Your systems publish events with it. It is shown once, when created.",
      action: { href: "/settings/api-keys", label: "Create an API key" },
    },
    {
      id: "endpoint",
      title: "Add your first endpoint",
      done: progress.firstEndpointId !== null,
      description: "The URL that receives the webhooks, and the event types it wants.",
      action: { href: "/endpoints/new", label: "Add an endpoint" },
    },
    {
      id: "test-event",
      title: "Send a test event",
      done: progress.testEvent,
      description: "From the endpoint's page: Tern signs it, sends it at once and shows what your endpoint answered.",
      action: progress.firstEndpointId ? { href: `/endpoints/${progress.firstEndpointId}`, label: "Open your endpoint" } : undefined,
    },
    {
      id: "publish",
      title: "Publish your first event",
      done: progress.publishedEvent,
      description: (
        <>
          Call the API from your code; every endpoint subscribed to the event type receives it. Set <code className="font-mono">TERN_API_KEY</code> to a key
          from Settings → API keys, or paste the key in its place.
        </>
      ),
      action: { href: "/docs/api", label: "Read the API reference" },
      example: publishEventCurl({ origin: await publicOrigin() }),
    },
  ];
  const done = steps.filter((step) => step.done).length;
  if (done === steps.length) return null;
  return (
    <section
      aria-labelledby="get-started-title"
      data-testid="get-started"
      className="mb-6 rounded-lg border border-teal-200 bg-white p-5 shadow-xs dark:border-teal-900 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="get-started-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
            Get started
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {done} of {steps.length} steps done: from here to your first delivered webhook.
          </p>
        </div>
        <GetStartedDismiss />
      </div>
      <ol className="mt-4 space-y-4">
        {steps.map((step, index) => (
          <li key={step.id} data-testid={`get-started-${step.id}`} data-done={step.done} className="flex gap-3">
            <span
              aria-hidden="true"
              className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                step.done ? "bg-teal-700 text-white" : "border border-zinc-300 text-zinc-600 dark:border-zinc-600 dark:text-zinc-400"
              }`}
            >
              {step.done ? "✓" : index + 1}
            </span>
            <div className="min-w-0 flex-1">
              <p className={`font-medium ${step.done ? "text-zinc-600 line-through dark:text-zinc-400" : "text-zinc-900 dark:text-zinc-100"}`}>
                {step.title}
                <span className="sr-only">{step.done ? " (done)" : " (to do)"}</span>
              </p>
              {step.done ? null : (
                <>
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{step.description}</p>
                  {step.example ? (
                    <div className="mt-2">
                      <CodeBlock code={step.example} label="Publish an event with curl" copyLabel="Copy command" />
                    </div>
                  ) : null}
                  {step.action ? (
                    <Link href={step.action.href} className={buttonClass("secondary", "mt-2")}>
                      {step.action.label}
                    </Link>
                  ) : null}
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
