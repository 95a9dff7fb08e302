import { operations } from "@/app/api/v1/openapi.json/operations";
import { mcpRoute } from "@/lib/mcp/http";

// Only POST: a stateless server offers no stream to open (GET) and no session to end (DELETE), so
// those answer 405, as the Streamable HTTP transport allows.
export const POST = mcpRoute(operations);
