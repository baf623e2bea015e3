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

/** Address ranges that are not on the public internet (RFC 6890 special-purpose blocks), as CIDRs. */
const NOT_PUBLIC = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4'];

/** The first and one-past-last address of a CIDR, as numbers. */
function range(cidr: Cidr): [number, number] {
	const start = ipaddr.IPv4.parse(cidr.ip).toByteArray().reduce((n, byte) => n * 256 + byte, 0);
	return [start, start + 2 ** (32 - cidr.mask)];
}

/** Merge overlapping ranges, sorted. */
function union(ranges: Array<[number, number]>): Array<[number, number]> {
	const merged: Array<[number, number]> = [];
	for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
		const last = merged.at(-1);
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}

	return merged;
}

/** How many public internet addresses the rules admit together (overlaps counted once, private blocks left out). */
export function publicAddressesAdmitted(cidrs: readonly Cidr[]): number {
	const allowed = union(cidrs.map(range));
	const excluded = union(NOT_PUBLIC.map(text => range((parseIpv4Cidr(text) as {cidr: Cidr}).cidr)));
	let total = 0;
	for (const [start, end] of allowed) {
		total += end - start;
		for (const [xStart, xEnd] of excluded) total -= Math.max(0, Math.min(end, xEnd) - Math.max(start, xStart));
	}

	return total;
}

/** More public addresses than a /8 holds: a rule set that needs --confirm-open-network, however it is split up. */
const OPEN_NETWORK_THRESHOLD = 2 ** 24;

/** Whether the rules together open the cluster to a large part of the internet (more than a /8 of public space). */
export function opensToInternet(cidrs: readonly Cidr[]): boolean {
	return publicAddressesAdmitted(cidrs) > OPEN_NETWORK_THRESHOLD;
}
