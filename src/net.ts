import ipaddr from 'ipaddr.js';
import net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

// ---- Where outbound requests may go (webhooks) --------------------------------------------
//
// Only public unicast addresses, unless an operator lists a host (WEBHOOK_ALLOWED_HOSTS):
// loopback, private (RFC 1918), carrier-grade NAT, link-local (and the cloud metadata address
// 169.254.169.254 in it), unique-local, multicast, broadcast, unspecified and reserved ranges
// are refused, IPv4-mapped IPv6 as the IPv4 it maps, and 6to4, Teredo and NAT64 prefixes (which
// embed an IPv4 address) too. Host names are checked by the addresses they resolve to, when the
// connection is made (src/adapters/webhook.ts), so DNS rebinding cannot pass.

/** The kind of address (ipaddr.js's range names; `unicast` is a public one), or null when it is none. */
export function addressRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return null;
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range();
}

/** Whether `address` (an IP literal) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/**
 * The IP address a URL's host names literally — `new URL()` has already turned decimal, hex and
 * octal IPv4 spellings (`2130706433`, `0x7f.1`) into dotted quads — or null for a host name.
 */
export function literalAddressOf(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? bare : null;
}

/** Hosts an operator lets outbound requests reach although they are not public. */
export class HostAllowList {
  private readonly names = new Set<string>();
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, '');
      if (ipaddr.isValidCIDR(entry)) this.ranges.push(ipaddr.parseCIDR(entry));
      else if (ipaddr.isValid(entry)) {
        const address = ipaddr.parse(entry);
        this.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else this.names.add(entry.replace(/\.$/, ''));
    }
  }

  /** Whether the host name itself is listed (any address it resolves to is then allowed). */
  allowsName(hostname: string): boolean {
    return this.names.has(hostname.toLowerCase().replace(/\.$/, ''));
  }

  /** Whether an address is in a listed address or range. */
  allowsAddress(address: string): boolean {
    const bare = address.replace(/^\[|\]$/g, '');
    if (!ipaddr.isValid(bare)) return false;
    const parsed = ipaddr.parse(bare);
    const forms = [parsed];
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
      forms.push((parsed as ipaddr.IPv6).toIPv4Address());
    return forms.some((form) =>
      this.ranges.some(([range, bits]) => range.kind() === form.kind() && form.match(range, bits)),
    );
  }

  /** Whether `address`, reached through `hostname`, may be connected to. */
  allows(hostname: string, address: string): boolean {
    return isPublicAddress(address) || this.allowsName(hostname) || this.allowsAddress(address);
  }
}

/** Names that always mean this machine (RFC 6761), whatever DNS says. */
export function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
