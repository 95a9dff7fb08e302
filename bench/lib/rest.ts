// The REST API as a client sees it: keep-alive connections from an undici pool.
import { Pool } from "undici";

export type RestClient = ReturnType<typeof restClient>;

export function restClient(baseUrl: string, apiKey: string, connections: number) {
  const pool = new Pool(baseUrl, { connections });
  const post = async (path: string, body: unknown) => {
    const response = await pool.request({
      method: "POST",
      path,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.statusCode, text: await response.body.text() };
  };

  return {
    /** POST /api/v1/events; `id` is the accepted event's id (202 only). */
    publish: async (type: string, data: Record<string, unknown>): Promise<{ status: number; id?: string }> => {
      const { status, text } = await post("/api/v1/events", { type, data });
      return status === 202 ? { status, id: (JSON.parse(text) as { id: string }).id } : { status };
    },
    /** POST /api/v1/events/batch; `accepted` counts the events the batch stored (a 202 result each). */
    publishBatch: async (events: { type: string; data: Record<string, unknown> }[]): Promise<{ status: number; accepted: number }> => {
      const { status, text } = await post("/api/v1/events/batch", { events });
      if (status !== 200) return { status, accepted: 0 };
      return { status, accepted: (JSON.parse(text) as { data: { status: number }[] }).data.filter((result) => result.status === 202).length };
    },
    /** POST /api/v1/events for a tenant (its id or key); `tenantId` is the event's tenant (202 only). */
    publishForTenant: async (tenant: string, type: string, data: Record<string, unknown>): Promise<{ status: number; tenantId?: string }> => {
      const { status, text } = await post("/api/v1/events", { type, data, tenant });
      return status === 202 ? { status, tenantId: (JSON.parse(text) as { tenantId: string }).tenantId } : { status };
    },
    /** POST /api/v1/endpoints subscribed to every event type; returns its id. */
    createEndpoint: async (url: string): Promise<string> => {
      const { status, text } = await post("/api/v1/endpoints", { url, eventTypes: ["*"] });
      if (status !== 201) throw new Error(`creating endpoint ${url} answered ${status}: ${text}`);
      return (JSON.parse(text) as { id: string }).id;
    },
    close: () => pool.close(),
  };
}
