import { lookup } from "node:dns/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { blockedAddressReason, hostRefusal, LOCAL_DEVELOPMENT_HINT } from "@/lib/webhooks/ssrf";

vi.mock("node:dns/promises", () => ({ lookup: vi.fn() }));
const resolve = vi.mocked(lookup as (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>);

afterEach(() => {
  delete process.env.TERN_ALLOW_PRIVATE_NETWORKS;
  resolve.mockReset();
  vi.useRealTimers();
});

describe("blockedAddressReason", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["::1", "a loopback address"],
    ["[::1]", "a loopback address"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["169.254.169.254", "a cloud metadata address"],
    ["169.254.1.1", "a link-local address"],
    ["168.63.129.16", "a cloud platform address"],
    ["::ffff:168.63.129.16", "a cloud platform address"],
    ["100.64.0.1", "a carrier-grade NAT (CGNAT) address"],
    ["100.127.255.255", "a carrier-grade NAT (CGNAT) address"],
    ["192.88.99.1", "a 6to4 relay address"],
    ["0.0.0.0", "an unspecified address"],
    ["::", "an unspecified address"],
    ["224.0.0.1", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["fe80::1%eth0", "a link-local address"],
    ["fd12:3456::1", "a private (unique local) address"],
    ["fd00:ec2::254", "a cloud metadata address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "a loopback address"],
    ["::ffff:a9fe:a9fe", "a cloud metadata address"],
    ["::ffff:0:10.0.0.1", "an IPv4-translated (SIIT) address"],
    ["::ffff:0:8.8.8.8", "an IPv4-translated (SIIT) address"],
    ["64:ff9b::10.0.0.1", "a private address"],
    ["64:ff9b:1::808:808", "a local-use NAT64 address"],
    ["64:ff9b:1:ffff::1", "a local-use NAT64 address"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "a Teredo tunnel address"],
    ["2001::1", "a Teredo tunnel address"],
    ["2002:c0a8:0101::1", "a private address"],
  ])("refuses %s as %s", (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "168.63.129.17",
    "192.88.98.1",
    "2606:4700::1111",
    "2001:4860:4860::8888",
    "64:ff9b::8.8.8.8",
    "::ffff:8.8.8.8",
  ])("allows the public address %s", (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });
});

describe("hostRefusal", () => {
  const publicOnly = `webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}`;

  it.each([
    ["https://2130706433/hook", "127.0.0.1 is a loopback address"],
    ["https://0x7f.1/hook", "127.0.0.1 is a loopback address"],
    ["https://0177.0.0.1/hook", "127.0.0.1 is a loopback address"],
    ["https://0300.0250.0.1/hook", "192.168.0.1 is a private address"],
    ["https://127.0.0.1./hook", "127.0.0.1 is a loopback address"],
    ["https://[::1]:8443/hook", "::1 is a loopback address"],
    ["https://[::ffff:169.254.169.254]/hook", "::ffff:a9fe:a9fe is a cloud metadata address"],
    ["https://[0:0:0:0:0:ffff:a00:1]/hook", "::ffff:a00:1 is a private address"],
    ["https://[::ffff:0:a00:1]/hook", "::ffff:0:a00:1 is an IPv4-translated (SIIT) address"],
    ["https://[64:ff9b:1::a00:1]/hook", "64:ff9b:1::a00:1 is a local-use NAT64 address"],
    ["https://[2001::a00:1]/hook", "2001::a00:1 is a Teredo tunnel address"],
    ["https://192.88.99.7/hook", "192.88.99.7 is a 6to4 relay address"],
    ["https://168.63.129.16/hook", "168.63.129.16 is a cloud platform address"],
  ])("refuses the literal address in %s without asking DNS", async (url, why) => {
    expect(await hostRefusal(new URL(url))).toBe(`${why}; ${publicOnly}`);
    expect(resolve).not.toHaveBeenCalled();
  });

  it("refuses a name whose every address is blocked, naming the first", async () => {
    resolve.mockResolvedValue([
      { address: "10.0.0.5", family: 4 },
      { address: "fd00::5", family: 6 },
    ]);
    expect(await hostRefusal(new URL("https://internal.example.com/hook"))).toBe(`internal.example.com resolves to 10.0.0.5, a private address; ${publicOnly}`);
    expect(resolve).toHaveBeenCalledWith("internal.example.com", { all: true });
  });

  it("accepts a name with a public address among blocked ones: the sender connects to the public one only", async () => {
    resolve.mockResolvedValue([
      { address: "10.0.0.5", family: 4 },
      { address: "93.184.215.14", family: 4 },
    ]);
    expect(await hostRefusal(new URL("https://mixed.example.com/hook"))).toBeUndefined();
  });

  it("accepts a name that does not resolve (yet): sending refuses it then if it must", async () => {
    resolve.mockRejectedValue(Object.assign(new Error("getaddrinfo ENOTFOUND later.example.com"), { code: "ENOTFOUND", syscall: "getaddrinfo" }));
    expect(await hostRefusal(new URL("https://later.example.com/hook"))).toBeUndefined();
  });

  it("stops waiting for DNS after 2 s and accepts the name", async () => {
    vi.useFakeTimers();
    resolve.mockReturnValue(new Promise(() => {}));
    const refusal = hostRefusal(new URL("https://slow.example.com/hook"));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await refusal).toBeUndefined();
  });

  it("refuses nothing and asks no DNS when private networks are allowed", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    expect(await hostRefusal(new URL("https://127.0.0.1/hook"))).toBeUndefined();
    expect(await hostRefusal(new URL("https://localhost/hook"))).toBeUndefined();
    expect(resolve).not.toHaveBeenCalled();
  });

  it("accepts public addresses and names", async () => {
    resolve.mockResolvedValue([{ address: "93.184.215.14", family: 4 }]);
    expect(await hostRefusal(new URL("https://8.8.8.8/hook"))).toBeUndefined();
    expect(await hostRefusal(new URL("https://[2606:4700::1111]/hook"))).toBeUndefined();
    expect(await hostRefusal(new URL("https://hooks.example.com/hook"))).toBeUndefined();
  });
});
