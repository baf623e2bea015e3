/**
Passwordless sign-in on Advanced, below the wizard: our own certificate code makes the client CA and a client
certificate, the spec-checking Cloud API server takes the CA (NOT_SET → PENDING → IS_SET over a few polls), and
a real PostgreSQL server that trusts the uploaded CA for client certificates (`hostssl … cert
clientcert=verify-full`, no password for the user) lets that certificate in — and refused it before.
*/
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {ensureClientCaFiles} from '../../src/adapters/client-ca-files.js';
import {CloudClient} from '../../src/cloud/client.js';
import {ensureClientCa, type ClientCaPolicy} from '../../src/cloud/client-ca.js';
import {clientCaAction, pemFingerprint} from '../../src/core/client-ca.js';
import {makeCluster, startCloudApiServer, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {trustUploadedClientCa} from '../helpers/client-ca-cluster.js';
import {adminSql, startPgServer, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';

const ADVANCED = '77777777-0000-4000-8000-000000000001';
const BASIC = '77777777-0000-4000-8000-000000000002';
let cloud: CloudApiServer;
let server: PgServerInfo;

beforeAll(async () => {
	// A server of its own: the CA it trusts for client certificates changes in these tests.
	server = await startPgServer();
	cloud = await startCloudApiServer({
		clusters: [makeCluster({id: ADVANCED, name: 'adv-prod', plan: 'ADVANCED', cloud: 'AWS', sqlHost: 'localhost'}), makeCluster({id: BASIC, name: 'basic-dev', plan: 'BASIC', cloud: 'GCP'})],
		onClientCa: trustUploadedClientCa(server),
	});
}, 60_000);

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	stopPgServer(server);
});

const client = () => new CloudClient({apiKey: cloud.apiKey, server: cloud.url, userAgent: 'crdb-connect/test'});
const policy = (over: Partial<ClientCaPolicy> = {}): ClientCaPolicy => ({intervalMs: 5, timeoutMs: 5000, sleep: ms => new Promise(r => setTimeout(r, ms)), confirmReplace: async () => false, ...over});

function files() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-client-ca-'));
	return {certsDir: path.join(dir, 'certs'), caKey: path.join(dir, 'client-ca', 'ca.key')};
}

async function loginWithCertificate(user: string, cert: string, key: string): Promise<string> {
	const c = new pg.Client({host: 'localhost', port: server.port, user, database: 'defaultdb', connectionTimeoutMillis: 5000, ssl: {ca: readFileSync(server.caCert, 'utf8'), cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8')}});
	c.on('error', () => {});
	try {
		await c.connect();
		return (await c.query<{u: string}>('SELECT current_user AS u')).rows[0]!.u;
	} finally {
		// end() on a client whose connect failed waits for an 'end' that never comes: do not await it.
		void c.end().catch(() => {});
	}
}

describe('the client-CA plan', () => {
	it('uploads when none is set, keeps ours, and asks before replacing another', () => {
		const ours = readFileSync(server.caCert, 'utf8');
		expect(clientCaAction('NOT_SET', undefined, ours)).toEqual({kind: 'upload'});
		expect(clientCaAction('IS_SET', ours, ours)).toEqual({kind: 'keep', pending: false});
		expect(clientCaAction('PENDING', ours, ours)).toEqual({kind: 'keep', pending: true});
		expect(() => clientCaAction('NOT_SET', undefined, 'not a pem')).toThrow('not a PEM certificate');
		expect(pemFingerprint(ours)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
	});
});

describe('passwordless sign-in on Advanced', () => {
	it('makes the client CA and certificate, uploads the CA, waits until it is set, and the certificate logs in with no password', async () => {
		const where = files();
		const made = await ensureClientCaFiles({...where, user: 'ca_user'});
		// The CA key stays outside the certs directory, owner-only; the client key too.
		expect(statSync(where.caKey).mode & 0o777).toBe(0o600);
		expect(made.caCert).toBe(path.join(where.certsDir, 'ca-client.crt'));
		expect(statSync(made.clientKey).mode & 0o777).toBe(0o600);
		expect(statSync(made.clientKeyPk8).isFile()).toBe(true);
		adminSql(server, 'CREATE ROLE ca_user LOGIN IN ROLE certusers');
		await expect(loginWithCertificate('ca_user', made.clientCert, made.clientKey)).rejects.toThrow();
		cloud.state.clientCaPolls = 2;
		const changes: unknown[] = [];
		const outcome = await ensureClientCa(client(), ADVANCED, made.caPem, policy({onChanged: change => changes.push(change)}));
		expect(outcome).toEqual({done: 'uploaded', fingerprint: pemFingerprint(made.caPem), polls: 3});
		expect(changes).toEqual([{replaced: false, previousPem: undefined}]);
		expect(cloud.requests.filter(r => r.path.endsWith('/client-ca-cert')).map(r => r.method)).toEqual(['GET', 'POST', 'GET', 'GET', 'GET']);
		expect(cloud.requests.find(r => r.method === 'POST' && r.path.endsWith('/client-ca-cert'))!.body).toEqual({x509_pem_cert: made.caPem});
		expect(await loginWithCertificate('ca_user', made.clientCert, made.clientKey)).toBe('ca_user');
		// Again: reused files, nothing uploaded.
		const again = await ensureClientCaFiles({...where, user: 'ca_user'});
		expect(again.created).toEqual([]);
		const before = cloud.requests.length;
		expect((await ensureClientCa(client(), ADVANCED, again.caPem, policy())).done).toBe('already-set');
		expect(cloud.requests.slice(before).map(r => r.method)).toEqual(['GET']);
	});

	it('replaces another CA only after a yes, showing both fingerprints', async () => {
		const other = await ensureClientCaFiles({...files(), user: 'other_user'});
		const current = cloud.state.clientCa[ADVANCED]!.pem;
		const asked: string[][] = [];
		const before = cloud.requests.length;
		await expect(ensureClientCa(client(), ADVANCED, other.caPem, policy({confirmReplace: async (a, b) => (asked.push([a, b]), false)}))).rejects.toThrow(`the cluster trusts another client CA (SHA-256 ${pemFingerprint(current)}); it was left in place`);
		expect(asked).toEqual([[pemFingerprint(current)!, pemFingerprint(other.caPem)!]]);
		expect(cloud.requests.slice(before).some(r => r.method !== 'GET')).toBe(false);
		const replaced = await ensureClientCa(client(), ADVANCED, other.caPem, policy({confirmReplace: async () => true}));
		expect(replaced.done).toBe('replaced');
		expect(cloud.requests.slice(before).filter(r => r.method === 'PATCH')).toHaveLength(1);
		expect(cloud.state.clientCa[ADVANCED]).toEqual({status: 'IS_SET', pem: other.caPem});
	});

	it('says a Basic cluster cannot take a client CA, and what to do instead', async () => {
		const made = await ensureClientCaFiles({...files(), user: 'ca_user'});
		await expect(ensureClientCa(client(), BASIC, made.caPem, policy())).rejects.toThrow('client certificates signed by your own CA need a CockroachDB Advanced cluster (HTTP 400: client CA certificates are only supported on Advanced clusters): log in with a password instead');
	});
});
