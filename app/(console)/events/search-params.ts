import { z } from "zod";
import { pageQuery } from "@/lib/api/pagination";
import { eventTypeName } from "@/lib/event-types/schemas";

export const eventsSearch = z.object({ type: eventTypeName.optional(), cursor: pageQuery.cursor });
