import { z } from "zod";
import { eventTypeName } from "@/lib/event-types/schemas";
import { type IdPrefix, idPattern } from "@/lib/ids";

// A route's {id} is one of Tern's ids, or it names nothing.
function idParams(prefix: IdPrefix) {
  return z.object({
    id: z.string().regex(idPattern(prefix), { error: `Not an id of this kind: these are ${prefix}_ and 26 lowercase letters and digits.` }),
  });
}

export const endpointParams = idParams("ep");
export const eventParams = idParams("evt");
export const deliveryParams = idParams("dlv");
export const eventTypeParams = z.object({ name: eventTypeName });
