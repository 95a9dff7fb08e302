import { z } from "zod";
import { pageQuery } from "@/lib/api/pagination";

export const endpointsSearch = z.object({ cursor: pageQuery.cursor });

/** Set by the redirect after creating an endpoint. */
export const endpointSearch = z.object({ created: z.literal("1").optional() });
