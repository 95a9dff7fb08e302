import { createApiKey } from "@/lib/api-keys/api-keys";
import { createOwnedWorkspace } from "@/test/fixtures";

/** A fresh workspace with an all-scopes API key, so each benchmark's data and load stay apart. */
export async function createBenchWorkspace(name: string): Promise<{ workspaceId: string; apiKey: string }> {
  const { workspace } = await createOwnedWorkspace(name);
  const { key } = await createApiKey(workspace.id, { name: "bench", scopes: [] }, { type: "system", id: null });
  return { workspaceId: workspace.id, apiKey: key };
}
