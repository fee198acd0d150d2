import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { InvalidInput } from '@app/core';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** IPv4 ranges no webhook may reach: private, shared, link-local, documentation, multicast, reserved. */
const FORBIDDEN_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
];

const v4ToInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const inV4 = (ip: number, [base, bits]: [string, number]) =>
  bits === 0 || Math.floor(ip / 2 ** (32 - bits)) === Math.floor(v4ToInt(base) / 2 ** (32 - bits));

/** The eight 16-bit groups of an IPv6 address (with a dotted IPv4 tail expanded). */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    s = s.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const fill = tail !== undefined ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

export type AddressVerdict = 'public' | 'loopback' | 'forbidden';

/** What an IP address is for the webhook policy; IPv6 forms that embed an IPv4 are judged by it. */
export function classifyAddress(ip: string): AddressVerdict {
  const family = isIP(ip.replace(/%.*$/, ''));
  if (family === 4) {
    const n = v4ToInt(ip);
    if (inV4(n, ['127.0.0.0', 8])) return 'loopback';
    return FORBIDDEN_V4.some((r) => inV4(n, r)) ? 'forbidden' : 'public';
  }
  if (family !== 6) return 'forbidden';
  const g = v6Groups(ip);
  const embedded = () => `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  if (zeros(0, 8)) return 'forbidden'; // unspecified ::
  if (zeros(0, 5) && g[5] === 0xffff) return classifyAddress(embedded()); // IPv4-mapped
  if (zeros(0, 6)) return classifyAddress(embedded()) === 'public' ? 'forbidden' : classifyAddress(embedded()); // IPv4-compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return classifyAddress(embedded()); // NAT64
  if ((g[0] & 0xfe00) === 0xfc00) return 'forbidden'; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return 'forbidden'; // link-local, site-local
  if ((g[0] & 0xff00) === 0xff00) return 'forbidden'; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'forbidden'; // documentation
  if (g[0] === 0x2001 && g[1] < 0x200) return 'forbidden'; // Teredo, ORCHID, benchmarking
  if (g[0] === 0x2002) return 'forbidden'; // 6to4 embeds any IPv4
  if (g[0] === 0x0100 && zeros(1, 4)) return 'forbidden'; // discard-only
  return 'public';
}

export interface WebhookUrlPolicy {
  production: boolean;
  /** Ports a non-loopback target may use (WEBHOOK_ALLOWED_PORTS, default 80 and 443). */
  ports: number[];
  /**
   * Networks an operator opens explicitly (WEBHOOK_ALLOWED_NETWORKS, CIDRs): a partner on the
   * government intranet, or a fault test's loopback receiver. Checked before any other rule, in
   * production too; empty by default.
   */
  allowed?: BlockList;
}

/** A BlockList of the given CIDRs (`10.20.0.0/16`, `127.0.0.1/32`, `fd00::/8`). */
export function networkList(cidrs: string[]): BlockList | undefined {
  if (!cidrs.length) return undefined;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split('/');
    const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(net, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
  }
  return list;
}

function opened(ip: string, allowed?: BlockList): boolean {
  if (!allowed || isIP(ip) === 0) return false;
  return allowed.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

const bad = (message: string) => new InvalidInput([{ field: 'url', reason: 'address', message }]);

/** Parses a webhook URL and checks what it says without resolving it; returns the parsed URL. */
export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad('url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('url must use http or https');
  if (url.username || url.password) throw bad('url must not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) !== 0;
  if (literal && opened(host, policy.allowed)) return url; // an opened network: any port
  const loopback = literal ? classifyAddress(host) === 'loopback' : host === 'localhost' || host.endsWith('.localhost');
  if (loopback) {
    if (policy.production) throw bad('url must not point to the loopback interface');
    return url; // local receivers in development and tests, any port
  }
  if (literal && classifyAddress(host) === 'forbidden')
    throw bad('url must not point to a private, link-local, multicast or reserved address');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (!policy.ports.includes(port)) throw bad(`url port must be one of ${policy.ports.join(', ')}`);
  return url;
}

/** Checks every resolved address; loopback only outside production. */
export function checkAddresses(addresses: ResolvedAddress[], production: boolean, allowed?: BlockList): boolean {
  return (
    addresses.length > 0 &&
    addresses.every((a) => {
      if (opened(a.address, allowed)) return true;
      const v = classifyAddress(a.address);
      return v === 'public' || (v === 'loopback' && !production);
    })
  );
}

/**
 * Name resolution for webhooks, in one place so the address that was checked is the address
 * connected to (no second lookup a rebinding DNS server could answer differently). Tests replace
 * `lookup` with a stub to point names at forbidden addresses.
 */
@Injectable()
export class WebhookResolver {
  lookup: (hostname: string) => Promise<ResolvedAddress[]> = async (hostname) =>
    (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

  /** The addresses of a URL's host (a literal is its own address). */
  async resolve(url: URL): Promise<ResolvedAddress[]> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const family = isIP(host);
    if (family) return [{ address: host, family: family === 6 ? 6 : 4 }];
    return this.lookup(host);
  }
}
