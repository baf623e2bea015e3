/**
Passwordless sign-in on Advanced in a real terminal (the built bundle in a pty): an API key, one Advanced cluster
(the spec-checking Cloud API server, whose client CA goes NOT_SET → PENDING → IS_SET) whose host is a real
PostgreSQL server that trusts the uploaded CA for client certificates (`hostssl … cert clientcert=verify-full`,
no password for the user). "c" on the plan screen picks the client certificate; the walk ends at a real psql
prompt logged in by certificate. Then a second person with a CA of their own sees both fingerprints before
replacing it. Last, the same sign-in in the plain front-end (--plain), where the plan's choice is reached with
the arrow keys ("c" is the Ink front-end's shortcut).
*/
import {X509Certificate} from 'node:crypto';
import {existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {addCluster, makeCluster} from '../helpers/cloud-api-server.js';
import {cloudWalkFixture, moveDownTo} from '../helpers/cloud-walk.js';
import {certificateOnlyUsers, trustUploadedClientCa} from '../helpers/client-ca-cluster.js';
import {adminSql, startPgServer, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';
import type {PtySession} from '../helpers/pty.js';
import {pemFingerprint} from '../../src/core/client-ca.js';

const ADVANCED = '99999999-0000-4000-8000-000000000001';
let server: PgServerInfo;

beforeAll(async () => {
	server = await startPgServer();
}, 60_000);

afterAll(() => stopPgServer(server));

// Registered after the PostgreSQL server's hooks: started after it, closed before it.
const walk = cloudWalkFixture({
	name: 'client-ca-pty',
	ip: '198.51.100.23',
	server: () => ({
		clusters: [makeCluster({id: ADVANCED, name: 'adv-shop', plan: 'ADVANCED', cloud: 'AWS', sqlHost: 'localhost'})],
		caPem: readFileSync(server.caCert, 'utf8'),
		sqlPort: server.port,
		onSqlUser: certificateOnlyUsers(server),
		onClientCa: trustUploadedClientCa(server),
	}),
});
const start = (user: string) => walk.start({user, pollMs: 50, cols: 240});

/** Press a key at a question, once it is the open one; again only while it still is (a key sent before Ink listens is lost under load). */
async function press(s: PtySession, question: string | RegExp, key: string, done: string | RegExp, counted: {keys: number}): Promise<void> {
	await s.waitForScreen(question, 20_000);
	counted.keys++;
	for (let attempt = 0; ; attempt++) {
		s.write(key);
		try {
			await s.waitForScreen(done, 2000);
			return;
		} catch (error) {
			if (attempt >= 4) throw error;
		}
	}
}

describe('passwordless sign-in on Advanced, in a real terminal', () => {
	it('"c" on the plan screen: the client CA is made, uploaded and waited for, and psql logs in by certificate (3 keys)', async () => {
		walk.cloud.state.clientCaPolls = 2;
		const {s, home} = start('ana');
		const counted = {keys: 0};
		await press(s, '❯ A CockroachDB Cloud cluster', '\r', '✔ How do you reach the cluster? · CockroachDB Cloud', counted);
		await press(s, /\? Which cluster\?\n(.*\n)*❯ adv-shop/, '\r', '✔ Which cluster? · adv-shop', counted);
		const review = await s.waitForScreen('❯ Accept the plan', 20_000);
		expect(review).toContain('Sign-in   password (or a client certificate, no password: the second choice below)');
		expect(review).toContain('c client certificate (no password)');
		await press(s, '❯ Accept the plan', 'c', '· accepted, with a client certificate', counted);
		await s.waitForScreen(/✔ Upload the client CA of adv-shop and wait until the cluster trusts it · uploaded; the cluster trusts it \(IS_SET\)/, 30_000);
		await s.waitForScreen('✔ Create SQL user ana · created; it signs in with client.ana.crt', 20_000);
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		expect(counted.keys).toBe(3);
		s.write('select current_user;\r');
		await s.waitForScreen(/current_user\s*\n-+\s*\n\s+ana\s*\n\(1 row\)/);
		s.write('\\q\r');
		const screen = await s.waitForScreen('EXIT=0', 20_000);
		// The journal names the upload with its undo; no password was shown.
		expect(screen).toContain(`uploaded your client CA (SHA-256 ${pemFingerprint(readFileSync(path.join(home, '.cockroach-client-ca', 'ca.crt'), 'utf8'))}) to adv-shop`);
		expect(screen).toContain('undo: ccloud cluster networking client-ca-cert delete adv-shop');
		expect(screen).not.toMatch(/generated password/);
		expect(walk.cloud.state.clientCa[ADVANCED]!.status).toBe('IS_SET');
	}, 120_000);

	it('another CA is set: both fingerprints are shown, "No" changes nothing, "Yes" replaces it (PATCH) and psql logs in', async () => {
		const current = walk.cloud.state.clientCa[ADVANCED]!.pem;
		const {s, home} = start('bo');
		const counted = {keys: 0};
		await press(s, '❯ A CockroachDB Cloud cluster', '\r', '✔ How do you reach the cluster?', counted);
		await press(s, /\? Which cluster\?\n(.*\n)*❯ adv-shop/, '\r', '✔ Which cluster? · adv-shop', counted);
		await press(s, '❯ Accept the plan', 'c', '· accepted, with a client certificate', counted);
		const asked = await s.waitForScreen('? The cluster trusts another client CA. Replace it with yours?', 30_000);
		const ours = pemFingerprint(readFileSync(path.join(home, '.cockroach-client-ca', 'ca.crt'), 'utf8'))!;
		expect(asked).toContain(`Trusted now  SHA-256 ${pemFingerprint(current)}`);
		expect(asked).toContain(`Yours        SHA-256 ${ours}`);
		expect(asked).toContain('❯ No: leave it in place');
		// Enter on "No": refused with what to do, and nothing was sent.
		s.write('\r');
		await s.waitForScreen('was left in place: replace it (--replace-client-ca), or sign in with a password instead (--auth password, or go back)');
		expect(walk.cloud.requests.filter(r => r.method === 'PATCH')).toEqual([]);
		await press(s, '❯ No: leave it in place', '\u001B[B', '❯ Yes: replace it with yours', counted);
		await press(s, '❯ Yes: replace it with yours', '\r', '· replace it', counted);
		await s.waitForScreen(/✔ Replace the client CA of adv-shop and wait until the cluster trusts it · replaced/, 30_000);
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		s.write('select current_user;\r');
		await s.waitForScreen(/current_user\s*\n-+\s*\n\s+bo\s*\n\(1 row\)/);
		s.write('\\q\r');
		const screen = await s.waitForScreen('EXIT=0', 20_000);
		expect(walk.cloud.requests.filter(r => r.method === 'PATCH' && r.path.endsWith('/client-ca-cert'))).toHaveLength(1);
		expect(walk.cloud.state.clientCa[ADVANCED]!.pem).toBe(readFileSync(path.join(home, '.cockroach-client-ca', 'ca.crt'), 'utf8'));
		expect(screen).toContain(`replaced the client CA of adv-shop with yours (SHA-256 ${ours})`);
		expect(screen).toContain(`undo: ccloud cluster networking client-ca-cert update adv-shop --cert-file ${home}/.cockroach-certs/ca-client.replaced.crt`);
	}, 120_000);
});

describe('passwordless sign-in on Advanced, plain front-end', () => {
	it('"Accept, signing in with a client certificate" by arrows: CA made, POSTed, polled until IS_SET, user created, psql logs in by certificate', async () => {
		const id = addCluster(walk.cloud.state, makeCluster({id: '99999999-0000-4000-8000-000000000002', name: 'adv-plain', plan: 'ADVANCED', cloud: 'GCP', sqlHost: 'localhost'}));
		walk.cloud.state.clientCaPolls = 2;
		const {s, home} = walk.start({user: 'cy', args: ['--plain'], pollMs: 50, cols: 240});
		await s.waitForScreen('❯ A CockroachDB Cloud cluster', 20_000);
		await s.waitForRawMode();
		s.write('\r');
		await s.waitForScreen('? Which cluster?', 20_000);
		await s.waitForRawMode();
		await moveDownTo(s, 'adv-plain');
		s.write('\r');
		const plan = await s.waitForScreen('? The plan: accept it, or edit each choice', 20_000);
		expect(plan).toContain('  SQL user  new user cy, with a generated password (shown once)');
		// The plan names no key the plain front-end lacks ("c" is Ink's).
		expect(plan).toContain('  Sign-in   password (or a client certificate, no password: the second choice below)');
		expect(plan).not.toMatch(/\bc:/);
		expect(plan).toMatch(/❯ Accept the plan\n {2}Accept, signing in with a client certificate \(no password\)\n {2}Edit each choice\n/);
		await s.waitForRawMode();
		await moveDownTo(s, 'Accept, signing in with a client certificate');
		s.write('\r');
		await s.waitForScreen('✔ The plan: accept it, or edit each choice Accept, signing in with a client certificate (no password)', 20_000);
		await s.waitForScreen(/✔ Upload the client CA of adv-plain and wait until the cluster trusts it: uploaded; the cluster trusts it \(IS_SET\) after 3 checks/, 30_000);
		await s.waitForScreen('✔ Create SQL user cy: created; it signs in with client.cy.crt', 20_000);
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		// The login carried the client certificate (the server saw its subject), as cy, who has no password on the server.
		s.write('select current_user, client_dn from pg_stat_ssl where pid = pg_backend_pid();\r');
		await s.waitForScreen(/current_user \|\s+client_dn\s*\n[-+]+\s*\n\s*cy\s+\| \/O=Cockroach\/CN=cy\s*\n\(1 row\)/);
		expect(adminSql(server, "SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = 'cy'").trim()).toBe('t');
		s.write('\\q\r');
		const screen = await s.waitForScreen('EXIT=0', 20_000);
		// No password was made for the person once the plan was accepted with the certificate.
		expect(screen.split('✔ The plan: accept it')[1]).not.toMatch(/generated password/);

		// What the Cloud API was asked: the status (read for the plan, and again right before the change), the POST of
		// our CA, then the status polled until IS_SET (PENDING twice here); and the SQL user.
		const caPem = readFileSync(path.join(home, '.cockroach-client-ca', 'ca.crt'), 'utf8');
		const caCalls = walk.cloud.requests.filter(r => r.path === `/api/v1/clusters/${id}/client-ca-cert`);
		expect(caCalls.map(r => r.method)).toEqual(['GET', 'GET', 'POST', 'GET', 'GET', 'GET']);
		expect(caCalls[2]!.body).toEqual({x509_pem_cert: caPem});
		expect(walk.cloud.state.clientCa[id]).toEqual({status: 'IS_SET', pem: caPem});
		expect(walk.cloud.requests.filter(r => r.method === 'POST' && r.path === `/api/v1/clusters/${id}/sql-users`).map(r => (r.body as {name: string}).name)).toEqual(['cy']);
		expect(walk.cloud.state.users[id]).toEqual(['cy']);

		// The files: the client certificate signed by the uploaded CA, owner-only keys, the CA key outside the certs directory.
		const certs = path.join(home, '.cockroach-certs');
		const caKey = path.join(home, '.cockroach-client-ca', 'ca.key');
		expect(new X509Certificate(readFileSync(path.join(certs, 'client.cy.crt'))).verify(new X509Certificate(caPem).publicKey)).toBe(true);
		for (const key of [path.join(certs, 'client.cy.key'), path.join(certs, 'client.cy.key.pk8'), caKey]) expect(statSync(key).mode & 0o777, key).toBe(0o600);
		expect(path.relative(certs, caKey).startsWith('..')).toBe(true);
		expect(existsSync(path.join(certs, 'ca.key'))).toBe(false);
		// Long lines wrap at the terminal's width: read them joined.
		const joined = screen.replace(/\n/g, '');
		expect(joined).toContain(`Connection string   postgresql://cy@localhost:${server.port}/defaultdb?sslmode=verify-full&sslrootcert=${home}/.postgresql/root.crt&sslcert=${certs}/client.cy.crt&sslkey=${certs}/client.cy.key`);
		expect(joined).toContain(`uploaded your client CA (SHA-256 ${pemFingerprint(caPem)}) to adv-plain`);
	}, 120_000);
});
