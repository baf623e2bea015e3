import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {buildConnectionUrl, encodeComponentStrict, parseConnectionUrl, splitHostPort, type ConnectionParts} from '../../src/core/connection-url.js';

describe('encodeComponentStrict', () => {
	it('encodes what encodeURIComponent leaves and uses %20 for space', () => {
		expect(encodeComponentStrict("a!b'c(d)e*f g")).toBe('a%21b%27c%28d%29e%2Af%20g');
		expect(encodeComponentStrict('p@ss:w/rd!#%+ ?&=')).toBe('p%40ss%3Aw%2Frd%21%23%25%2B%20%3F%26%3D');
	});
});

describe('buildConnectionUrl', () => {
	const parts: ConnectionParts = {host: 'free-tier.gcp-us-central1.cockroachlabs.cloud', port: 26257, user: 'maxroach', password: 'pw!', database: 'defaultdb', sslmode: 'verify-full', sslrootcert: '/home/u/.postgresql/root.crt', params: {options: '--cluster=funny-skunk-123'}};

	it('omits the password unless asked, and masks it for display', () => {
		expect(buildConnectionUrl(parts)).toBe('postgresql://maxroach@free-tier.gcp-us-central1.cockroachlabs.cloud:26257/defaultdb?sslmode=verify-full&sslrootcert=/home/u/.postgresql/root.crt&options=--cluster%3Dfunny-skunk-123');
		expect(buildConnectionUrl(parts, 'include')).toContain('maxroach:pw%21@');
		expect(buildConnectionUrl(parts, 'mask')).toContain('maxroach:****@');
	});

	it('treats sslpassword (the client key passphrase) like the password', () => {
		const withKey = {...parts, params: {sslpassword: 'k3y pass', application_name: 'app'}};
		expect(buildConnectionUrl(withKey)).toMatch(/\?sslmode=verify-full&sslrootcert=[^&]+&application_name=app$/);
		expect(buildConnectionUrl(withKey, 'mask')).toContain('&sslpassword=%2A%2A%2A%2A&');
		expect(buildConnectionUrl(withKey, 'include')).toContain('&sslpassword=k3y%20pass&');
	});

	it('brackets IPv6 hosts', () => {
		expect(buildConnectionUrl({host: '::1', port: 26257, user: 'root', database: 'defaultdb'})).toBe('postgresql://root@[::1]:26257/defaultdb');
	});
});

describe('parseConnectionUrl', () => {
	it('reads a Cloud Console string', () => {
		const result = parseConnectionUrl('postgresql://maxroach:s3cr%21t@blue-dog-123.g8z.cockroachlabs.cloud:26257/defaultdb?sslmode=verify-full&sslrootcert=%2Fhome%2Fu%2F.postgresql%2Froot.crt');
		expect(result).toEqual({ok: true, parts: {host: 'blue-dog-123.g8z.cockroachlabs.cloud', port: 26257, user: 'maxroach', password: 's3cr!t', database: 'defaultdb', sslmode: 'verify-full', sslrootcert: '/home/u/.postgresql/root.crt'}});
	});

	it('keeps + literal as libpq does, and lets query keys override the authority', () => {
		const result = parseConnectionUrl('postgres://a:b+c@h/db?user=z&port=5433&options=-c%20x%3D1');
		expect(result.ok && result.parts).toMatchObject({user: 'z', password: 'b+c', port: 5433, params: {options: '-c x=1'}});
	});

	it('defaults the port to 26257, accepts jdbc: and IPv6', () => {
		expect(parseConnectionUrl('jdbc:postgresql://[::1]/x')).toMatchObject({ok: true, parts: {host: '::1', port: 26257, database: 'x'}});
	});

	it.each([
		['http://h:26257/db', /starts with postgresql:\/\//],
		['postgresql://u:p#w@h/db', /percent-encode it as %23/],
		['postgresql://u:p%zz@h/db', /invalid percent-encoding/],
		['postgresql://u@h:99999/db', /not a number from 1 to 65535/],
		['postgresql://u@h/db?sslmode=sometimes', /unrecognized sslmode "sometimes"/],
		['postgresql://u@/db', /names no host/],
	])('refuses %s with a reason', (input, reason) => {
		const result = parseConnectionUrl(input);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error).toMatch(reason);
	});

	it('round-trips any user, password and database (property)', () => {
		fc.assert(fc.property(fc.string({minLength: 1}), fc.string(), fc.string({minLength: 1}), fc.string({unit: 'grapheme'}), (user, password, database, extra) => {
			const parts: ConnectionParts = {host: 'db.example.com', port: 26257, user, password, database, sslmode: 'verify-full', sslrootcert: `/certs/${extra}`};
			const parsed = parseConnectionUrl(buildConnectionUrl(parts, 'include'));
			expect(parsed).toEqual({ok: true, parts});
		}), {numRuns: 500});
	});

	it('never puts a raw space, + or ! in the URL (property)', () => {
		fc.assert(fc.property(fc.string(), password => {
			const url = buildConnectionUrl({host: 'h', port: 1, user: 'u', password, database: 'd'}, 'include');
			expect(url).not.toMatch(/[ +!#]/);
		}));
	});
});

describe('splitHostPort', () => {
	it('splits host:port and [v6]:port, and leaves a bare v6 whole', () => {
		expect(splitHostPort('db:26000')).toEqual({host: 'db', port: 26000});
		expect(splitHostPort('[fe80::1]:5')).toEqual({host: 'fe80::1', port: 5});
		expect(splitHostPort('fe80::1')).toEqual({host: 'fe80::1'});
		expect(splitHostPort('db:http')).toEqual({error: 'the port "http" is not a number from 1 to 65535'});
	});
});
