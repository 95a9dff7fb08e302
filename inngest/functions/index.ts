import { cleanup } from "@/inngest/functions/cleanup";
import { deleteTenant } from "@/inngest/functions/delete-tenant";
import { deliver } from "@/inngest/functions/deliver";
import { fanOut } from "@/inngest/functions/fan-out";
import { notifyAlert } from "@/inngest/functions/notify-alert";
import { retryDelivery } from "@/inngest/functions/retry-delivery";

export const functions = [fanOut, deliver, retryDelivery, cleanup, deleteTenant, notifyAlert];
