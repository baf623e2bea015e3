/**
The Cloud stages in the Ink front-end, with the real ports pointed at the spec-checking Cloud API server, a
loopback public-IP service and the real PostgreSQL server; asserts on what the Cloud API received.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it, vi} from 'vitest';
import {realPorts} from '../../../src/adapters/wizard-ports.js';
import {themeFor} from '../../../src/front/ink/theme.js';
import {WizardApp} from '../../../src/front/ink/WizardApp.js';
import {toSetup} from '../../../src/wizard/answers.js';
import {FLOW} from '../../../src/wizard/flow.js';
import {createWizard, startWizard, type WizardState} from '../../../src/wizard/machine.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../../helpers/cloud-api-server.js';
import {KEY, renderInk, waitForFrame} from '../../helpers/ink.js';
import {adminSql} from '../../helpers/pg-server.js';

const pg = inject('pg');
const CLUSTER = '33333333-0000-4000-8000-000000000001';
const ADVANCED = '33333333-0000-4000-8000-000000000002';
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let ipUrl: string;

beforeAll(async () => {
	cloud = await startCloudApiServer({
		clusters: [
			makeCluster({id: CLUSTER, name: 'ink-cluster', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'}),
			makeCluster({id: ADVANCED, name: 'ink-advanced', plan: 'ADVANCED', cloud: 'AWS', sqlHost: 'localhost', regions: ['us-east-1']}),
		],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
	ipService = await startIpService('198.51.100.23');
	ipUrl = ipService.url;
});

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
});

function mount(env: NodeJS.ProcessEnv) {
	const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-ink-cloud-'));
	const wizard = createWizard(FLOW, {cwd: home, home, caCandidates: [], certsDir: path.join(home, '.cockroach-certs'), rootCertPath: path.join(home, '.postgresql', 'root.crt')});
	const started = startWizard(wizard, {inputs: {}});
	if ('errors' in started) throw new Error(started.errors.join());
	const onEnd = vi.fn<(state: WizardState) => void>();
	const ports = realPorts({...process.env, PATH: '/usr/bin:/bin', COCKROACH_SERVER: cloud.url, CRDB_CONNECT_IP_URL: ipUrl, CRDB_CONNECT_CLOUD_POLL_MS: '10', ...env});
	const app = renderInk(<WizardApp wizard={wizard} initial={started.state} ports={ports} theme={themeFor({NO_COLOR: '1'})} onEnd={onEnd} />);
	return Object.assign(app, {onEnd, home});
}

describe('the Cloud stages in Ink', () => {
	it('with a typed API key: allowlist, a new user with a generated password, the cluster CA, a real login', async () => {
		const w = mount({});
		await w.at('How do you reach the cluster?', KEY.down, KEY.down, KEY.enter);
		await w.at('? CockroachDB Cloud API key', cloud.apiKey, KEY.enter);
		await w.at('? Which cluster?', KEY.enter);
		await w.at('? Authorize which network?');
		expect(w.lastFrame()!.replace(/\s+/g, ' ')).toContain('your public IP is 198.51.100.23; not allowed yet by the allowlist (0 rules)');
		expect(w.lastFrame()).not.toContain(cloud.apiKey);
		await w.at('❯ This machine: 198.51.100.23/32', KEY.enter);
		await w.at('? SQL user name', 'ink_user', KEY.enter);
		await w.at('? New password', KEY.enter);
		await w.at('Step 3 of 4');
		const generated = /generated password \(shown once, stored nowhere\):\s+(\S+)/.exec(w.lastFrame()!)?.[1];
		expect(generated).toMatch(/^[\w-]{32}$/);
		// The cluster's own databases are listed (with table counts); defaultdb is the default.
		await w.at('❯ defaultdb — 0 tables', KEY.enter);
		await w.at('? How will you connect?', KEY.enter);
		const frame = (await waitForFrame(w.lastFrame, '✔ Ready to connect')).replace(/\n/g, '');
		expect(frame).toContain(`Connection string  postgresql://ink_user@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${w.home}/.postgresql/root.crt`);
		await vi.waitFor(() => expect(w.onEnd).toHaveBeenCalled());
		expect(toSetup(w.onEnd.mock.calls[0]![0].answers)).toMatchObject({user: 'ink_user', password: generated, sslrootcert: `${w.home}/.postgresql/root.crt`});
		expect(cloud.state.allowlists[CLUSTER]).toEqual([{cidr_ip: '198.51.100.23', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}]);
		expect(cloud.state.passwords[`${CLUSTER}/ink_user`]).toBe(generated);
		expect(frame).toContain('Log in as ink_user and run SELECT version() · PostgreSQL 15');
	});

	it('without a key: shows the public IP and the Console steps, then takes the pasted string', async () => {
		const w = mount({COCKROACH_API_KEY: ''});
		const before = cloud.requests.length;
		await w.at('How do you reach the cluster?', KEY.down, KEY.down, KEY.enter);
		await w.at('? CockroachDB Cloud API key', KEY.enter);
		await w.at('In the Console (the pages above)');
		// No cluster id was given: the links open the cluster list, one line per page.
		expect(w.lastFrame()!.replace(/\s+/g, ' ')).toContain('1. allow your network: https://cockroachlabs.cloud/clusters (open your cluster, then Networking → IP Allowlist → Add Network)');
		expect(w.lastFrame()!.replace(/\s+/g, ' ')).toContain('your public IP is 198.51.100.23; add it under Networking → IP Allowlist in the Console');
		expect(w.lastFrame()).toContain('CockroachDB Cloud API key (Enter without one to be guided through the Console) · none');
		w.press('y');
		await w.at('? Paste the connection string', `postgresql://ink_user@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`, KEY.enter);
		// The user came from the string; it has no password, so that is asked.
		await w.at('? How does this user log in?');
		expect(w.lastFrame()).toContain(`✔ Paste the connection string · postgresql://ink_user@localhost:${pg.port}/defaultdb`);
		expect(w.lastFrame()).not.toContain('SQL user name');
		expect(cloud.requests.length).toBe(before);
	});

	it('private connectivity on Advanced: creates the service, fills in the AWS commands, accepts the endpoint', async () => {
		const w = mount({});
		await w.at('How do you reach the cluster?', KEY.down, KEY.down, KEY.enter);
		await w.at('? CockroachDB Cloud API key', cloud.apiKey, KEY.enter);
		await w.at('? Which cluster?', KEY.down, KEY.enter);
		await w.at('? How will this machine reach the cluster?', KEY.down, KEY.enter);
		await w.at('? Your network', 'vpc-0abc1234', KEY.enter);
		await w.at('? Subnet id(s)', 'subnet-01,subnet-02', KEY.enter);
		await w.at('? Security group id(s)', 'sg-0123', KEY.enter);
		await w.at('? AWS account id to trust', '123456789012', KEY.enter);
		await w.at('? The endpoint id you created');
		expect(w.lastFrame()!.replace(/\s+/g, ' ')).toContain('Trust AWS account 123456789012\'s private endpoints · trusted 123456789012');
		expect(cloud.state.trustedOwners).toEqual(['123456789012']);
		const commands = w.lastFrame()!.replace(/\s+/g, ' ').replace(/ +/g, ' ');
		expect(commands).toContain('aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id vpc-0abc1234 --vpc-endpoint-type Interface --service-name com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 --subnet-ids subnet-01 subnet-02 --security-group-ids sg-0123');
		expect(commands).toContain('--private-dns-enabled');
		await w.at('? The endpoint id you created', 'not-an-id', KEY.enter);
		await w.at('is not an AWS VPC endpoint id (vpce-0123456789abcdef0)', ...Array('not-an-id'.length).fill(KEY.backspace), 'vpce-0fedcba9876543210', KEY.enter);
		await w.at('? SQL user name');
		expect(w.lastFrame()).toContain('connecting to localhost');
		const calls = cloud.requests.map(r => `${r.method} ${r.path}`);
		expect(calls).toContain(`POST /api/v1/clusters/${ADVANCED}/networking/private-endpoint-services`);
		expect(calls).toContain(`POST /api/v1/clusters/${ADVANCED}/networking/private-endpoint-connections`);
		expect(cloud.state.allowlists[ADVANCED]).toEqual([]);
	});
});
