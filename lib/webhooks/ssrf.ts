import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { setting } from "@/lib/config/settings";

// Address ranges an outgoing webhook must never reach: loopback, private, link-local,
// CGNAT, multicast, unspecified, reserved and cloud-metadata addresses, in IPv4 and IPv6 form,
// and the IPv6 ranges that translate or tunnel to IPv4 addresses no one can check in advance.
type Range = { bytes: number[]; bits: number; reason: string };

const v4 = (cidr: string, reason: string): Range => {
  const [address, bits] = cidr.split("/");
  return { bytes: address!.split(".").map(Number), bits: Number(bits), reason };
};
const v6 = (cidr: string, reason: string): Range => {
  const [address, bits] = cidr.split("/");
  return { bytes: parseIPv6(address!)!, bits: Number(bits), reason };
};

const IPV4_RANGES: Range[] = [
  v4("169.254.169.254/32", "a cloud metadata address"),
  v4("100.100.100.200/32", "a cloud metadata address"),
  // Azure's WireServer: the VM agent's channel for configuration, certificates and health.
  v4("168.63.129.16/32", "a cloud platform address"),
  v4("0.0.0.0/8", "an unspecified address"),
  v4("10.0.0.0/8", "a private address"),
  v4("100.64.0.0/10", "a carrier-grade NAT (CGNAT) address"),
  v4("127.0.0.0/8", "a loopback address"),
  v4("169.254.0.0/16", "a link-local address"),
  v4("172.16.0.0/12", "a private address"),
  v4("192.0.0.0/24", "a reserved address"),
  v4("192.0.2.0/24", "a documentation address"),
  v4("192.168.0.0/16", "a private address"),
  // 6to4 relays: anycast routers that forward a request on into IPv6 networks behind them.
  v4("192.88.99.0/24", "a 6to4 relay address"),
  v4("198.18.0.0/15", "a benchmarking address"),
  v4("198.51.100.0/24", "a documentation address"),
  v4("203.0.113.0/24", "a documentation address"),
  v4("224.0.0.0/4", "a multicast address"),
  v4("240.0.0.0/4", "a reserved address"),
];

const IPV6_RANGES: Range[] = [
  v6("fd00:ec2::254/128", "a cloud metadata address"),
  v6("::/128", "an unspecified address"),
  v6("::1/128", "a loopback address"),
  v6("100::/64", "a discard-only address"),
  // SIIT (IPv4-translated): a stateless translator forwards it to whatever IPv4 address it carries.
  v6("::ffff:0:0:0/96", "an IPv4-translated (SIIT) address"),
  // Local-use NAT64: the operator's own translator, whose IPv4 side is usually its private network.
  v6("64:ff9b:1::/48", "a local-use NAT64 address"),
  // Teredo: tunnelled over UDP through an IPv4 relay to a client whose address is XOR-ed into the last bits.
  v6("2001::/32", "a Teredo tunnel address"),
  v6("2001:db8::/32", "a documentation address"),
  v6("fc00::/7", "a private (unique local) address"),
  v6("fe80::/10", "a link-local address"),
  v6("fec0::/10", "a site-local address"),
  v6("ff00::/8", "a multicast address"),
];

function parseIPv4(address: string): number[] | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map(Number);
}

function parseIPv6(input: string): number[] | undefined {
  let address = input
    .replace(/^\[|\]$/g, "")
    .split("%")[0]!
    .toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4) stands for the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const quad = parseIPv4(dotted[1]!);
    if (!quad) return undefined;
    address = `${address.slice(0, -dotted[1]!.length)}${((quad[0]! << 8) | quad[1]!).toString(16)}:${((quad[2]! << 8) | quad[3]!).toString(16)}`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.flatMap((g) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 0xff]);
}

function inRange(bytes: number[], range: Range): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

// IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d),
// NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
function embeddedIPv4(bytes: number[]): number[] | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12);
  if (zeros(0, 12) && !zeros(12, 16)) return bytes.slice(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return bytes.slice(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
  return undefined;
}

/** Why an IP address may not be contacted, or undefined when it is a public address. */
export function blockedAddressReason(address: string): string | undefined {
  const family = isIP(address.replace(/^\[|\]$/g, "").split("%")[0]!);
  if (family === 4) {
    const bytes = parseIPv4(address)!;
    return IPV4_RANGES.find((range) => inRange(bytes, range))?.reason;
  }
  if (family === 6) {
    const bytes = parseIPv6(address);
    if (!bytes) return "an unparseable address";
    const direct = IPV6_RANGES.find((range) => inRange(bytes, range))?.reason;
    const ipv4 = embeddedIPv4(bytes);
    return direct ?? (ipv4 ? IPV4_RANGES.find((range) => inRange(ipv4, range))?.reason : undefined);
  }
  return "not an IP address";
}

export function privateNetworksAllowed(): boolean {
  return setting("TERN_ALLOW_PRIVATE_NETWORKS");
}

// Saving an endpoint waits at most this long for DNS; the sender checks every connection anyway.
const SAVE_TIME_LOOKUP_MS = 2_000;

/** What a developer whose receiver runs on their own machine needs to know, wherever a URL is refused for it. */
export const LOCAL_DEVELOPMENT_HINT =
  "While developing, start Tern with TERN_ALLOW_PRIVATE_NETWORKS=1 to send to http://, localhost and private addresses (never in production).";

const refusal = (why: string) => `${why}; webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}`;
const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

/** Why a URL whose host is a literal IP (any notation: the URL parser normalises them) may not be saved. */
export function literalHostRefusal(url: URL): string | undefined {
  const host = bareHost(url);
  const reason = isIP(host) && !privateNetworksAllowed() ? blockedAddressReason(host) : undefined;
  return reason && refusal(`${host} is ${reason}`);
}

// Undefined when the name does not resolve, or not in time: getaddrinfo cannot be cancelled, so it is raced.
async function lookupWithin(hostname: string, ms: number): Promise<LookupAddress[] | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([lookup(hostname, { all: true }), timedOut]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).syscall !== "getaddrinfo") throw error;
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why a URL may not be saved as an endpoint: a literal IP is judged as written, a name by what it
 * resolves to now, refused only when every address is blocked (the sender skips the blocked ones
 * of a mixed answer). A name that does not resolve is accepted, as Svix does: its DNS may be set
 * up after the endpoint, and the sender, the real guard, refuses it then if it must.
 */
export async function hostRefusal(url: URL): Promise<string | undefined> {
  if (privateNetworksAllowed()) return undefined;
  const host = bareHost(url);
  if (isIP(host)) return literalHostRefusal(url);
  const addresses = await lookupWithin(host, SAVE_TIME_LOOKUP_MS);
  if (!addresses?.length || addresses.some((candidate) => !blockedAddressReason(candidate.address))) return undefined;
  return refusal(`${host} resolves to ${addresses[0]!.address}, ${blockedAddressReason(addresses[0]!.address)}`);
}

/** Thrown when a URL's scheme or (resolved) address is refused; the message is recorded on the attempt. */
export class BlockedDestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlockedDestinationError";
  }
}
