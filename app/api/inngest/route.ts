import { inngestHandler } from "@/inngest/handler";

export const { GET, POST, PUT } = inngestHandler;
