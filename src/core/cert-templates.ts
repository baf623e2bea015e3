/**
What goes into each certificate `cockroach cert` makes (pkg/security/x509.go), as plain data. Pure: the
caller passes the clock and the random serial. See shared/reference/cert-and-url.md §1.
*/
import {isIP} from 'node:net';

/** The three certificates this tool makes. */
export type CertKind = 'ca' | 'node' | 'client';

/** Everything a certificate holds apart from keys and signature. */
export interface CertSpec {
	kind: CertKind;
	/** Subject: always O=Cockroach, then this CN. */
	commonName: string;
	serialHex: string;
	notBefore: Date;
	notAfter: Date;
	/** CA: digitalSignature, keyEncipherment, keyCertSign, nonRepudiation; leaves: the first two. */
	keyUsage: {digitalSignature: true; keyEncipherment: true; keyCertSign?: true; nonRepudiation?: true};
	/** In Go's order: serverAuth before clientAuth. */
	extKeyUsage: Array<'serverAuth' | 'clientAuth'>;
	isCA: boolean;
	/** Subject alternative names: DNS names first, then IPs, each in argument order (Go's marshalSANs). */
	dnsNames: string[];
	ipAddresses: string[];
}

/** The organisation in every subject. */
export const ORGANIZATION = 'Cockroach';
/** The CA's common name. */
const CA_COMMON_NAME = 'Cockroach CA';
/** The node certificate's common name (the `node` user). */
const NODE_COMMON_NAME = 'node';
/** Default CA lifetime: 10 × 366 days, so leap years never fall short. */
export const DEFAULT_CA_LIFETIME_MS = 87_840 * 3_600_000;
/** Default node and client lifetime: 5 × 366 days. */
export const DEFAULT_CERT_LIFETIME_MS = 43_920 * 3_600_000;
/** NotBefore is backdated this much, for clock skew between machines. */
const VALID_FROM_OFFSET_MS = 24 * 3_600_000;

/** The inputs every template shares. `now` is truncated to whole seconds, as X.509 times are. */
export interface TemplateInput {
	now: Date;
	lifetimeMs: number;
	serialHex: string;
}

function validity(input: TemplateInput): {notBefore: Date; notAfter: Date} {
	const now = Math.floor(input.now.getTime() / 1000) * 1000;
	return {notBefore: new Date(now - VALID_FROM_OFFSET_MS), notAfter: new Date(now + input.lifetimeMs)};
}

/** The self-signed CA: basicConstraints CA with pathlen 1, key usage including certificate signing. */
export function caSpec(input: TemplateInput): CertSpec {
	return {
		kind: 'ca',
		commonName: CA_COMMON_NAME,
		serialHex: input.serialHex,
		...validity(input),
		keyUsage: {digitalSignature: true, keyEncipherment: true, keyCertSign: true, nonRepudiation: true},
		extKeyUsage: [],
		isCA: true,
		dnsNames: [],
		ipAddresses: [],
	};
}

/** The node certificate: CN=node, server and client auth, every host as a SAN. */
export function nodeSpec(input: TemplateInput & {hosts: readonly string[]}): CertSpec {
	const {dnsNames, ipAddresses} = splitHosts(input.hosts);
	return {
		kind: 'node',
		commonName: NODE_COMMON_NAME,
		serialHex: input.serialHex,
		...validity(input),
		keyUsage: {digitalSignature: true, keyEncipherment: true},
		extKeyUsage: ['serverAuth', 'clientAuth'],
		isCA: false,
		dnsNames,
		ipAddresses,
	};
}

/** A client certificate: CN=<normalised user>, client auth only, no SAN. */
export function clientSpec(input: TemplateInput & {user: string}): CertSpec {
	return {
		kind: 'client',
		commonName: input.user,
		serialHex: input.serialHex,
		...validity(input),
		keyUsage: {digitalSignature: true, keyEncipherment: true},
		extKeyUsage: ['clientAuth'],
		isCA: false,
		dnsNames: [],
		ipAddresses: [],
	};
}

/**
Split host arguments as Go's net.ParseIP does: an address becomes an IP SAN, anything else a DNS SAN
verbatim (wildcards included). `[::1]` and zoned addresses do not parse as IPs in Go, so they stay DNS.
*/
export function splitHosts(hosts: readonly string[]): {dnsNames: string[]; ipAddresses: string[]} {
	const dnsNames: string[] = [];
	const ipAddresses: string[] = [];
	for (const host of hosts) {
		if (isIP(host) !== 0 && !host.includes('%')) ipAddresses.push(host);
		else dnsNames.push(host);
	}

	return {dnsNames, ipAddresses};
}

/** A positive serial from 16 random bytes, as minimal DER INTEGER content in hex (a 00 pad when the top bit is set). */
export function serialFromBytes(bytes: Uint8Array): string {
	let start = 0;
	while (start < bytes.length - 1 && bytes[start] === 0) start++;
	const hex = Buffer.from(bytes.subarray(start)).toString('hex');
	return bytes[start]! >= 0x80 ? `00${hex}` : hex;
}

/** Go's choice of ASN.1 string type for a DN value: PrintableString when every character allows it, else UTF8String. */
export function goStringType(value: string): 'printable' | 'utf8' {
	return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? 'printable' : 'utf8';
}

/**
cockroach's refusal when a leaf would outlive its CA (checkLifetimeAgainstCA); an equal NotAfter is allowed.
Hours are printed as Go's %f does (six decimals).
*/
export function lifetimeProblem(caNotAfter: Date, leafNotAfter: Date, now: Date, requestedMs: number): string | undefined {
	if (leafNotAfter.getTime() <= caNotAfter.getTime()) return undefined;
	const caHours = (caNotAfter.getTime() - now.getTime()) / 3_600_000;
	const requestedHours = requestedMs / 3_600_000;
	return `CA lifetime is ${caHours.toFixed(6)}h, shorter than the requested ${requestedHours.toFixed(6)}h. Renew CA certificate, or rerun with --lifetime=${Math.floor(caHours)}h for a shorter duration.`;
}
