/**
The doctor against CockroachDB Cloud's SQL proxy (the stand-in in test/helpers/cloud-proxy.ts, which answers
as sqlproxyccl does and relays to the real PostgreSQL server) and against the Cloud API (the spec-checking
server in test/helpers/cloud-api-server.ts) with a loopback public-IP service. Cloud host names are mapped to
loopback by the doctor's resolver; the TLS name (SNI) stays the Cloud host.
*/
import {spawn, type ChildProcess} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {runDoctorCommand} from '../../src/commands/doctor.js';
import type {DoctorOptions} from '../../src/doctor/checks.js';
import {makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {CLUSTER_IDENTIFIER_HINT, startCloudProxy, type CloudProxy} from '../helpers/cloud-proxy.js';
import {createPasswordUser} from '../helpers/pg-server.js';

const pg = inject('pg');
const PASSWORD = 'proxy pw 12345';
createPasswordUser(pg, 'proxy_user', PASSWORD);
let proxy: CloudProxy;
let api: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let ipv6Service: Awaited<ReturnType<typeof startIpService>>;
let blackhole: ChildProcess;
let blackholePort: number;
const REGION = 'gcp-us-east1';
const host = (label: string) => `${label}.${REGION}.cockroachlabs.cloud`;
const resolved: string[] = [];
const resolve: DoctorOptions['resolve'] = async name => {
	resolved.push(name);
	if (name.endsWith('.cockroachlabs.cloud')) return ['127.0.0.1'];
	throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), {code: 'ENOTFOUND'});
};

beforeAll(async () => {
	proxy = await startCloudProxy({region: REGION, tenants: [
		{routingId: 'blue-dog-123', backendPort: pg.port},
		{routingId: 'shut-out-456', backendPort: pg.port, refuseByAllowlist: true},
		{routingId: 'slow-dog-789', backendPort: pg.port, hangAfterLogin: true},
		{routingId: 'guarded-cat-321', backendPort: pg.port, throttleAfter: 2},
	]});
	const cluster = makeCluster({id: '7b0c1d2e-0000-4000-8000-000000000001', name: 'blue-dog', plan: 'BASIC', cloud: 'GCP', regions: ['us-east1'], sqlHost: host('blue-dog-123')});
	api = await startCloudApiServer({clusters: [cluster]});
	ipService = await startIpService('203.0.113.7');
	ipv6Service = await startIpService('2001:db8::7');
	// A listener that never accepts, with its one-slot queue filled: further connections get no answer,
	// as from a Cloud firewall that drops packets from IPs not on the allowlist.
	blackhole = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nc=socket.socket();c.connect(s.getsockname())\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)']);
	blackholePort = await new Promise<number>(r => blackhole.stdout!.once('data', d => r(Number(String(d).trim()))));
}, 60_000);

afterAll(async () => {
	proxy?.close();
	ipService?.close();
	ipv6Service?.close();
	blackhole?.kill();
	await api?.close();
});

const url = (o: {host?: string; port?: number; mode?: string; extra?: string; user?: string; db?: string} = {}) =>
	`postgresql://${o.user ?? 'proxy_user'}@${o.host ?? host('blue-dog-123')}:${o.port ?? proxy.port}/${o.db ?? 'defaultdb'}?sslmode=${o.mode ?? 'verify-full'}${o.mode === 'disable' ? '' : `&sslrootcert=${proxy.caCert}`}${o.extra ?? ''}`;

async function doctor(target: string, env: NodeJS.ProcessEnv = {PW: PASSWORD}, timeout = '3s') {
	let out = '';
	let err = '';
	const code = await runDoctorCommand(['--url-env', 'U', '--password-env', 'PW', '--timeout', timeout, '--json'], {U: target, CRDB_CONNECT_IP_URL: ipService.url, ...env}, {out: t => (out += t), err: t => (err += t)}, {resolve});
	const report = JSON.parse(out) as {ok: boolean; checks: Array<{id: string; status: string; detail: string; notes?: string[]; diagnosis?: {rule: string; source: string}}>};
	return {code, err, report, failed: report.checks.find(c => c.status === 'fail'), check: (id: string) => report.checks.find(c => c.id === id)};
}

const last = () => proxy.seen.at(-1)!;

