import { buildOpenApiDocument } from "@/lib/api/openapi";
import { operations } from "./operations";

export function GET(request: Request) {
  return Response.json(buildOpenApiDocument(operations, new URL(request.url).origin));
}
