// Who sent a request. Next's server keeps a client's own X-Forwarded-For as it is and tells route
// handlers nothing of the socket, so the web server stamps each request with the address it came
// from (stampSocketAddresses, from instrumentation.ts); only hops in TERN_TRUSTED_PROXIES are then
// believed about the addresses before them.
import { randomBytes, timingSafeEqual } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import { type AddressRange, setting } from "@/lib/config/settings";

const SOCKET_HEADER = "x-tern-socket-address";

/** What a request's address is taken to be when the web server did not stamp it: one shared key, never loopback. */
export const UNKNOWN_ADDRESS = "unknown";

// Instrumentation and route handlers are bundled apart; the process's global object is what they
// share. A client cannot forge the stamp without `proof`, a per-process secret.
const shared = globalThis as typeof globalThis & { ternSocketStamp?: { proof: string; stamping: boolean } };
shared.ternSocketStamp ??= { proof: randomBytes(16).toString("hex"), stamping: false };
const state = shared.ternSocketStamp;
const proof = state.proof;

/** An address as written in a header or by Node (`::ffff:1.2.3.4`, `[::1]:443`, `1.2.3.4:80`), plainly; undefined if it is none. */
export function normalizeAddress(text: string): string | undefined {
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  const version = isIP(address);
  if (version === 0) return undefined;
  return version === 6 ? address.toLowerCase() : address;
}

// What proxies add to the requests they pass on; one that adds none may still run on this machine.
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host", "x-forwarded-proto", "via"];

/**
 * Records in `headers` the socket's address and whether the request arrived with no header a
 * proxy adds (Next adds X-Forwarded-* later), replacing whatever a client sent under that name.
 */
export function stampSocketAddress(headers: IncomingHttpHeaders, socketAddress: string | undefined): void {
  const address = socketAddress && normalizeAddress(socketAddress);
  const direct = PROXY_HEADERS.every((name) => headers[name] === undefined);
  if (address) headers[SOCKET_HEADER] = `${proof} ${address}${direct ? " direct" : ""}`;
  else delete headers[SOCKET_HEADER];
}

/** Stamps every request this process's HTTP servers receive from now on (idempotent). */
export function stampSocketAddresses(): void {
  if (state.stamping) return;
  state.stamping = true;
  for (const server of [http.Server, https.Server]) {
    const emit = server.prototype.emit;
    server.prototype.emit = function emitStamped(this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as http.IncomingMessage;
        stampSocketAddress(request.headers, request.socket.remoteAddress);
      }
      return Reflect.apply(emit, this, [event, ...args]) as boolean;
    } as typeof emit;
  }
}

type HeaderSource = { get(name: string): string | null };

function stampedSocket(headers: HeaderSource): { address: string; direct: boolean } | undefined {
  const [given = "", address = "", direct] = headers.get(SOCKET_HEADER)?.split(" ") ?? [];
  const matches = given.length === proof.length && timingSafeEqual(Buffer.from(given), Buffer.from(proof));
  const normalized = normalizeAddress(address);
  return matches && normalized ? { address: normalized, direct: direct === "direct" } : undefined;
}

const compiled = new WeakMap<readonly AddressRange[], BlockList>();
function blockListOf(ranges: readonly AddressRange[]): BlockList {
  let list = compiled.get(ranges);
  if (!list) {
    list = new BlockList();
    for (const range of ranges) list.addSubnet(range.network, range.prefix, range.family);
    compiled.set(ranges, list);
  }
  return list;
}

const includes = (list: BlockList, address: string) => list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");

/**
 * The client's address: the socket's, or, while that is a trusted proxy, the X-Forwarded-For entry
 * that proxy appended (read from the right). UNKNOWN_ADDRESS when the web server did not stamp the request.
 */
export function clientAddress(headers: HeaderSource, trustedProxies: readonly AddressRange[] = setting("TERN_TRUSTED_PROXIES")): string {
  const socket = stampedSocket(headers);
  if (!socket) return UNKNOWN_ADDRESS;
  let address = socket.address;
  const trusted = blockListOf(trustedProxies);
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",");
  while (includes(trusted, address)) {
    // What a trusted hop claims is believed; an entry that is no address ends the walk at that hop.
    const previous = normalizeAddress(forwarded.pop() ?? "");
    if (!previous) break;
    address = previous;
  }
  return address;
}

const loopback = blockListOf([
  { network: "127.0.0.0", prefix: 8, family: "ipv4" },
  { network: "::1", prefix: 128, family: "ipv6" },
]);

/**
 * True when the request came from the machine Tern runs on and through no proxy. A proxy on this
 * machine connects from loopback for whoever sent it the request, and need add no header saying
 * so: once TERN_TRUSTED_PROXIES names a loopback address, no request counts as local.
 */
export function isLocalRequest(headers: HeaderSource, trustedProxies: readonly AddressRange[] = setting("TERN_TRUSTED_PROXIES")): boolean {
  const socket = stampedSocket(headers);
  if (socket?.direct !== true || !includes(loopback, socket.address)) return false;
  const trusted = blockListOf(trustedProxies);
  return ![socket.address, "127.0.0.1", "::1"].some((address) => includes(trusted, address));
}
