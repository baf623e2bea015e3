/**
Every Cloud flag does what --help says, through the real binary against the spec-checking Cloud API server
and the test PostgreSQL: private-connectivity flags select the private path (and never touch the public
allowlist), flags the chosen path or cluster cannot use stop the run before any change, --replace-open-network
swaps 0.0.0.0/0 for this machine only after its rule has applied, a failed public-IP look-up matters only when a
rule is needed, GCP VPC peering and Azure Private Link DNS print real commands, and the guided path links to
the exact Console pages. Each test makes its own clusters, so each runs alone.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster, services, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql} from '../helpers/pg-server.js';

const pg = inject('pg');
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let failingIp: {url: string; calls: number; close: () => void};
let next = 0;

beforeAll(async () => {
	cloud = await startCloudApiServer({clusters: [], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port, onSqlUser: followOnPostgres(sql => adminSql(pg, sql))});
	ipService = await startIpService('203.0.113.9');
	// A look-up service that fails, as a blocked or down one does.
	const server = http.createServer((_req, res) => {
		failingIp.calls++;
		res.writeHead(503).end('unavailable');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	failingIp = {url: `http://127.0.0.1:${(server.address() as {port: number}).port}/`, calls: 0, close: () => server.close()};
});

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
	failingIp.close();
});

/** Add a cluster of its own to the fake Cloud; returns its id. */
function addCluster(over: Omit<Parameters<typeof makeCluster>[0], 'id'>, allowlist: Array<Record<string, unknown>> = []): string {
	const id = `77777777-0000-4000-8000-${String(++next).padStart(12, '0')}`;
	const cluster = makeCluster({...over, id});
	cloud.state.clusters.push(cluster);
	cloud.state.allowlists[id] = allowlist;
	cloud.state.users[id] = [];
	cloud.state.databases[id] = ['defaultdb'];
	cloud.state.peServices[id] = over.plan === 'STANDARD' ? services(cluster, 'AVAILABLE') : [];
	cloud.state.peConnections[id] = [];
	return id;
}

