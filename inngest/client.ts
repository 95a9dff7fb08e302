import { Inngest } from "inngest";
import { setting } from "@/lib/config/settings";
import { EMBEDDED_ENGINE_ORIGIN, embeddedEngineFetch } from "@/lib/engine/client-fetch";
import { log } from "@/lib/log";

// Against an Inngest server the SDK reads INNGEST_* settings from the environment. Embedded,
// the client signs with Tern's own key and hands its event sends to the in-process executor.
const embedded = setting("TERN_ENGINE") === "embedded";

export const inngest = new Inngest({
  id: "tern",
  checkpointing: false,
  // Step and function errors are logged by Tern's logger, which keeps a failed query's values out (the SDK's own prints them).
  logger: log,
  ...(embedded
    ? { isDev: false, baseUrl: EMBEDDED_ENGINE_ORIGIN, eventKey: "embedded", signingKey: setting("TERN_ENGINE_SIGNING_KEY"), fetch: embeddedEngineFetch }
    : {}),
});
