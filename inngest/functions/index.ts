import { cleanup } from "@/inngest/functions/cleanup";
import { deleteTenant } from "@/inngest/functions/delete-tenant";
import { deliver } from "@/inngest/functions/deliver";
import { fanOut } from "@/inngest/functions/fan-out";
import { foldRollups } from "@/inngest/functions/fold-rollups";
import { notifyAlert } from "@/inngest/functions/notify-alert";
import { redispatchEvents } from "@/inngest/functions/redispatch-events";
import { retryDelivery } from "@/inngest/functions/retry-delivery";
import { runsStartInStatement } from "@/inngest/send";

// The embedded engine hands events over in the statement that stores them, so it never leaves one
// for the sweeper: it runs only against an Inngest server.
export const functions = [
  fanOut,
  deliver,
  retryDelivery,
  cleanup,
  foldRollups,
  deleteTenant,
  notifyAlert,
  ...(runsStartInStatement() ? [] : [redispatchEvents]),
];