const OPEN = {cidr_ip: '0.0.0.0', cidr_mask: 0, name: 'everyone', sql: true, ui: false};
const home = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-flags-'));
const env = (extra: Record<string, string> = {}) => ({HOME: home(), COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', PW: 'a long enough password!', ...extra});
/** The calls made to one cluster, as "METHOD path-after-the-cluster". */
const callsTo = (id: string, from = 0) => cloud.requests.slice(from).filter(r => r.path.includes(id)).map(r => `${r.method} ${r.path.split(id)[1]}`);

describe('private-connectivity flags select the private path', () => {
	it('endpoint flags alone: prints the commands that create the endpoint, asks for --private-endpoint, never touches the allowlist', async () => {
		const id = addCluster({name: 'pe-only-flags', plan: 'STANDARD', cloud: 'AWS', sqlHost: 'localhost'});
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'pe-only-flags', '--endpoint-network', 'vpc-0abc1234', '--endpoint-subnets', 'subnet-01,subnet-02', '--endpoint-security-groups', 'sg-0123', '--ip-lookup-url', ipService.url, '--sql-user', 'pe_user', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		const text = result.stderr.replace(/\s+/g, ' ');
		expect(text).toContain('aws ec2 create-vpc-endpoint --region us-east1 --vpc-id vpc-0abc1234 --vpc-endpoint-type Interface --service-name com.amazonaws.vpce.us-east1.vpce-svc-0123456789abcdef0 --subnet-ids subnet-01 subnet-02 --security-group-ids sg-0123');
		expect(result.stderr).toContain('missing answers and no terminal to ask them on: --private-endpoint.');
		expect(result.code).toBe(2);
		// Read-only calls only: no allowlist rule, no endpoint, no user.
		expect(cloud.requests.slice(before).filter(r => r.method !== 'GET')).toEqual([]);
		expect(callsTo(id, before)).not.toContain(`POST /networking/allowlist`);
	});

	it('--private-endpoint with --trusted-owner on Advanced AWS: trusts the account, accepts the endpoint, no allowlist call', async () => {
		const id = addCluster({name: 'pe-adv-aws', plan: 'ADVANCED', cloud: 'AWS', sqlHost: 'localhost'});
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'pe-adv-aws', '--private-endpoint', 'vpce-0a1b2c3d4e5f60719', '--trusted-owner', '210987654321', '--ip-lookup-url', ipService.url, '--sql-user', 'pe_owner_user', '--create-user', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		expect(result.stderr).toContain('✔ Trust AWS account 210987654321\'s private endpoints: trusted 210987654321');
		expect(result.stderr).toContain('✔ Accept endpoint vpce-0a1b2c3d4e5f60719 and wait until it is available');
		expect(result.code).toBe(0);
		const writes = callsTo(id, before).filter(c => !c.startsWith('GET'));
		expect(writes).toEqual(['POST /networking/private-endpoint-services', 'POST /networking/private-endpoint-trusted-owners', 'POST /networking/private-endpoint-connections', 'POST /sql-users']);
		expect(cloud.state.trustedOwners).toContain('210987654321');
	});

	it.each([
		[['--private-endpoint', 'vpce-0a1b2c3d4e5f60718', '--allow-current-ip'], '--private-endpoint chooses private connectivity, which --allow-current-ip cannot be used with'],
		[['--endpoint-subnets', 'subnet-1', '--allow-cidr', '198.51.100.0/24'], '--endpoint-subnets chooses private connectivity, which --allow-cidr cannot be used with'],
		[['--trusted-owner', '210987654321', '--replace-open-network'], '--trusted-owner chooses private connectivity, which --replace-open-network cannot be used with'],
		[['--vpc-peering', '--private-endpoint', '123456789'], 'give --private-endpoint (an endpoint) or --vpc-peering, not both'],
		[['--vpc-peering', '--endpoint-security-groups', 'sg-1'], '--endpoint-security-groups is for an AWS private endpoint; VPC peering has none'],
	])('%j is a usage error (exit 2) naming the conflict, before any call', async (flags, message) => {
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'anything', ...flags, '--sql-user', 'u', '--password-env', 'PW', '--yes'], {env: env()});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(message);
		expect(cloud.requests.length).toBe(before);
	});

	it.each([
		['STANDARD', 'AWS', ['--trusted-owner', '210987654321', '--private-endpoint', 'vpce-0a1b2c3d4e5f60718'], '--trusted-owner: flag-std-aws is STANDARD on AWS: trusted owners are for Advanced clusters on AWS'],
		['BASIC', 'GCP', ['--private-endpoint', '123456789'], '--private-endpoint: flag-basic-gcp is BASIC on GCP: private endpoints are for Standard and Advanced clusters'],
		['STANDARD', 'GCP', ['--vpc-peering', '--gcp-project', 'my-project-1', '--endpoint-network', 'default'], '--vpc-peering: flag-std-gcp is STANDARD on GCP: VPC peering is for Advanced clusters on GCP'],
		['STANDARD', 'AWS', ['--allow-cidr', '198.51.100.0/24', '--allow-ui'], '--allow-ui: flag-std-aws2 is STANDARD on AWS: DB Console access exists only on Advanced'],
	])('a %s %s cluster cannot use %j: the run stops before any change, naming it', async (plan, cloudName, flags, message) => {
		const name = message.split(': ')[1]!.split(' ')[0]!;
		const id = addCluster({name, plan: plan as 'STANDARD', cloud: cloudName as 'AWS', sqlHost: 'localhost'});
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', name, ...flags, '--ip-lookup-url', ipService.url, '--sql-user', 'u', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		expect(result.stderr).toContain(message);
		expect(result.code).toBe(1);
		expect(callsTo(id, before).filter(c => !c.startsWith('GET'))).toEqual([]);
	});
});

