/**
Ports for `--dry-run`: reads go through (listing clusters, the allowlist, users; finding the public IP and
the shells), every change is written into the plan instead of made, and checks that would depend on those
changes are planned rather than run. Nothing on disk, in the cloud or on a server changes.
*/
import type {CloudSession, WizardPorts} from '../wizard/ports.js';
import {dirname} from 'node:path';
import {readRegularFile} from './regular-file.js';
import {basicClusterRequest} from '../cloud/create-cluster.js';
import {pemFingerprint} from '../core/client-ca.js';
import type {ApiPath, MethodOf} from '../cloud/client.js';
import {isPlannedClusterId, plannedClusterId, type DryTally} from '../wizard/dry-flow.js';

/** A Cloud API path as the plan shows it: the spec's own template (so the typecheck holds it to the spec), filled in. */
function cloudPath(template: ApiPath, params: Record<string, string | number> = {}): string {
	return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
}

/**
Wrap the real ports; each planned action is appended to `plan`, secrets masked. `tally` counts what was planned
instead of done (changes) and the checks not run, so each task's line can say so (see wizard/dry-flow.ts).
*/
export function dryRunPorts(real: WizardPorts, plan: string[], tally: DryTally = {changes: 0, unchecked: 0}): WizardPorts {
	/** A change the run would make: planned, not made. */
	const change = (text: string) => {
		tally.changes++;
		plan.push(text);
	};
	/** A check that would need the planned changes (or a server), so it is not run. */
	const skip = (text: string) => {
		tally.unchecked++;
		plan.push(text);
	};
	/** Plan one Cloud API call: method and path template as the spec has them, then any query and the body. GETs are made for real. */
	const api = <P extends ApiPath>(method: MethodOf<P>, template: P, params: Record<string, string | number> = {}, body?: object, query = '') => {
		if (method !== 'get') tally.changes++;
		plan.push(`Cloud API ${method.toUpperCase()} ${cloudPath(template, params)}${query}${body ? ` ${JSON.stringify(body)}` : ''}`);
	};
	return {
		async probeTcp(host, port) {
			skip(`check that ${host}:${port} accepts TCP connections`);
			return {address: `${host}:${port} (not checked in a dry run)`};
		},
		async readCaCertificate(path) {
			try {
				return await real.readCaCertificate(path);
			} catch {
				skip(`read the CA certificate ${path}`);
				return {subject: '(not read in a dry run)', notAfter: new Date('2999-01-01T00:00:00Z'), count: 1};
			}
		},
		async checkConnection(setup) {
			skip(`log in to ${setup.host}:${setup.port} as ${setup.user} (${setup.sslmode}) and run SELECT version()`);
			return {serverVersion: '(not checked in a dry run)'};
		},
		locateShells: () => real.locateShells(),
		async generateCertificates(request) {
			change(`write certificates into ${request.certsDir}: ca.crt (CA key ${request.caKey}, made if missing), node.crt/node.key for ${request.nodeHosts.join(', ')}, client.${request.user}.crt/.key — existing files are kept`);
			const base = `${request.certsDir}/client.${request.user}`;
			return {created: [], kept: [], caCert: `${request.certsDir}/ca.crt`, clientCert: `${base}.crt`, clientKey: `${base}.key`, table: '(not listed in a dry run)'};
		},
		async makeClientCaFiles(request) {
			const keyDir = dirname(request.caKey);
			const base = `${request.certsDir}/client.${request.user}`;
			let caPem: string | undefined;
			try {
				caPem = await readRegularFile(`${keyDir}/ca.crt`, 1024 * 1024);
			} catch {
				change(`make a client CA: key ${request.caKey} (mode 0600, outside the certs directory), certificate ${keyDir}/ca.crt`);
			}

			change(`write ${request.certsDir}/ca-client.crt and client.${request.user}.crt/.key/.key.pk8 signed by the client CA (existing files are kept)`);
			return {...(caPem ? {caPem} : {}), caCert: `${request.certsDir}/ca-client.crt`, clientCert: `${base}.crt`, clientKey: `${base}.key`, clientKeyPk8: `${base}.key.pk8`, created: []};
		},
		async saveReplacedClientCa(certsDir) {
			const file = `${certsDir}/ca-client.replaced.crt`;
			change(`keep a copy of the replaced client CA in ${file}`);
			return file;
		},
		async startLocalCluster(request) {
			change(`run ${request.cockroach} start-single-node --certs-dir=${request.certsDir} --listen-addr=localhost:${request.port} --store=${request.storeDir} --background`);
		},
		async fetchCaCertificate(url, target) {
			change(`download the CA certificate from ${url} and append it to ${target} (unless it is there)`);
			return {path: target, added: 1};
		},
		cloud(apiKey) {
			const session = real.cloud(apiKey);
			// A cluster this dry run only planned to create has nothing to read yet: each read of it is a check not made.
			const planned = (id: string) => {
				if (!isPlannedClusterId(id)) return false;
				tally.unchecked++;
				return true;
			};
			const dry: CloudSession = {
				async connect() {
					api('get', '/api/v1/organization');
					api('get', '/api/v1/clusters');
					return session.connect();
				},
				async allowlistStatus(clusterId, ip) {
					api('get', '/api/v1/clusters/{cluster_id}/networking/allowlist', {cluster_id: clusterId});
					if (planned(clusterId)) return {entries: 0, covered: false, openToAll: false, coveredByOwnRule: false};
					return session.allowlistStatus(clusterId, ip);
				},
				async addToAllowlist(clusterId, entry) {
					api('post', '/api/v1/clusters/{cluster_id}/networking/allowlist', {cluster_id: clusterId}, {cidr_ip: entry.cidr.ip, cidr_mask: entry.cidr.mask, name: entry.name, sql: entry.sql, ui: entry.ui});
					return true;
				},
				async allowlistEntry(clusterId, cidr) {
					api('get', '/api/v1/clusters/{cluster_id}/networking/allowlist', {cluster_id: clusterId});
					return planned(clusterId) ? undefined : session.allowlistEntry(clusterId, cidr);
				},
				async updateAllowlistEntry(clusterId, cidr, flags) {
					api('patch', '/api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}', {cluster_id: clusterId, cidr_ip: cidr.ip, cidr_mask: cidr.mask}, flags);
				},
				async removeOpenRule(clusterId) {
					api('delete', '/api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}', {cluster_id: clusterId, cidr_ip: '0.0.0.0', cidr_mask: 0});
					return 1;
				},
				async addTrustedOwner(clusterId, account) {
					api('post', '/api/v1/clusters/{cluster_id}/networking/private-endpoint-trusted-owners', {cluster_id: clusterId}, {external_owner_id: account, type: 'AWS_ACCOUNT_ID'});
					return true;
				},
				async waitForAllowlist(clusterId) {
					change(`wait while ${cloudPath('/api/v1/clusters/{cluster_id}/networking/allowlist', {cluster_id: clusterId})} reports propagating`);
					return 0;
				},
				async sqlUsers(clusterId) {
					api('get', '/api/v1/clusters/{cluster_id}/sql-users', {cluster_id: clusterId});
					return planned(clusterId) ? [] : session.sqlUsers(clusterId);
				},
				async createSqlUser(clusterId, name) {
					api('post', '/api/v1/clusters/{cluster_id}/sql-users', {cluster_id: clusterId}, {name, password: '****'});
				},
				async setSqlUserPassword(clusterId, name) {
					api('put', '/api/v1/clusters/{cluster_id}/sql-users/{name}/password', {cluster_id: clusterId, name}, {password: '****'});
				},
				async privateEndpointService(clusterId, plan_, region) {
					api('get', '/api/v1/clusters/{cluster_id}/networking/private-endpoint-services', {cluster_id: clusterId});
					if (plan_ === 'ADVANCED') api('post', '/api/v1/clusters/{cluster_id}/networking/private-endpoint-services', {cluster_id: clusterId});
					try {
						return await session.privateEndpointService(clusterId, plan_ === 'ADVANCED' ? 'STANDARD' : plan_, region);
					} catch {
						return {name: '(created by the POST above)', endpointServiceId: '', cloud: 'AWS'};
					}
				},
				async connectPrivateEndpoint(clusterId, endpointId) {
					api('post', '/api/v1/clusters/{cluster_id}/networking/private-endpoint-connections', {cluster_id: clusterId}, {endpoint_id: endpointId});
					change(`wait until ${endpointId} is STATUS_AVAILABLE`);
					return 0;
				},
				async databases(clusterId) {
					api('get', '/api/v1/clusters/{cluster_id}/databases', {cluster_id: clusterId});
					return planned(clusterId) ? [{name: 'defaultdb'}] : session.databases(clusterId);
				},
				async createDatabase(clusterId, name) {
					api('post', '/api/v1/clusters/{cluster_id}/databases', {cluster_id: clusterId}, {name});
					return 'created';
				},
				async availableRegions() {
					api('get', '/api/v1/clusters/available-regions', {}, undefined, '?serverless=true');
					return session.availableRegions();
				},
				async clientCaStatus(clusterId) {
					api('get', '/api/v1/clusters/{cluster_id}/client-ca-cert', {cluster_id: clusterId});
					return planned(clusterId) ? {status: 'NOT_SET'} : session.clientCaStatus(clusterId);
				},
				async setClientCa(clusterId, pem, options) {
					const body = {x509_pem_cert: pemFingerprint(pem) ? `(the CA certificate, SHA-256 ${pemFingerprint(pem)})` : '(the client CA certificate this run makes)'};
					const {status} = planned(clusterId) ? {status: 'NOT_SET'} : await session.clientCaStatus(clusterId);
					if (status === 'NOT_SET') api('post', '/api/v1/clusters/{cluster_id}/client-ca-cert', {cluster_id: clusterId}, body);
					else if (options.replace) api('patch', '/api/v1/clusters/{cluster_id}/client-ca-cert', {cluster_id: clusterId}, body);
					change(`wait until ${cloudPath('/api/v1/clusters/{cluster_id}/client-ca-cert', {cluster_id: clusterId})} reports IS_SET`);
					return {done: status === 'NOT_SET' ? 'uploaded' : 'replaced', polls: 0};
				},
				async createCluster(request) {
					api('post', '/api/v1/clusters', {}, basicClusterRequest(request.name, request.provider, request.region));
					change(`wait until ${request.name} is CREATED`);
					const regions = [{name: request.region, host: `(the host of ${request.name})`, primary: true, internalHost: '', pscHost: ''}];
					return {cluster: {id: plannedClusterId(request.name), name: request.name, plan: 'BASIC', cloud: request.provider, state: 'CREATED', regions}, elapsedMs: 0, polls: 0};
				},
				async connectionDetails(clusterId, query) {
					api('get', '/api/v1/clusters/{cluster_id}/connection-string', {cluster_id: clusterId}, undefined, `?database=${query.database}${query.user ? `&sql_user=${query.user}` : ''}`);
					if (planned(clusterId)) return {host: `(the host of the new cluster)`, port: 26257, caUrl: `(the CA of the new cluster)`};
					return session.connectionDetails(clusterId, query);
				},
			};
			return dry;
		},
		lookupPublicIp: () => real.lookupPublicIp(),
		// Measuring is a read: it changes nothing.
		measureRegions: targets => real.measureRegions(targets),
		async listDatabases(setup) {
			skip(`log in to ${setup.host}:${setup.port} as ${setup.user} and list the databases`);
			return [];
		},
		async createDatabase(setup, name) {
			change(`log in to ${setup.host}:${setup.port} as ${setup.user} and CREATE DATABASE ${name} (unless it exists)`);
			return 'created';
		},
		generatePassword: () => real.generatePassword(),
		async createSqlUser(admin, request) {
			change(`log in to ${admin.host}:${admin.port} as ${admin.user} and CREATE USER ${request.user}${request.password === undefined ? ' (certificate-only)' : ' WITH PASSWORD ****'} (unless it exists), then GRANT CONNECT ON DATABASE ${request.database} TO ${request.user}`);
			return 'created';
		},
		async writeSecretFile(path) {
			change(`write the generated password to ${path} (a new file, mode 0600)`);
		},
		async removeFile() {},
	};
}
