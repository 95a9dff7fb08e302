import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

/** The serve endpoint, mounted at /api/inngest: only signed calls (the executor's, or an Inngest server's). */
export const inngestHandler = serve({ client: inngest, functions, enableUnauthedSync: false });

/** The same functions for the embedded executor's in-process calls, which never cross a network and need no signature. */
export const inProcessHandler = serve({
  client: inngest,
  functions,
  enableUnauthedSync: false,
  // Accepted by the SDK's handler though missing from the Next adapter's option type.
  ...({ skipSignatureValidation: true } as object),
});
