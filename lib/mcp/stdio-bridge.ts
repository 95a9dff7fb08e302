// For MCP clients that start their servers as commands and talk over stdio: messages pass
// unchanged between stdin/stdout and Tern's MCP server over HTTP, so the tools, scopes, rate
// limit and audit are the server's own and nothing runs here but the relay.
import type { Readable, Writable } from "node:stream";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ErrorCode, isJSONRPCRequest, isJSONRPCResultResponse, type RequestId } from "@modelcontextprotocol/sdk/types.js";

type BridgeOptions = { url: URL; apiKey: string; input?: Readable; output?: Writable };

/** Relays stdio to the MCP server at `url`, authenticated with `apiKey`, until stdin closes. */
export async function bridgeStdioToHttp({ url, apiKey, input = process.stdin, output = process.stdout }: BridgeOptions) {
  const remote = new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${apiKey}` } } });
  const local = new StdioServerTransport(input, output);
  const initializeRequests = new Set<RequestId>();

  local.onmessage = (message) => {
    if (isJSONRPCRequest(message) && message.method === "initialize") initializeRequests.add(message.id);
    remote.send(message).catch((error: Error) => {
      // The client waits for an answer to every request: one that never reached Tern gets this error instead.
      if (!isJSONRPCRequest(message)) return;
      // fetch says only "fetch failed"; its cause says why, e.g. connect ECONNREFUSED.
      const reason = error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
      void local.send({ jsonrpc: "2.0", id: message.id, error: { code: ErrorCode.InternalError, message: `Tern's MCP server did not answer: ${reason}` } });
    });
  };
  remote.onmessage = (message) => {
    // Later HTTP requests name the protocol version the server chose, as the transport requires.
    if (isJSONRPCResultResponse(message) && initializeRequests.delete(message.id)) remote.setProtocolVersion(String(message.result.protocolVersion));
    void local.send(message);
  };
  local.onclose = () => void remote.close();

  await remote.start();
  await local.start();
  return { close: () => local.close() };
}
