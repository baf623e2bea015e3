/**
Support engineers' tools end to end: save a setup, replay it to the same end state (same URL, same files, same
Cloud API calls), dry-run it without changing anything, and share a doctor report without a single secret.
*/
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {cert, fingerprint} from '../helpers/cert-cli.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql, createPasswordUser} from '../helpers/pg-server.js';

const pg = inject('pg');
const PASSWORD = 'profile pw with #%& chars';
createPasswordUser(pg, 'prof_user', PASSWORD);
const CLUSTER = '66666666-0000-4000-8000-000000000001';
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let ipUrl: string;
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-profile-'));

beforeAll(async () => {
	cloud = await startCloudApiServer({
		clusters: [makeCluster({id: CLUSTER, name: 'support-repro', plan: 'STANDARD', cloud: 'AWS', sqlHost: 'localhost'})],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
	cloud.state.users[CLUSTER] = ['cloud_prof'];
	ipService = await startIpService('203.0.113.9');
	ipUrl = ipService.url;
});

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
});

const hostFlags = ['--host', 'localhost', '--port', String(pg.port), '--user', 'prof_user', '--password-env', 'PW', '--ca-cert', pg.caCert, '--yes', '--no-launch'];

describe('--save-profile and --profile', () => {
	it('replays a saved host setup to the same connection string, with no secret in the file', async () => {
		const dir = tmp();
		const file = path.join(dir, 'customer.json');
		const saved = await runCli([...hostFlags, '--save-profile', file], {env: {HOME: dir, PW: PASSWORD}});
		expect(saved.code).toBe(0);
		expect(saved.stderr).toContain(`Saved the setup to ${file} (mode 0600; secrets only as references to $PW).`);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const text = readFileSync(file, 'utf8');
		expect(text).not.toContain(PASSWORD);
		expect(JSON.parse(text)).toMatchObject({kind: 'crdb-connect-profile', version: 1, passwordEnv: 'PW', answers: {source: 'host', host: 'localhost', port: pg.port, user: 'prof_user', caCert: pg.caCert}});
		// A scripted replay sends the password only when the variable is named on the command line (issue 11).
		const replayed = await runCli(['--profile', file, '--password-env', 'PW', '--yes'], {env: {HOME: dir, PW: PASSWORD}});
		expect(replayed.stderr).toContain('✔ Log in as prof_user and run SELECT version(): PostgreSQL 15');
		expect(replayed.code).toBe(0);
		expect(replayed.stdout).toBe(saved.stdout);
	});

	it('lets flags override the profile, and names what the profile needs from the environment', async () => {
		const dir = tmp();
		const file = path.join(dir, 'p.json');
		await runCli([...hostFlags, '--save-profile', file], {env: {HOME: dir, PW: PASSWORD}});
		const overridden = await runCli(['--profile', file, '--database', 'postgres', '--password-env', 'PW', '--yes'], {env: {HOME: dir, PW: PASSWORD}});
		expect(overridden.stdout).toContain(`:${pg.port}/postgres?`);
		const noPassword = await runCli(['--profile', file, '--yes'], {env: {HOME: dir}});
		expect(noPassword).toMatchObject({code: 2, stdout: ''});
		expect(noPassword.stderr).toBe('crdb-connect: the profile reads the password from $PW, which is not set: export it, or pass --password-env\n');
	});

	it('replays a Cloud setup with the same API calls, less the POST of the rule the first run added (the look-up finds it)', async () => {
		const dir = tmp();
		const file = path.join(dir, 'cloud.json');
		const env = {HOME: dir, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', PW: 'reset to this long one'};
		const first = cloud.requests.length;
		const saved = await runCli(['--cluster', 'support-repro', '--allow-cidr', '192.0.2.0/24', '--ip-lookup-url', ipUrl, '--sql-user', 'cloud_prof', '--reset-password', '--password-env', 'PW', '--yes', '--no-launch', '--save-profile', file], {env});
		expect(saved.code).toBe(0);
		const firstCalls = cloud.requests.slice(first).map(r => `${r.method} ${r.path}`);
		expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({apiKeyEnv: 'COCKROACH_API_KEY', passwordEnv: 'PW', answers: {source: 'cloud', clusterRef: CLUSTER, allowChoice: 'cidr', allowCidr: '192.0.2.0/24', userAction: 'reset'}});
		expect(readFileSync(file, 'utf8')).not.toContain(cloud.apiKey);
		const second = cloud.requests.length;
		const replayed = await runCli(['--profile', file, '--password-env', 'PW', '--yes', '--ip-lookup-url', ipUrl], {env});
		expect(replayed.code).toBe(0);
		expect(replayed.stdout).toBe(saved.stdout);
		const addRule = `POST /api/v1/clusters/${CLUSTER}/networking/allowlist`;
		expect(firstCalls.filter(call => call === addRule)).toHaveLength(1);
		expect(cloud.requests.slice(second).map(r => `${r.method} ${r.path}`)).toEqual(firstCalls.filter(call => call !== addRule));
	});

	it('refuses corrupt and hostile profiles without doing anything', async () => {
		const dir = tmp();
		const before = cloud.requests.length;
		const cases: Array<[string, string]> = [
			['{"kind":"crdb-connect-profile","version":1,"answers":{"port":"x"}}', 'answers.port: '],
			['{"kind":"crdb-connect-profile","version":1,"answers":{"caKey":"/tmp/../../etc/cron.d/x","source":"host"}}', 'answers.caKey: must be an absolute path without ".." segments'],
			[`{"kind":"crdb-connect-profile","version":1,"answers":{"host":"${'a'.repeat(10_000)}"}}`, 'answers.host: '],
			['[1,2,3]', 'the profile has schema version null'],
		];
		for (const [content, message] of cases) {
			const file = path.join(dir, 'hostile.json');
			writeFileSync(file, content);
			const snapshot = fingerprint(dir);
			const result = await runCli(['--profile', file, '--yes'], {env: {HOME: dir, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url}});
			expect(result.code).toBe(2);
			expect(result.stderr).toContain(`crdb-connect: the profile ${file} is refused: ${message}`);
			expect(result.stdout).toBe('');
			expect(fingerprint(dir)).toEqual(snapshot);
		}

		expect(cloud.requests.length).toBe(before);
	});
});

describe('an auth: cert profile under sslmode=disable', () => {
	it('says the client certificate is not sent without TLS, and what to do (the same profile with verify-full logs in)', async () => {
		const user = `prof_cert_${process.pid}`;
		adminSql(pg, `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${user} LOGIN IN ROLE certusers; END IF; END $$`);
		const dir = tmp();
		const certs = path.join(dir, 'certs');
		mkdirSync(certs);
		copyFileSync(pg.caCert, path.join(certs, 'ca.crt'));
		expect((await cert(['create-client', user, '--certs-dir', certs, '--ca-key', pg.caKey, '--lifetime=24h'])).code).toBe(0);
		const sslcert = path.join(certs, `client.${user}.crt`);
		const file = path.join(dir, 'cert-disable.json');
		writeFileSync(file, JSON.stringify({kind: 'crdb-connect-profile', version: 1, answers: {source: 'host', host: 'localhost', port: pg.port, user, auth: 'cert', sslmode: 'disable', sslcert, sslkey: path.join(certs, `client.${user}.key`), database: 'defaultdb', output: 'url'}}));
		const disabled = await runCli(['--profile', file, '--yes', '--no-launch'], {env: {HOME: dir}});
		expect(disabled.code).toBe(1);
		expect(disabled.stderr).toContain(`the client certificate ${sslcert} was not sent: a certificate goes only over TLS, and sslmode=disable turns TLS off`);
		expect(disabled.stderr).toContain('Fix: use sslmode=verify-full with the cluster\'s CA certificate (--sslmode verify-full --ca-cert FILE)');
		expect(disabled.stderr).not.toContain('none was given');
		expect(disabled.stderr).not.toContain('--password-env');
		// The advice holds: the same profile, with TLS that checks the server, logs in with the certificate.
		const verified = await runCli(['--profile', file, '--sslmode', 'verify-full', '--ca-cert', pg.caCert, '--yes', '--no-launch'], {env: {HOME: dir}});
		expect(verified.stderr).toContain(`✔ Log in as ${user} and run SELECT version(): PostgreSQL 15`);
		expect(verified.code).toBe(0);
		// doctor, given the same certificate under sslmode=disable, says so before the login fails.
		const doctor = await runCli(['doctor', `postgresql://${user}@localhost:${pg.port}/defaultdb?sslmode=disable&sslcert=${sslcert}&sslkey=${path.join(certs, `client.${user}.key`)}`], {env: {HOME: dir}});
		expect(doctor.code).toBe(1);
		expect(doctor.stdout).toContain('sslcert/sslkey are not used under sslmode=disable: a client certificate is sent only over TLS');
	});
});

describe('--dry-run', () => {
	it('prints every Cloud API call, write and launch in order, and changes nothing', async () => {
		const dir = tmp();
		const snapshot = fingerprint(dir);
		const before = cloud.requests.length;
		const allowlistBefore = JSON.stringify(cloud.state.allowlists[CLUSTER]);
		const result = await runCli(['--cluster', 'support-repro', '--allow-cidr', '198.51.100.0/24', '--ip-lookup-url', ipUrl, '--sql-user', 'new_in_dry', '--create-user', '--password-env', 'PW', '--yes', '--dry-run', '--save-profile', path.join(dir, 'would.json')], {
			env: {HOME: dir, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, PW: 'a long enough password'},
		});
		expect(result.code).toBe(0);
		const planText = result.stdout.slice(result.stdout.indexOf('Dry run'));
		expect(planText).toContain('Dry run: nothing was changed. The plan, in order:');
		expect(planText).toContain(`Cloud API POST /api/v1/clusters/${CLUSTER}/networking/allowlist {"cidr_ip":"198.51.100.0","cidr_mask":24,"name":"crdb-connect","sql":true,"ui":false}`);
		expect(planText).toContain(`Cloud API POST /api/v1/clusters/${CLUSTER}/sql-users {"name":"new_in_dry","password":"****"}`);
		expect(planText).toContain(`download the CA certificate from ${cloud.url}/clusters/${CLUSTER}/cert and append it to ${dir}/.postgresql/root.crt`);
		expect(planText).toContain(`write the profile ${dir}/would.json (mode 0600)`);
		// The launch as it would really run: the URL (password masked) in the environment, not in argv.
		expect(planText).toMatch(/launch (COCKROACH_URL='postgresql:\/\/new_in_dry:\*\*\*\*@localhost:\d+\/defaultdb\?sslmode=verify-full&sslrootcert=[^']*' \S*cockroach sql|PGPASSWORD='\*\*\*\*' \S*psql 'postgresql:\/\/new_in_dry@localhost:\d+\/defaultdb\?sslmode=verify-full&sslrootcert=[^']*')$/m);
		expect(result.stdout + result.stderr).not.toContain('Opening');
		// In order: the allowlist before the user, the user before the CA.
		expect(planText.indexOf('/networking/allowlist {')).toBeLessThan(planText.indexOf('/sql-users {'));
		expect(planText.indexOf('/sql-users {')).toBeLessThan(planText.indexOf('download the CA'));
		expect(result.stdout + result.stderr).not.toContain('a long enough password');
		// Nothing changed: no file, no mutation on the server, only reads.
		expect(fingerprint(dir)).toEqual(snapshot);
		expect(cloud.requests.slice(before).every(r => r.method === 'GET' && !r.path.startsWith('/clusters/'))).toBe(true);
		expect(JSON.stringify(cloud.state.allowlists[CLUSTER])).toBe(allowlistBefore);
		expect(cloud.state.users[CLUSTER]).not.toContain('new_in_dry');
	});
});

describe('doctor --report', () => {
	it('writes the checks, this machine\'s facts and a replayable profile, with no secret anywhere', async () => {
		const dir = tmp();
		const file = path.join(dir, 'report.json');
		const url = `postgresql://prof_user:${encodeURIComponent(PASSWORD)}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`;
		const result = await runCli(['doctor', '--url-env', 'DB_URL', '--report', file], {env: {HOME: dir, DB_URL: url}});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(`Wrote the report to ${file} (mode 0600; no passwords, keys or API keys in it).`);
		const text = readFileSync(file, 'utf8');
		const report = JSON.parse(text);
		expect(report).toMatchObject({kind: 'crdb-connect-report', version: 1, ok: true, url: `postgresql://prof_user@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`});
		expect(report.checks.map((c: {id: string}) => c.id)).toEqual(['parse', 'files', 'dns', 'tcp', 'tls', 'login', 'query', 'database']);
		expect(report.environment.psql).toMatch(/^psql \(PostgreSQL\) 15/);
		expect(report.environment.node).toBe(process.version);
		expect(report.checks.find((c: {id: string}) => c.id === 'tls').notes[0]).toMatch(/^server certificate CN=localhost, issued by O=Test, CN=Test CA/);
		// The secrets used, in every encoding, are nowhere in the report.
		for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), 'PRIVATE KEY', cloud.apiKey]) expect(text).not.toContain(secret);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		// The report replays like a profile (the password is then asked for, or given by flag).
		const replayed = await runCli(['--profile', file, '--password-env', 'PW', '--yes', '--no-launch'], {env: {HOME: dir, PW: PASSWORD}});
		expect(replayed.code).toBe(0);
		expect(replayed.stdout).toBe(`${report.url}\n`);
	});
});
