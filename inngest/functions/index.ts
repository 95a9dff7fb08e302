import { cleanup } from "@/inngest/functions/cleanup";
import { deliver, retryDelivery } from "@/inngest/functions/deliver";
import { fanOut } from "@/inngest/functions/fan-out";

export const functions = [fanOut, deliver, retryDelivery, cleanup];