describe('--replace-open-network with --allow-current-ip', () => {
	it('adds the /32, waits until it has applied, then deletes 0.0.0.0/0 and says so', async () => {
		const id = addCluster({name: 'blue-open', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'}, [{...OPEN}]);
		cloud.state.propagationAfterChange[id] = 2;
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'blue-open', '--allow-current-ip', '--replace-open-network', '--ip-lookup-url', ipService.url, '--sql-user', 'replace_user', '--create-user', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		expect(result.stderr).toContain('your public IP is 203.0.113.9; allowed only by 0.0.0.0/0 by the allowlist (1 rule)');
		expect(result.stderr).toContain('✔ Add 203.0.113.9/32 to the allowlist and wait for it to apply, then remove 0.0.0.0/0: added 203.0.113.9/32; applied after 2 checks while it propagated; then removed 0.0.0.0/0 (applied after 2 checks)');
		expect(result.code).toBe(0);
		expect(cloud.state.allowlists[id]).toEqual([{cidr_ip: '203.0.113.9', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}]);
		// The DELETE came only after the list stopped reporting the new rule as propagating.
		const calls = callsTo(id, before).filter(c => c.includes('/networking/allowlist'));
		const post = calls.indexOf('POST /networking/allowlist');
		const del = calls.indexOf('DELETE /networking/allowlist/0.0.0.0/0');
		expect(post).toBeGreaterThan(-1);
		// Two lists while it propagated, one once applied, one to find the 0.0.0.0/0 rule.
		expect(calls.slice(post + 1, del)).toEqual(['GET /networking/allowlist', 'GET /networking/allowlist', 'GET /networking/allowlist', 'GET /networking/allowlist']);
		expect(cloud.state.deletesWhilePropagating).toBe(0);
	});
});

describe('a failed public-IP look-up', () => {
	it('does not stop a run that needs no rule (the allowlist already admits everyone), and never prints "undefined"', async () => {
		const id = addCluster({name: 'blue-dog', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'}, [{...OPEN}]);
		const before = cloud.requests.length;
		const calls = failingIp.calls;
		const result = await runCli(['--cluster', 'blue-dog', '--ip-lookup-url', failingIp.url, '--sql-user', 'dog_user', '--create-user', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		expect(failingIp.calls).toBeGreaterThan(calls);
		expect(result.stderr).toContain('could not find your public IP');
		expect(result.stderr).toContain('allowed only by 0.0.0.0/0 by the allowlist');
		expect(result.stdout + result.stderr).not.toContain('undefined');
		expect(result.code).toBe(0);
		expect(callsTo(id, before)).not.toContain('POST /networking/allowlist');
	});

	it('when a rule is needed, says the look-up failed and names --allow-cidr, changing nothing', async () => {
		const id = addCluster({name: 'closed-dog', plan: 'STANDARD', cloud: 'GCP', sqlHost: 'localhost'});
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'closed-dog', '--allow-current-ip', '--ip-lookup-url', failingIp.url, '--sql-user', 'u', '--create-user', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/✖ Add this machine's address to the allowlist and wait for it to apply: the look-up of this machine's public IP failed \(.+\), and a rule for it is needed: give the network with --allow-cidr CIDR/);
		expect(result.stdout + result.stderr).not.toContain('undefined');
		expect(callsTo(id, before).filter(c => !c.startsWith('GET'))).toEqual([]);
	});
});

describe('the Console\'s remaining private paths', () => {
	it('GCP VPC peering on Advanced: the gcloud commands from the cluster\'s project and range, then a login by the internal host', async () => {
		const id = addCluster({name: 'peer-gcp', plan: 'ADVANCED', cloud: 'GCP', sqlHost: 'localhost'});
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'peer-gcp', '--vpc-peering', '--gcp-project', 'acme-apps-1', '--endpoint-network', 'apps-vpc', '--ip-lookup-url', ipService.url, '--sql-user', 'peer_user', '--create-user', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		const text = result.stderr.replace(/[ \t]+/g, ' ');
		expect(text).toContain(`# first, in the Console (https://cockroachlabs.cloud/cluster/${id}/networking → VPC Peering): set up a peering with project acme-apps-1, network apps-vpc`);
		expect(text).toContain('# the cluster uses 172.28.0.0/14: none of your subnets may overlap it');
		expect(text).toContain('gcloud compute networks peerings create crdb-peer-gcp --project=acme-apps-1 --network=apps-vpc --peer-project=crl-prod-peer-gcp --peer-network=crdb');
		expect(text).toContain('connecting to localhost');
		expect(result.stderr).toContain('✔ Log in as peer_user and run SELECT version(): PostgreSQL 15');
		expect(result.code).toBe(0);
		// No public allowlist change and no private endpoint: only the user is created.
		expect(callsTo(id, before).filter(c => !c.startsWith('GET'))).toEqual(['POST /sql-users']);
	});

	it('Azure Private Link: the DNS step is real commands (zone named after the internal host, VNet link, A record)', async () => {
		const id = addCluster({name: 'azure-pl', plan: 'ADVANCED', cloud: 'AZURE', sqlHost: 'localhost', internalHost: 'internal-azure-pl.eastus.azure.cockroachlabs.cloud'});
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'azure-pl', '--endpoint-network', 'apps-vnet', '--endpoint-subnets', 'apps-subnet', '--endpoint-resource-group', 'apps-rg', '--ip-lookup-url', ipService.url, '--sql-user', 'u', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		const text = result.stderr.replace(/[ \t]+/g, ' ');
		const zone = 'internal-azure-pl.eastus.azure.cockroachlabs.cloud';
		expect(text).toContain(`az network private-dns zone create --resource-group apps-rg --name ${zone}`);
		expect(text).toContain(`az network private-dns link vnet create --resource-group apps-rg --zone-name ${zone} --name crdb-dns-link --virtual-network apps-vnet --registration-enabled false`);
		expect(text).toContain("ENDPOINT_IP=$(az network private-endpoint show --name crdb-private-endpoint --resource-group apps-rg --query 'customDnsConfigs[0].ipAddresses[0]' --output tsv)");
		expect(text).toContain(`az network private-dns record-set a add-record --resource-group apps-rg --zone-name ${zone} --record-set-name @ --ipv4-address "$ENDPOINT_IP"`);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--private-endpoint');
		// The Advanced cluster's service is created (idempotent); nothing public is touched.
		expect(callsTo(id, before).filter(c => !c.startsWith('GET'))).toEqual(['POST /networking/private-endpoint-services']);
	});

	it('Azure Private Link with --private-endpoint given up front: the DNS step is still shown, for that endpoint, after it is accepted', async () => {
		// The internal host is loopback here (nothing may resolve a public name); the zone is named after it all the same.
		const id = addCluster({name: 'azure-pl-id', plan: 'ADVANCED', cloud: 'AZURE', sqlHost: 'localhost'});
		const endpoint = '/subscriptions/0000/resourceGroups/apps-rg/providers/Microsoft.Network/privateEndpoints/apps-pe';
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'azure-pl-id', '--private-endpoint', endpoint, '--ip-lookup-url', ipService.url, '--sql-user', 'azure_pe_user', '--create-user', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		const text = result.stderr.replace(/[ \t]+/g, ' ');
		const dns = [
			`VNET_ID=$(az network private-endpoint show --ids ${endpoint} --query subnet.id --output tsv | sed 's#/subnets/[^/]*$##')`,
			'az network private-dns zone create --resource-group apps-rg --name localhost',
			'az network private-dns link vnet create --resource-group apps-rg --zone-name localhost --name crdb-dns-link --virtual-network "$VNET_ID" --registration-enabled false',
			`ENDPOINT_IP=$(az network private-endpoint show --ids ${endpoint} --query 'customDnsConfigs[0].ipAddresses[0]' --output tsv)`,
			'az network private-dns record-set a add-record --resource-group apps-rg --zone-name localhost --record-set-name @ --ipv4-address "$ENDPOINT_IP"',
		];
		for (const line of dns) expect(text).toContain(line);
		// After the endpoint is accepted, before the login.
		expect(text.indexOf('connecting to localhost')).toBeLessThan(text.indexOf(dns[1]!));
		expect(text.indexOf(dns[4]!)).toBeLessThan(text.indexOf('✔ Log in as azure_pe_user'));
		expect(result.code).toBe(0);
		expect(callsTo(id, before).filter(c => !c.startsWith('GET'))).toEqual(['POST /networking/private-endpoint-services', 'POST /networking/private-endpoint-connections', 'POST /sql-users']);

		// With --endpoint-network the VNet is named, not read from the endpoint.
		const named = await runCli(['--cluster', 'azure-pl-id', '--private-endpoint', endpoint, '--endpoint-network', 'apps-vnet', '--ip-lookup-url', ipService.url, '--sql-user', 'azure_pe_user', '--password-env', 'PW', '--yes', '--no-launch'], {env: env()});
		const namedText = named.stderr.replace(/[ \t]+/g, ' ');
		expect(namedText).toContain('az network private-dns link vnet create --resource-group apps-rg --zone-name localhost --name crdb-dns-link --virtual-network apps-vnet --registration-enabled false');
		expect(namedText).not.toContain('VNET_ID');
		expect(named.code).toBe(0);
	});

});

describe('guided mode without a key', () => {
	it('links to the exact Console pages for a cluster id, and calls no API', async () => {
		const id = '88888888-0000-4000-8000-000000000001';
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', id, '--url', `postgresql://guided_user@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`, '--ip-lookup-url', ipService.url, '--auth', 'password', '--password-env', 'PW', '--yes', '--no-launch'], {env: env({COCKROACH_API_KEY: ''})});
		const text = result.stderr.replace(/[ \t]+/g, ' ');
		expect(text).toContain(`Console pages for ${id}`);
		expect(text).toContain(`1. allow your network: https://cockroachlabs.cloud/cluster/${id}/networking/allowlist (Networking → IP Allowlist → Add Network)`);
		expect(text).toContain(`2. make a SQL user: https://cockroachlabs.cloud/cluster/${id}/users (SQL Users → Add User)`);
		expect(text).toContain(`3. copy the connection string: https://cockroachlabs.cloud/cluster/${id}/overview (Connect → Connection string)`);
		expect(cloud.requests.length).toBe(before);
	});

	it('names the cluster from a pasted host when its id is unknown', async () => {
		const result = await runCli(['--cluster', 'shop-prod-7xk.aws-us-east-1.cockroachlabs.cloud', '--url', `postgresql://guided_user@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`, '--ip-lookup-url', ipService.url, '--auth', 'password', '--password-env', 'PW', '--yes', '--no-launch'], {env: env({COCKROACH_API_KEY: ''})});
		const text = result.stderr.replace(/[ \t]+/g, ' ');
		expect(text).toContain('1. allow your network: https://cockroachlabs.cloud/clusters (open shop-prod, then Networking → IP Allowlist → Add Network)');
	});
});
