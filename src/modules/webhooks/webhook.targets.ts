// Where outbound calls may go. A webhook's URL names one host; calls go to that host only, over HTTPS
// outside test configuration, and never to private, loopback, link-local or otherwise special
// addresses (IPv4, IPv6, and IPv4 inside IPv6) unless configuration allows them: checked when the
// subscription is made, and again before each call on the addresses the name resolves to, the call
// then going to the address checked (pinned), so that a name cannot be re-pointed in between.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { WebhookSettings } from './webhooks.config';

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export class TargetRefused extends Error {}

function v4Special(parts: number[]): boolean {
  const [a, b, c] = parts;
  return a === 0 // "this network"
    || a === 10
    || a === 127
    || (a === 100 && b >= 64 && b <= 127) // carrier-grade NAT
    || (a === 169 && b === 254) // link-local (cloud metadata)
    || (a === 172 && b >= 16 && b <= 31)
    || (a === 192 && b === 168)
    || (a === 192 && b === 0 && (c === 0 || c === 2))
    || (a === 198 && (b === 18 || b === 19))
    || (a === 198 && b === 51 && c === 100)
    || (a === 203 && b === 0 && c === 113)
    || a >= 224; // multicast, reserved, broadcast
}

function v4Parts(ip: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part allowed), or null. */
function v6Groups(ip: string): number[] | null {
  let text = ip.replace(/%.*$/, '').toLowerCase();
  const tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (tail) {
    const p = v4Parts(tail[1]);
    if (!p) return null;
    text = `${text.slice(0, -tail[1].length)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest].map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  return groups.length === 8 && groups.every((g) => !Number.isNaN(g)) ? groups : null;
}

/** Whether an address is one that webhooks must not reach: anything but a public unicast address. */
export function isSpecialAddress(ip: string): boolean {
  const v4 = v4Parts(ip);
  if (v4) return v4Special(v4);
  const g = v6Groups(ip);
  if (!g) return true; // not an address we understand: refuse
  const embedded = (hi: number, lo: number) => v4Special([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  if (g.every((x) => x === 0)) return true; // ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true; // ::1
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return embedded(g[6], g[7]) || g[5] === 0; // IPv4-mapped, IPv4-compatible
  if (g.slice(0, 4).every((x) => x === 0) && g[4] === 0xffff && g[5] === 0) return embedded(g[6], g[7]); // IPv4-translated (SIIT)
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return true; // local-use NAT64, translating to any (private) IPv4
  if (g[0] === 0x64 && g[1] === 0xff9b) return embedded(g[6], g[7]); // NAT64
  if (g[0] === 0x100 && g.slice(1, 4).every((x) => x === 0)) return true; // discard-only
  if (g[0] === 0x2002) return embedded(g[1], g[2]); // 6to4
  if (g[0] === 0x2001 && (g[1] < 0x200 || g[1] === 0xdb8)) return true; // IETF protocol assignments (Teredo, benchmarking, ORCHID), documentation
  if ((g[0] & 0xfe00) === 0xfc00) return true; // unique local
  if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return true; // link-local, site-local
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  return false;
}

export interface Target {
  url: URL;
  /** The host name without IPv6 brackets. */
  host: string;
  /** Whether the host is an address literal (then nothing is resolved). */
  literal: boolean;
}

/** Checks what the URL alone says (scheme, credentials, a literal address); throws TargetRefused. */
export function parseTarget(raw: string, settings: WebhookSettings): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('The URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && settings.allowHttp)) {
    throw new TargetRefused(settings.allowHttp ? 'Webhook URLs must use https or http' : 'Webhook URLs must use https');
  }
  if (url.username || url.password) throw new TargetRefused('Webhook URLs may not carry credentials');
  if (url.hash) throw new TargetRefused('Webhook URLs may not carry a fragment');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new TargetRefused('The URL names no host');
  const literal = isIP(host) !== 0;
  // Names reserved for the local host (RFC 6761) are refused whatever they resolve to now.
  if (!literal && !settings.allowPrivateTargets && /(^|\.)localhost\.?$/i.test(host)) {
    throw new TargetRefused('Webhook URLs may not point at private, loopback or link-local addresses');
  }
  if (literal && !settings.allowPrivateTargets && isSpecialAddress(host)) {
    throw new TargetRefused('Webhook URLs may not point at private, loopback or link-local addresses');
  }
  return { url, host, literal };
}

/** The address a call goes to: the literal, or the name resolved with every address checked. */
export async function resolveTarget(target: Target, settings: WebhookSettings, lookup: Lookup = systemLookup): Promise<{ address: string; family: number }> {
  if (target.literal) return { address: target.host, family: isIP(target.host) };
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(target.host);
  } catch (err) {
    throw new TargetRefused(`The host ${target.host} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'})`);
  }
  if (!addresses.length) throw new TargetRefused(`The host ${target.host} does not resolve`);
  if (!settings.allowPrivateTargets && addresses.some((a) => isSpecialAddress(a.address))) {
    throw new TargetRefused(`The host ${target.host} resolves to a private, loopback or link-local address`);
  }
  return addresses[0];
}
