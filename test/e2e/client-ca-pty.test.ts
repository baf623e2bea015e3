/**
Passwordless sign-in on Advanced in a real terminal (the built bundle in a pty): an API key, one Advanced cluster
(the spec-checking Cloud API server, whose client CA goes NOT_SET → PENDING → IS_SET) whose host is a real
PostgreSQL server that trusts the uploaded CA for client certificates (`hostssl … cert clientcert=verify-full`,
no password for the user). "c" on the plan screen picks the client certificate; the walk ends at a real psql
prompt logged in by certificate. Then a second person with a CA of their own sees both fingerprints before
replacing it.
*/
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeCluster} from '../helpers/cloud-api-server.js';
import {cloudWalkFixture} from '../helpers/cloud-walk.js';
import {certificateOnlyUsers, trustUploadedClientCa} from '../helpers/client-ca-cluster.js';
import {startPgServer, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';
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
		expect(review).toContain('Sign-in   password (or c: a client certificate, no password)');
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
		await s.waitForScreen('was left in place: replace it (--replace-client-ca), or go back (Esc) and sign in with a password');
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
