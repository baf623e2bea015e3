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