describe('doctor against the Cloud SQL proxy stand-in', () => {
	it('passes through SNI routing to the real server, and says where each value came from', async () => {
		const run = await doctor(url());
		expect(run.failed, JSON.stringify(run.failed)).toBeUndefined();
		expect(last()).toMatchObject({tls: true, sni: host('blue-dog-123'), outcome: 'routed'});
		expect(run.check('parse')!.detail).toMatch(/user proxy_user \(the URL\).*password from --password-env PW/);
		expect(run.check('cloud')!.detail).toMatch(/no COCKROACH_API_KEY.*public IP is 203\.0\.113\.7/);
		expect(run.check('cloud')!.notes!.join('\n')).toMatch(/203\.0\.113\.7\/32/);
	});

	it('mode 7: no routing id (a shared host, no options) → the proxy\'s code word, its HINT, and how to pass the routing id', async () => {
		const run = await doctor(url({host: host('free-tier')}));
		expect(run.failed?.id).toBe('login');
		expect(run.failed?.diagnosis?.rule).toBe('proxy-missing-cluster');
		expect(run.failed?.detail).toMatch(/could not tell which cluster.*options=--cluster%3D<routing-id>/);
		expect(run.failed?.notes?.[0]).toMatch(/^HINT from the server: Ensure that your cluster identifier is uniquely specified/);
		expect(last().hint).toBe(CLUSTER_IDENTIFIER_HINT);
		expect(run.failed?.detail).not.toMatch(/allowlist/);
	});

	it('mode 7 fixed: options=--cluster%3D<routing-id> reaches the server in the startup packet', async () => {
		const run = await doctor(url({host: host('free-tier'), extra: '&options=--cluster%3Dblue-dog-123'}));
		expect(run.failed, JSON.stringify(run.failed)).toBeUndefined();
		expect(last().params?.options).toBe('--cluster=blue-dog-123');
		expect(last().forwarded).not.toHaveProperty('options');
		expect(run.check('login')!.detail).toMatch(/options "--cluster=blue-dog-123" sent in the startup packet/);
	});

	it('mode 26: a client without SNI (connecting by IP address) gets "missing cluster identifier"', async () => {
		const run = await doctor(url({host: '127.0.0.1', mode: 'require'}));
		expect(last().sni).toBeUndefined();
		expect(run.failed?.diagnosis?.rule).toBe('proxy-missing-cluster');
	});

	it('mode 8: an invalid routing id and a deleted cluster', async () => {
		const invalid = await doctor(url({host: host('free-tier'), extra: '&options=--cluster%3Dbluedog'}));
		expect(invalid.failed?.diagnosis?.rule).toBe('proxy-invalid-cluster');
		expect(invalid.failed?.detail).toMatch(/cannot read the routing id "bluedog": it must be <cluster-name>-<tenant-id>/);
		expect(invalid.failed?.notes?.[0]).toBe("HINT from the server: Did you forget to include your tenant ID in the cluster identifier? -- Cluster identifiers come in the form of <name>-<tenant ID> (e.g. lazy-roach-3).");
		const gone = await doctor(url({host: host('gone-dog-999')}));
		expect(gone.failed?.diagnosis?.rule).toBe('proxy-cluster-not-found');
		expect(gone.failed?.detail).toMatch(/knows no cluster "gone-dog-999": it was deleted, or the routing id is mistyped/);
	});

	it('mode 2: the IP allowlist refuses → codeProxyRefusedConnection, named as the allowlist', async () => {
		const run = await doctor(url({host: host('shut-out-456')}));
		expect(last().outcome).toBe('codeProxyRefusedConnection: connection refused');
		expect(run.failed?.diagnosis?.rule).toBe('proxy-ip-allowlist');
		expect(run.failed?.detail).toMatch(/no IP allowlist entry.*matches this machine's public IP/);
		expect(run.check('cloud')!.detail).toMatch(/203\.0\.113\.7/);
	});

	it('mode 9: sslmode=disable against the proxy → "server requires encryption"', async () => {
		const run = await doctor(url({mode: 'disable'}));
		expect(last()).toMatchObject({tls: false, outcome: 'server requires encryption'});
		expect(run.failed?.diagnosis?.rule).toBe('proxy-requires-encryption');
	});

	it('mode 21: repeated wrong passwords → both causes, then the proxy\'s throttling with its HINT', async () => {
		const wrong = url({host: host('guarded-cat-321')});
		for (let i = 0; i < 2; i++) {
			const run = await doctor(wrong, {PW: 'not the password'});
			expect(run.failed?.diagnosis?.rule).toBe('password-failed');
			expect(run.failed?.detail).toMatch(/\(password from --password-env PW\): either the password is wrong or the user "proxy_user" does not exist/);
		}

		const throttled = await doctor(wrong);
		expect(throttled.failed?.diagnosis?.rule).toBe('proxy-throttled');
		expect(throttled.failed?.notes?.[0]).toBe('HINT from the server: Connection throttling is triggered by repeated authentication failure. Make sure the username and password are correct.');
	});

	it('mode 24: a cluster that accepts the login then never answers → a verdict within --timeout', async () => {
		const started = Date.now();
		const run = await doctor(url({host: host('slow-dog-789')}), {PW: PASSWORD}, '1s');
		expect(run.failed?.id).toBe('query');
		expect(run.failed?.diagnosis?.rule).toBe('statement-timeout');
		expect(run.failed?.detail).toMatch(/accepted the login but did not answer a statement within 1 s.*THROTTLED.*DISABLED/);
		expect(Date.now() - started).toBeLessThan(15_000);
	});
});

describe('Cloud-aware doctor with COCKROACH_API_KEY (modes 3, 4, 24)', () => {
	const withKey = () => ({PW: PASSWORD, COCKROACH_API_KEY: api.apiKey, COCKROACH_SERVER: api.url});

	it('finds the cluster by host, and says the allowlist lacks this IP and the SQL user does not exist', async () => {
		const run = await doctor(url(), withKey());
		const cloud = run.check('cloud')!;
		expect(cloud.detail).toMatch(/cluster blue-dog \(7b0c1d2e-.*\), plan BASIC, state CREATED, routing id blue-dog-1000/);
		expect(cloud.notes!.join('\n')).toMatch(/the allowlist has no rule for this machine's public IP 203\.0\.113\.7/);
		expect(cloud.notes!.join('\n')).toMatch(/the SQL user "proxy_user" does not exist on this cluster/);
		expect(api.violations).toEqual([]);
	});

	it('sees the IP allowed and a change still propagating', async () => {
		api.state.allowlists['7b0c1d2e-0000-4000-8000-000000000001'] = [{cidr_ip: '203.0.113.0', cidr_mask: 24, ui: false, sql: true, name: 'office'}];
		api.state.users['7b0c1d2e-0000-4000-8000-000000000001'] = ['proxy_user'];
		api.state.propagatingFor['7b0c1d2e-0000-4000-8000-000000000001'] = 5;
		const run = await doctor(url(), withKey());
		const cloud = run.check('cloud')!;
		expect(cloud.detail).toMatch(/the allowlist holds 203\.0\.113\.7 \(rule 203\.0\.113\.0\/24 "office"\); SQL user proxy_user exists/);
		expect(cloud.notes!.join('\n')).toMatch(/still propagating/);
		expect(api.violations).toEqual([]);
	});

	it('mode 1: an Advanced cluster\'s firewall drops the packets → the allowlist named, within --timeout, and the API confirms', async () => {
		api.state.allowlists['7b0c1d2e-0000-4000-8000-000000000001'] = [];
		api.state.propagatingFor = {};
		const run = await doctor(url({port: blackholePort}), withKey(), '1s');
		expect(run.failed?.id).toBe('tcp');
		expect(run.failed?.diagnosis?.rule).toBe('tcp-timeout');
		expect(run.failed?.detail).toMatch(/no answer from blue-dog-123\.gcp-us-east1\.cockroachlabs\.cloud:\d+ within 1 s: the cluster's IP allowlist drops traffic/);
		expect(run.check('cloud')!.notes!.join('\n')).toMatch(/the allowlist has no rule for this machine's public IP 203\.0\.113\.7/);
	});

	it('mode 4: an IPv6-only egress → Cloud allowlists take IPv4 only', async () => {
		const run = await doctor(url(), {...withKey(), CRDB_CONNECT_IP_URL: ipv6Service.url});
		expect(run.check('cloud')!.notes!.join('\n')).toMatch(/public address is not IPv4.*allowlists take IPv4 CIDRs only.*private connectivity/);
	});

	it('resolved only Cloud names, and only at loopback', () => {
		expect(resolved.every(n => n.endsWith('.cockroachlabs.cloud'))).toBe(true);
	});
});
