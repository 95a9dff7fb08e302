import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress, isLocalRequest, normalizeAddress, stampSocketAddress, stampSocketAddresses, UNKNOWN_ADDRESS } from "@/lib/auth/client-address";
import { parseSettings } from "@/lib/config/settings";

function received(socket: string | undefined, sent: IncomingHttpHeaders = {}): Headers {
  const headers = { ...sent };
  stampSocketAddress(headers, socket);
  return new Headers(headers as Record<string, string>);
}

const proxies = parseSettings({ TERN_TRUSTED_PROXIES: "10.0.0.0/8, 2001:db8::/32, 192.0.2.1" }).TERN_TRUSTED_PROXIES;

describe("the client's address", () => {
  it("is the socket's without trusted proxies, whatever X-Forwarded-For says", () => {
    for (const forwardedFor of ["198.51.100.1", "198.51.100.2, 127.0.0.1", "garbage"]) {
      expect(clientAddress(received("203.0.113.7", { "x-forwarded-for": forwardedFor }), [])).toBe("203.0.113.7");
    }
    expect(clientAddress(received("::ffff:203.0.113.7"), [])).toBe("203.0.113.7");
    expect(clientAddress(received("2001:DB8:1::5"), [])).toBe("2001:db8:1::5");
  });

  it("walks X-Forwarded-For from the right past trusted proxies to the first untrusted hop", () => {
    const via = (socket: string, forwardedFor: string) => clientAddress(received(socket, { "x-forwarded-for": forwardedFor }), proxies);
    // The client wrote the first entries itself; the proxy appended the address it saw.
    expect(via("10.0.0.5", "127.0.0.1, 198.51.100.9")).toBe("198.51.100.9");
    expect(via("10.0.0.5", "198.51.100.1, 198.51.100.9, 10.1.1.1")).toBe("198.51.100.9");
    expect(via("2001:db8::1", "[2001:db8:ffff::2]:4711, 203.0.113.4:5000")).toBe("203.0.113.4");
    expect(via("192.0.2.1", "198.51.100.9")).toBe("198.51.100.9");
    // Only the socket is believed when it is not a trusted proxy.
    expect(via("203.0.113.7", "198.51.100.9")).toBe("203.0.113.7");
    // A trusted hop that passed on nothing usable is the client as far as anyone can tell.
    expect(via("10.0.0.5", "")).toBe("10.0.0.5");
    expect(via("10.0.0.5", "198.51.100.9, unknown")).toBe("10.0.0.5");
    // Every hop trusted: the first one named is the client.
    expect(via("10.0.0.5", "10.0.0.4, 10.0.0.3")).toBe("10.0.0.4");
  });

  it("is unknown, not a client's claim, when the web server did not stamp the request", () => {
    const forged = new Headers({ "x-tern-socket-address": "0123456789abcdef0123456789abcdef 127.0.0.1 direct", "x-forwarded-for": "127.0.0.1" });
    expect(clientAddress(forged, [])).toBe(UNKNOWN_ADDRESS);
    expect(isLocalRequest(forged)).toBe(false);
    expect(clientAddress(new Headers(), [])).toBe(UNKNOWN_ADDRESS);
  });

  it("is local only from loopback, through no proxy", () => {
    expect(isLocalRequest(received("127.0.0.1"))).toBe(true);
    expect(isLocalRequest(received("::1"))).toBe(true);
    expect(isLocalRequest(received("::ffff:127.0.0.1"))).toBe(true);
    expect(isLocalRequest(received("127.0.0.1", { "x-forwarded-for": "203.0.113.7" }))).toBe(false);
    expect(isLocalRequest(received("127.0.0.1", { forwarded: "for=203.0.113.7" }))).toBe(false);
    expect(isLocalRequest(received("203.0.113.7"))).toBe(false);
    expect(isLocalRequest(received("203.0.113.7", { "x-forwarded-for": "127.0.0.1" }))).toBe(false);
  });

  it("is not local through a proxy that names itself without naming the client", () => {
    for (const sent of [{ via: "1.1 proxy" }, { "x-forwarded-host": "tern.example.com" }, { "x-forwarded-proto": "https" }, { "x-real-ip": "203.0.113.7" }]) {
      expect(isLocalRequest(received("127.0.0.1", sent), [])).toBe(false);
    }
  });

  it("is never local once a proxy on this machine is trusted, even one that adds no header", () => {
    const sameHostProxy = parseSettings({ TERN_TRUSTED_PROXIES: "127.0.0.1" }).TERN_TRUSTED_PROXIES;
    expect(isLocalRequest(received("127.0.0.1"), sameHostProxy)).toBe(false);
    // The proxy may connect over IPv6 although only its IPv4 address is listed.
    expect(isLocalRequest(received("::1"), sameHostProxy)).toBe(false);
    expect(isLocalRequest(received("127.0.0.1"), parseSettings({ TERN_TRUSTED_PROXIES: "::1" }).TERN_TRUSTED_PROXIES)).toBe(false);
    // Proxies elsewhere leave this machine's own requests local.
    expect(isLocalRequest(received("127.0.0.1"), proxies)).toBe(true);
    expect(isLocalRequest(received("::1"), [])).toBe(true);
  });

  it("reads addresses as headers and Node write them", () => {
    expect(normalizeAddress(" 198.51.100.1 ")).toBe("198.51.100.1");
    expect(normalizeAddress("198.51.100.1:8080")).toBe("198.51.100.1");
    expect(normalizeAddress("[::1]:443")).toBe("::1");
    expect(normalizeAddress("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(normalizeAddress("unknown")).toBeUndefined();
    expect(normalizeAddress("")).toBeUndefined();
  });
});

describe("the web server's stamp", () => {
  it("gives every request its socket's address, whatever the client wrote", async () => {
    stampSocketAddresses();
    const server = createServer((request, response) => {
      const headers = new Headers(request.headers as Record<string, string>);
      response.end(JSON.stringify({ address: clientAddress(headers, []), local: isLocalRequest(headers) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      expect(await (await fetch(url)).json()).toEqual({ address: "127.0.0.1", local: true });
      const spoofed = { "x-forwarded-for": "203.0.113.9", "x-tern-socket-address": "forged 203.0.113.9 direct" };
      expect(await (await fetch(url, { headers: spoofed })).json()).toEqual({ address: "127.0.0.1", local: false });
    } finally {
      server.close();
    }
  });
});

describe("TERN_TRUSTED_PROXIES", () => {
  it("takes addresses and CIDR ranges, and names what it accepts otherwise", () => {
    expect(proxies).toEqual([
      { network: "10.0.0.0", prefix: 8, family: "ipv4" },
      { network: "2001:db8::", prefix: 32, family: "ipv6" },
      { network: "192.0.2.1", prefix: 32, family: "ipv4" },
    ]);
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8,", "::1/129", "10.0.0.0/8/1"]) {
      expect(() => parseSettings({ TERN_TRUSTED_PROXIES: bad })).toThrow(/TERN_TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges/);
    }
  });
});
