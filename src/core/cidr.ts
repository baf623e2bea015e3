/** IPv4 CIDR rules for the Cloud IP allowlist (IPv6 is not supported there). Pure; CIDR maths by ipaddr.js. */
import ipaddr from 'ipaddr.js';

/** A CIDR as the allowlist stores it. */
export interface Cidr {
	ip: string;
	mask: number;
}

/** Parse `a.b.c.d/n` (or a bare address, taken as /32), clearing host bits; says when it had to. */
export function parseIpv4Cidr(text: string): {ok: true; cidr: Cidr; cleared: boolean} | {ok: false; error: string} {
	const input = text.trim();
	const [address, maskText] = input.includes('/') ? (input.split('/') as [string, string]) : [input, '32'];
	if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
		return {ok: false, error: ipaddr.IPv6.isValid(address) ? 'CockroachDB Cloud allowlists take IPv4 only: use your IPv4 address, or private connectivity' : `"${input}" is not an IPv4 address or CIDR such as 203.0.113.7/32`};
	}

	if (!/^\d{1,2}$/.test(maskText) || Number(maskText) > 32) return {ok: false, error: `"/${maskText}" is not a prefix length from 0 to 32`};
	const mask = Number(maskText);
	const network = ipaddr.IPv4.networkAddressFromCIDR(`${address}/${mask}`).toString();
	return {ok: true, cidr: {ip: network, mask}, cleared: network !== address};
}

/** `ip/mask`. */
export function formatCidr(cidr: Cidr): string {
	return `${cidr.ip}/${cidr.mask}`;
}

/** Whether the rule admits the address. */
export function cidrContains(cidr: Cidr, ip: string): boolean {
	if (!ipaddr.IPv4.isValidFourPartDecimal(ip)) return false;
	return ipaddr.IPv4.parse(ip).match(ipaddr.IPv4.parse(cidr.ip), cidr.mask);
}

/** Whether a rule admits the whole internet. */
export function isOpenToAll(cidr: Cidr): boolean {
	return cidr.mask === 0;
}
