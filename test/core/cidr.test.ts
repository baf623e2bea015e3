import {describe, expect, it} from 'vitest';
import {cidrContains, formatCidr, isOpenToAll, opensToInternet, parseIpv4Cidr, publicAddressesAdmitted, type Cidr} from '../../src/core/cidr.js';

const rules = (...texts: string[]): Cidr[] => texts.map(t => (parseIpv4Cidr(t) as {cidr: Cidr}).cidr);

describe('IPv4 CIDRs', () => {
	it('parses a CIDR or a bare address, clearing host bits and saying so', () => {
		expect(parseIpv4Cidr('203.0.113.7')).toEqual({ok: true, cidr: {ip: '203.0.113.7', mask: 32}, cleared: false});
		expect(parseIpv4Cidr('203.0.113.7/24')).toEqual({ok: true, cidr: {ip: '203.0.113.0', mask: 24}, cleared: true});
		expect(parseIpv4Cidr('0.0.0.0/0')).toEqual({ok: true, cidr: {ip: '0.0.0.0', mask: 0}, cleared: false});
	});

	it.each([
		['2001:db8::1', /IPv4 only/],
		['300.1.1.1', /not an IPv4 address/],
		['10.0.0.0/33', /not a prefix length/],
		['office', /not an IPv4 address/],
	])('refuses %s', (text, error) => {
		const parsed = parseIpv4Cidr(text);
		expect(parsed.ok).toBe(false);
		expect(!parsed.ok && parsed.error).toMatch(error);
	});

	it('checks containment', () => {
		expect(cidrContains({ip: '198.51.100.0', mask: 24}, '198.51.100.77')).toBe(true);
		expect(cidrContains({ip: '198.51.100.0', mask: 24}, '198.51.101.1')).toBe(false);
		expect(cidrContains({ip: '0.0.0.0', mask: 0}, '8.8.8.8')).toBe(true);
		expect(isOpenToAll({ip: '0.0.0.0', mask: 0})).toBe(true);
		expect(formatCidr({ip: '10.0.0.0', mask: 8})).toBe('10.0.0.0/8');
	});
});

describe('the open-network guard judges the union of the rules', () => {
	it.each([
		[['0.0.0.0/0'], true],
		[['0.0.0.0/1', '128.0.0.0/1'], true],
		[['11.0.0.0/8', '12.0.0.0/8'], true],
		[['12.0.0.0/7'], true],
		[['11.0.0.0/7'], false],
		[['11.0.0.0/8'], false],
		[['11.0.0.0/8', '11.0.0.0/8', '11.128.0.0/9'], false],
		[['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], false],
		[['203.0.113.7/32', '198.51.100.0/24'], false],
	])('%j opens the cluster to the internet: %s', (texts, open) => {
		expect(opensToInternet(rules(...texts))).toBe(open);
	});

	it('counts public addresses once, leaving private blocks out', () => {
		expect(publicAddressesAdmitted(rules('8.8.8.0/24', '8.8.8.128/25'))).toBe(256);
		expect(publicAddressesAdmitted(rules('10.0.0.0/8'))).toBe(0);
		expect(publicAddressesAdmitted(rules('0.0.0.0/0'))).toBeGreaterThan(3.5e9);
	});
});
