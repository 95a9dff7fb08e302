import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

/** The serve endpoint, mounted at /api/inngest; the embedded executor also calls it in-process. */
export const inngestHandler = serve({ client: inngest, functions, enableUnauthedSync: false });
