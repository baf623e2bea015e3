import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {caSpec, clientSpec, goStringType, lifetimeProblem, nodeSpec, serialFromBytes, splitHosts} from '../../src/core/cert-templates.js';

const now = new Date('2026-11-28T10:00:00.750Z');

describe('certificate templates', () => {
	it('CA: CN=Cockroach CA, CA key usages, backdated a day, whole seconds', () => {
		const spec = caSpec({now, lifetimeMs: 87_840 * 3_600_000, serialHex: '01'});
		expect(spec).toMatchObject({commonName: 'Cockroach CA', isCA: true, extKeyUsage: [], keyUsage: {digitalSignature: true, keyEncipherment: true, keyCertSign: true, nonRepudiation: true}});
		expect(spec.notBefore.toISOString()).toBe('2026-11-27T10:00:00.000Z');
		expect(spec.notAfter.getTime() - new Date('2026-11-28T10:00:00Z').getTime()).toBe(87_840 * 3_600_000);
	});

	it('node: CN=node, serverAuth then clientAuth, DNS names then IPs', () => {
		const spec = nodeSpec({now, lifetimeMs: 1000, serialHex: '01', hosts: ['127.0.0.1', 'localhost', '*.dev.example.com', '::1', '[::1]', 'fe80::1%eth0']});
		expect(spec).toMatchObject({commonName: 'node', isCA: false, extKeyUsage: ['serverAuth', 'clientAuth'], keyUsage: {digitalSignature: true, keyEncipherment: true}});
		expect(spec.keyUsage).not.toHaveProperty('keyCertSign');
		expect(spec.dnsNames).toEqual(['localhost', '*.dev.example.com', '[::1]', 'fe80::1%eth0']);
		expect(spec.ipAddresses).toEqual(['127.0.0.1', '::1']);
	});

	it('client: CN=user, clientAuth only, no SAN', () => {
		expect(clientSpec({now, lifetimeMs: 1000, serialHex: '01', user: 'maxroach'})).toMatchObject({commonName: 'maxroach', extKeyUsage: ['clientAuth'], dnsNames: [], ipAddresses: []});
	});

	it('splits hosts like Go\'s net.ParseIP', () => {
		expect(splitHosts(['10.0.0.1', 'db'])).toEqual({dnsNames: ['db'], ipAddresses: ['10.0.0.1']});
	});

	it('makes minimal, positive DER serials (property)', () => {
		fc.assert(fc.property(fc.uint8Array({minLength: 16, maxLength: 16}), bytes => {
			const hex = serialFromBytes(bytes);
			expect(hex.length % 2).toBe(0);
			expect(Number.parseInt(hex.slice(0, 2), 16)).toBeLessThan(0x80);
			if (hex.length > 2) expect(hex.startsWith('00') ? Number.parseInt(hex.slice(2, 4), 16) >= 0x80 : true).toBe(true);
			expect(BigInt(`0x${hex}`)).toBe(BigInt(`0x${Buffer.from(bytes).toString('hex')}`));
		}));
	});

	it('picks PrintableString or UTF8String as Go does', () => {
		expect(goStringType('Cockroach CA')).toBe('printable');
		expect(goStringType('node')).toBe('printable');
		expect(goStringType('my_user')).toBe('utf8');
		expect(goStringType('ομηρος')).toBe('utf8');
		expect(goStringType('a*b')).toBe('utf8');
	});

	it('refuses a leaf that outlives its CA, in cockroach\'s words, but allows an equal end', () => {
		const caEnd = new Date(now.getTime() + 10 * 3_600_000);
		expect(lifetimeProblem(caEnd, caEnd, now, 10 * 3_600_000)).toBeUndefined();
		expect(lifetimeProblem(caEnd, new Date(caEnd.getTime() + 1000), now, 43_920 * 3_600_000)).toBe(
			'CA lifetime is 10.000000h, shorter than the requested 43920.000000h. Renew CA certificate, or rerun with --lifetime=10h for a shorter duration.',
		);
	});
});
