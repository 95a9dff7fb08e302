import { z } from "zod";
import { eventTypeListQuery } from "@/lib/event-types/schemas";

/** The catalog page's URL: its search and its page. */
export const catalogSearch = z.object({ search: eventTypeListQuery.shape.search, cursor: eventTypeListQuery.shape.cursor });
