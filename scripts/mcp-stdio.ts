// `npm run --silent mcp`: Tern's MCP server for clients that speak stdio, e.g. Claude Desktop's
// command servers. TERN_API_KEY is the API key whose scopes decide the tools; TERN_URL is where
// Tern answers. Only MCP messages may reach stdout, so everything else goes to stderr.
import { bridgeStdioToHttp } from "@/lib/mcp/stdio-bridge";

const apiKey = process.env.TERN_API_KEY;
if (!apiKey) {
  console.error("[tern] Set TERN_API_KEY to a Tern API key (tern_sk_…); its scopes decide the tools the client sees.");
  process.exit(1);
}
const url = new URL("/api/mcp", process.env.TERN_URL ?? "http://localhost:3000");
await bridgeStdioToHttp({ url, apiKey });
console.error(`[tern] Relaying MCP over stdio to ${url.href}`);
