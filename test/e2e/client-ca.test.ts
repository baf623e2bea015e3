/**
Passwordless sign-in on Advanced, through the real binary in scripted mode: --auth client-ca makes a client CA
with our own certificate code, uploads it to the spec-checking Cloud API server (NOT_SET → PENDING → IS_SET over
a few polls), creates the SQL user, signs client.<user>.crt with the CA and logs in to a real PostgreSQL server
that trusts the uploaded CA for client certificates (`hostssl … +certusers … cert clientcert=verify-full`; the
user has no password there). Also: --dry-run lists the upload; replacing another CA needs --replace-client-ca and
prints both fingerprints; a Basic cluster is refused before anything is written.
*/
import {existsSync, mkdtempSync, readFileSync, statSync} from 'node:fs';
import {X509Certificate} from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {certificateOnlyUsers, trustUploadedClientCa} from '../helpers/client-ca-cluster.js';
import {startPgServer, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';
import {pemFingerprint} from '../../src/core/client-ca.js';
import {FORMATS} from '../../src/core/connection-formats.js';

const ADVANCED = '88888888-0000-4000-8000-000000000001';
const OTHER = '88888888-0000-4000-8000-000000000002';
const BASIC = '88888888-0000-4000-8000-000000000003';
let cloud: CloudApiServer;
let server: PgServerInfo;
let ipService: Awaited<ReturnType<typeof startIpService>>;

beforeAll(async () => {
	// A server of its own: the CA it trusts for client certificates changes here.
	server = await startPgServer();
	cloud = await startCloudApiServer({
		clusters: [
			makeCluster({id: ADVANCED, name: 'adv-prod', plan: 'ADVANCED', cloud: 'AWS', sqlHost: 'localhost'}),
			makeCluster({id: OTHER, name: 'adv-other', plan: 'ADVANCED', cloud: 'GCP', sqlHost: 'localhost'}),
			makeCluster({id: BASIC, name: 'basic-dev', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'}),
		],
		caPem: readFileSync(server.caCert, 'utf8'),
		sqlPort: server.port,
		onSqlUser: certificateOnlyUsers(server),
		onClientCa: trustUploadedClientCa(server),
	});
	ipService = await startIpService('203.0.113.44');
}, 60_000);

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
	stopPgServer(server);
});

const home = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-client-ca-e2e-'));
const env = (dir: string) => ({HOME: dir, USER: 'ana', COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '20', CRDB_CONNECT_IP_URL: ipService.url});
const caRequests = (id: string) => cloud.requests.filter(r => r.path === `/api/v1/clusters/${id}/client-ca-cert`).map(r => r.method);

describe('--auth client-ca, scripted through the binary', () => {
	it('makes the client CA, uploads it, waits until it is set, creates the user and logs in with the certificate (no password)', async () => {
		const dir = home();
		const certs = path.join(dir, 'certs');
		const caKey = path.join(dir, 'safe', 'ca.key');
		cloud.state.clientCaPolls = 2;
		const result = await runCli(['--cluster', 'adv-prod', '--allow-current-ip', '--user', 'cert_ana', '--create-user', '--auth', 'client-ca', '--certs-dir', certs, '--ca-key', caKey, '--yes', '--no-launch'], {env: env(dir)});
		expect(result.stderr).toContain('✔ Make (or reuse) your client CA and client.cert_ana.crt signed by it: made');
		expect(result.stderr).toContain('✔ Read the client CA adv-prod trusts: none set yet: yours will be uploaded');
		expect(result.stderr).toMatch(/✔ Upload the client CA of adv-prod and wait until the cluster trusts it: uploaded; the cluster trusts it \(IS_SET\) after \d+ checks?/);
		expect(result.stderr).toContain('✔ Log in as cert_ana and run SELECT version(): PostgreSQL 15');
		expect(result.code, result.stderr).toBe(0);
		const crt = path.join(certs, 'client.cert_ana.crt');
		const key = path.join(certs, 'client.cert_ana.key');
		// The URL carries the certificate paths, never a password.
		expect(result.stdout).toBe(`postgresql://cert_ana@localhost:${server.port}/defaultdb?sslmode=verify-full&sslrootcert=${dir}/.postgresql/root.crt&sslcert=${crt}&sslkey=${key}\n`);
		// The CA key stays outside the certs directory, owner-only; so does the client key; a PKCS#8 copy for Java.
		expect(statSync(caKey).mode & 0o777).toBe(0o600);
		expect(statSync(key).mode & 0o777).toBe(0o600);
		expect(existsSync(`${key}.pk8`)).toBe(true);
		const uploaded = readFileSync(path.join(path.dirname(caKey), 'ca.crt'), 'utf8');
		expect(new X509Certificate(readFileSync(crt)).verify(new X509Certificate(uploaded).publicKey)).toBe(true);
		expect(cloud.requests.find(r => r.method === 'POST' && r.path.endsWith(`${ADVANCED}/client-ca-cert`))!.body).toEqual({x509_pem_cert: uploaded});
		expect(caRequests(ADVANCED).filter(m => m !== 'GET')).toEqual(['POST']);
		expect(cloud.state.clientCa[ADVANCED]!.status).toBe('IS_SET');
		// The SQL user was created through the API; its password went nowhere the person sees.
		expect(result.stderr).not.toMatch(/generated password/);
		// The journal names the upload and its undo.
		expect(result.stderr).toContain(`uploaded your client CA (SHA-256 ${pemFingerprint(uploaded)}) to adv-prod, for it to trust client certificates signed by it`);
		expect(result.stderr).toContain('undo: ccloud cluster networking client-ca-cert delete adv-prod');

		// Every output format carries the certificate paths instead of a password.
		const formats = await runCli(['--cluster', 'adv-prod', '--allow-current-ip', '--user', 'cert_ana', '--auth', 'client-ca', '--certs-dir', certs, '--ca-key', caKey, '--yes', '--format', 'psycopg2'], {env: env(dir)});
		expect(formats.code, formats.stderr).toBe(0);
		expect(formats.stdout).toContain(`sslcert=${crt}`);
		expect(formats.stdout).toContain(`sslkey=${key}`);
		expect(formats.stdout).not.toMatch(/password/i);
		// A second run reuses the files and uploads nothing.
		expect(formats.stderr).toContain('reused the files there');
		expect(formats.stderr).toContain('yours is set already (IS_SET)');
		expect(caRequests(ADVANCED).filter(m => m !== 'GET')).toEqual(['POST']);
	});

	it('--dry-run lists the upload and writes nothing', async () => {
		const dir = home();
		const certs = path.join(dir, 'certs');
		const before = cloud.requests.length;
		const dry = await runCli(['--cluster', 'adv-other', '--allow-current-ip', '--user', 'dry_ana', '--create-user', '--auth', 'client-ca', '--certs-dir', certs, '--ca-key', path.join(dir, 'safe', 'ca.key'), '--yes', '--dry-run'], {env: env(dir)});
		expect(dry.code, dry.stderr).toBe(0);
		expect(dry.stdout).toContain(`make a client CA: key ${dir}/safe/ca.key (mode 0600, outside the certs directory)`);
		expect(dry.stdout).toContain(`Cloud API POST /api/v1/clusters/${OTHER}/client-ca-cert {"x509_pem_cert":"(the client CA certificate this run makes)"}`);
		expect(dry.stdout).toContain(`wait until /api/v1/clusters/${OTHER}/client-ca-cert reports IS_SET`);
		expect(dry.stdout).toContain('Dry run: nothing was changed.');
		expect(existsSync(certs)).toBe(false);
		expect(cloud.requests.slice(before).filter(r => r.method !== 'GET')).toEqual([]);
	});

	it('replaces another client CA only with --replace-client-ca, after printing both fingerprints', async () => {
		// adv-prod trusts the first test's CA; a new person with a CA of their own meets it.
		const dir = home();
		const certs = path.join(dir, 'certs');
		const caKey = path.join(dir, 'safe', 'ca.key');
		const current = cloud.state.clientCa[ADVANCED]!.pem;
		const args = ['--cluster', 'adv-prod', '--allow-current-ip', '--user', 'cert_bo', '--create-user', '--auth', 'client-ca', '--certs-dir', certs, '--ca-key', caKey, '--yes', '--no-launch'];
		const refused = await runCli(args, {env: env(dir)});
		const ours = readFileSync(path.join(dir, 'safe', 'ca.crt'), 'utf8');
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toContain(`--replace-client-ca (the cluster's client CA (SHA-256 ${pemFingerprint(current)}; yours is ${pemFingerprint(ours)}) was left in place`);
		expect(caRequests(ADVANCED).filter(m => m !== 'GET')).toEqual(['POST']);
		expect(cloud.state.users[ADVANCED]).not.toContain('cert_bo');

		const replaced = await runCli([...args, '--replace-client-ca'], {env: env(dir)});
		expect(replaced.code, replaced.stderr).toBe(0);
		expect(replaced.stderr).toContain('✔ Replace the client CA of adv-prod and wait until the cluster trusts it: replaced');
		expect(caRequests(ADVANCED).filter(m => m !== 'GET')).toEqual(['POST', 'PATCH']);
		expect(cloud.state.clientCa[ADVANCED]).toEqual({status: 'IS_SET', pem: ours});
		// The replaced CA is kept, so the journal's undo can put it back.
		const saved = path.join(certs, 'ca-client.replaced.crt');
		expect(readFileSync(saved, 'utf8')).toBe(current);
		expect(replaced.stderr).toContain(`undo: ccloud cluster networking client-ca-cert update adv-prod --cert-file ${saved}`);
		expect(replaced.stderr).toContain('✔ Log in as cert_bo and run SELECT version(): PostgreSQL 15');
	});

	it('refuses a Basic cluster before writing a file or changing anything, and --replace-client-ca without --auth client-ca', async () => {
		const dir = home();
		const before = cloud.requests.length;
		const basic = await runCli(['--cluster', 'basic-dev', '--allow-current-ip', '--user', 'cert_cy', '--create-user', '--auth', 'client-ca', '--certs-dir', path.join(dir, 'certs'), '--yes', '--no-launch'], {env: env(dir)});
		expect(basic.code).toBe(1);
		expect(basic.stderr).toContain('basic-dev is BASIC: client certificates signed by your own CA need a CockroachDB Advanced cluster; sign in with a password instead');
		expect(basic.stderr).toContain('Nothing was changed.');
		expect(existsSync(path.join(dir, 'certs'))).toBe(false);
		expect(cloud.requests.slice(before).filter(r => r.method !== 'GET')).toEqual([]);
		const lonely = await runCli(['--cluster', 'adv-prod', '--replace-client-ca'], {env: env(dir)});
		expect(lonely).toEqual({code: 2, stdout: '', stderr: 'crdb-connect: --replace-client-ca is for --auth client-ca: add it, or drop --replace-client-ca\n'});
		const both = await runCli(['--cluster', 'adv-prod', '--auth', 'client-ca', '--password-env', 'X'], {env: {...env(dir), X: 'a long enough password!'}});
		expect(both.stderr).toBe('crdb-connect: --auth client-ca signs in with a client certificate, no password: drop --password-env\n');
	});

	it('every format, and --json, carries the certificate paths and no password', async () => {
		// adv-other, whose client CA only the dry run has looked at (so it runs after it).
		const dir = home();
		const certs = path.join(dir, 'certs');
		const caKey = path.join(dir, 'safe', 'ca.key');
		const base = ['--cluster', 'adv-other', '--allow-current-ip', '--user', 'fmt_ana', '--create-user', '--auth', 'client-ca', '--certs-dir', certs, '--ca-key', caKey, '--yes'];
		const first = await runCli([...base, '--no-launch'], {env: env(dir)});
		expect(first.code, first.stderr).toBe(0);
		const crt = path.join(certs, 'client.fmt_ana.crt');
		const key = path.join(certs, 'client.fmt_ana.key');
		for (const format of FORMATS) {
			const shown = await runCli([...base, '--format', format], {env: env(dir)});
			expect(shown.code, `${format}: ${shown.stderr}`).toBe(0);
			expect(shown.stdout, format).toContain(crt);
			// JDBC reads the PKCS#8 copy of the key.
			expect(shown.stdout, format).toContain(format === 'jdbc' || format === 'hibernate' ? `${key}.pk8` : key);
			expect(shown.stdout, format).not.toMatch(/password/i);
		}

		const json = await runCli([...base, '--json'], {env: env(dir)});
		expect(json.code, json.stderr).toBe(0);
		const report = JSON.parse(json.stdout) as Record<string, unknown>;
		expect(report).toMatchObject({sslcert: crt, sslkey: key});
		expect(JSON.stringify(report)).not.toMatch(/"password"\s*:\s*"/);
	});
});
