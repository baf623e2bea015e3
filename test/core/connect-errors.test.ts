import {describe, expect, it} from 'vitest';
import {describeConnectError} from '../../src/core/connect-errors.js';

const local = {host: 'db.local', port: 26257, user: 'ana', database: 'bank', sslrootcert: '/c/ca.crt'};
const cloud = {...local, host: 'blue-dog-123.g8z.cockroachlabs.cloud'};

describe('describeConnectError', () => {
	it.each([
		[{code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db.local'}, local, /cannot resolve the host name "db.local"/],
		[{code: 'ECONNREFUSED', message: 'connect ECONNREFUSED'}, local, /nothing listens there.*26257/],
		[{code: 'ETIMEDOUT', message: 'connect ETIMEDOUT'}, local, /firewall drops the traffic/],
		[{code: 'ETIMEDOUT', message: 'connect ETIMEDOUT'}, cloud, /IP allowlist.*"Authorize network" step/],
		[{code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain'}, local, /not signed by the CA in \/c\/ca.crt/],
		[{code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames"}, local, /not valid for the name "db.local"/],
		[{code: 'CERT_HAS_EXPIRED', message: 'certificate has expired'}, local, /expired/],
		[{code: '28P01', message: 'password authentication failed for user "ana"'}, local, /password authentication failed for user "ana".*ALTER USER/],
		[{code: '3D000', message: 'database "bank" does not exist'}, local, /database "bank" does not exist\. Fix: use defaultdb/],
		[{code: '28000', message: 'no pg_hba.conf entry for host "127.0.0.1", user "ana", database "bank", no encryption'}, local, /requires TLS/],
		[{message: 'The server does not support SSL connections'}, local, /insecure cluster.*sslmode=disable/],
		[{message: 'Connection terminated due to connection timeout'}, cloud, /IP allowlist/],
		[{message: 'something new\nwith detail'}, local, /^something new$/],
	])('%j', (error, target, expected) => {
		expect(describeConnectError(error, target)).toMatch(expected);
	});
});

describe('advice by where the host came from, not by its name', () => {
	const notFound = {code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x'};
	const timeout = {code: 'ETIMEDOUT', message: 'connect ETIMEDOUT'};
	const wrongPassword = {code: '28P01', message: 'password authentication failed for user "ana"'};

	it('a name that does not resolve: the typed name, the Cloud API\'s, the Console\'s string, or a connection string', () => {
		expect(describeConnectError(notFound, {...local, origin: 'host'})).toMatch(/Fix: check the host name you gave \(its spelling\), and your DNS or VPN \(a name on a private network resolves only inside it\)$/);
		expect(describeConnectError(notFound, {...cloud, origin: 'cloud-api'})).toMatch(/Fix: the name is the cluster's own, from the Cloud API: check your DNS or VPN \(a private-endpoint name/);
		expect(describeConnectError(notFound, {...cloud, origin: 'console'})).toMatch(/Fix: copy the connection string again from the Console's Connect dialog, and check your DNS or VPN/);
		expect(describeConnectError(notFound, {...local, origin: 'url'})).toMatch(/Fix: check the host in the connection string \(its spelling\), and your DNS or VPN \(a name on a private network/);
		// A bare connection string (the doctor's): the host name is the only hint there is.
		expect(describeConnectError(notFound, cloud)).toContain('copy it again from the Console\'s Connect dialog');
	});

	it('a self-hosted host named like a Cloud one gets self-hosted advice; a Cloud cluster at an IP gets Cloud advice', () => {
		expect(describeConnectError(wrongPassword, {...cloud, origin: 'host'})).toContain('ALTER USER');
		expect(describeConnectError(wrongPassword, {...cloud, origin: 'host'})).not.toContain('Console');
		expect(describeConnectError(timeout, {...cloud, origin: 'host'})).toMatch(/a firewall drops the traffic/);
		const byIp = {...local, host: '10.0.4.17'};
		expect(describeConnectError(wrongPassword, {...byIp, origin: 'cloud-api'})).toContain('run again with --reset-password, or reset it in the Console under SQL Users');
		expect(describeConnectError(wrongPassword, {...byIp, origin: 'console'})).toContain('reset it under SQL Users');
		expect(describeConnectError(timeout, {...byIp, origin: 'cloud-api'})).toMatch(/the cluster's IP allowlist drops traffic from this machine/);
	});
});
