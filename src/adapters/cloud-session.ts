/** The wizard's Cloud API calls, over the typed client. */
import {cidrContains, isOpenToAll} from '../core/cidr.js';
import {printable} from '../core/printable.js';
import {CloudApiError, CloudClient, type Cluster} from '../cloud/client.js';
import type {CloudClusterSummary, CloudSession} from '../wizard/ports.js';
import {consoleClusterUrl, createBasicCluster} from '../cloud/create-cluster.js';
import {reportWhile} from '../cloud/wait-report.js';
import type {WaitReporter} from '../core/wait-notice.js';
import {ensureClientCa} from '../cloud/client-ca.js';
import type {ClientCaStatus} from '../core/client-ca.js';

/** How often and how long to wait while an allowlist change propagates (Basic takes up to ~30 s). */
export interface PropagationPolicy {
	intervalMs: number;
	timeoutMs: number;
	sleep: (ms: number) => Promise<void>;
	/** Where a poll that lasts over a second is reported, with the time it has taken (then every 5 s). */
	progress?: WaitReporter;
}

/** How long to wait for a new cluster to be ready. */
export interface CreationPolicy {
	timeoutMs: number;
}

/** The wizard's view of a cluster. */
export /** A cluster as the wizard shows it; its names are printed, so they lose any control characters. */
function summarize(cluster: Cluster): CloudClusterSummary {
	return {
		id: cluster.id,
		name: printable(cluster.name),
		plan: cluster.plan,
		cloud: cluster.cloud_provider,
		state: cluster.state,
		regions: cluster.regions.map(r => ({name: r.name, host: r.sql_dns, primary: Boolean(r.primary), internalHost: r.internal_dns, pscHost: r.private_endpoint_dns})),
		accountId: cluster.account_id,
		cidrRange: cluster.cidr_range,
	};
}

/**
A CloudSession backed by the REST API. `beforeChange` runs before every call that changes something in the
Cloud (and may refuse, by rejecting): what the run will need later, such as writing the cluster's CA
certificate, is checked before the first change, not after it.
*/
export function cloudSession(client: CloudClient, policy: PropagationPolicy, creation: CreationPolicy = {timeoutMs: 600_000}, beforeChange: () => Promise<void> = async () => {}): CloudSession {
	/** A poll, shown (with the seconds so far and its bound) once it has taken over a second. */
	const poll = <T>(what: string, polling: Promise<T>) => reportWhile(policy.progress, polling, seconds => `${what} (${seconds} s so far; at most ${Math.round(policy.timeoutMs / 1000)} s)`);
	return {
		async connect() {
			const organization = await client.getOrganization();
			const clusters = await client.listClusters();
			return {organization: organization.name, clusters: clusters.map(summarize)};
		},
		async allowlistStatus(clusterId, ip) {
			const {entries} = await client.listAllowlist(clusterId);
			const rules = entries.filter(e => e.sql).map(e => ({ip: e.cidr_ip, mask: e.cidr_mask}));
			const openToAll = rules.some(isOpenToAll);
			const coveredByOwnRule = ip !== undefined && rules.some(r => !isOpenToAll(r) && cidrContains(r, ip));
			const uiRules = entries.filter(e => e.ui).map(e => ({ip: e.cidr_ip, mask: e.cidr_mask}));
			const uiCovered = ip !== undefined && uiRules.some(r => cidrContains(r, ip));
			return {entries: entries.length, covered: openToAll || coveredByOwnRule, openToAll, coveredByOwnRule, sqlRules: rules.map(r => `${r.ip}/${r.mask}`), uiRules: uiRules.map(r => `${r.ip}/${r.mask}`), uiCovered};
		},
		async addToAllowlist(clusterId, entry) {
			try {
				await beforeChange();
				await client.addAllowlistEntry(clusterId, {cidr_ip: entry.cidr.ip, cidr_mask: entry.cidr.mask, name: entry.name, sql: entry.sql, ui: entry.ui});
				return true;
			} catch (error) {
				// The rule is there already (a second run): that is what we wanted, and nothing changed.
				if (!(error instanceof CloudApiError && error.status === 409)) throw error;
				return false;
			}
		},
		async allowlistEntry(clusterId, cidr) {
			const {entries} = await client.listAllowlist(clusterId);
			const entry = entries.find(e => e.cidr_ip === cidr.ip && e.cidr_mask === cidr.mask);
			return entry ? {sql: entry.sql === true, ui: entry.ui === true} : undefined;
		},
		async updateAllowlistEntry(clusterId, cidr, flags) {
			await beforeChange();
			await client.updateAllowlistEntry(clusterId, cidr, flags);
		},
		async removeOpenRule(clusterId) {
			const {entries} = await client.listAllowlist(clusterId);
			const open = entries.filter(e => e.cidr_mask === 0);
			if (open.length > 0) await beforeChange();
			for (const entry of open) await client.deleteAllowlistEntry(clusterId, {ip: entry.cidr_ip, mask: 0});
			return open.length;
		},
		async addTrustedOwner(clusterId, awsAccountId) {
			try {
				await beforeChange();
				await client.addTrustedOwner(clusterId, awsAccountId);
				return true;
			} catch (error) {
				if (!(error instanceof CloudApiError && error.status === 409)) throw error;
				return false;
			}
		},
		waitForAllowlist(clusterId) {
			return poll('waiting for the allowlist change to apply', (async () => {
				const deadline = Date.now() + policy.timeoutMs;
				let polls = 0;
				while ((await client.listAllowlist(clusterId)).propagating) {
					polls++;
					if (Date.now() > deadline) throw new Error(`the allowlist is still propagating after ${policy.timeoutMs / 1000} s: continue in a minute (the rule is saved)`);
					await policy.sleep(policy.intervalMs);
				}

				return polls;
			})());
		},
		async privateEndpointService(clusterId, plan, region) {
			let services = await client.listPrivateEndpointServices(clusterId);
			// Only Advanced clusters create services on request; Standard ones always have them.
			if (!services.some(s => s.region_name === region) && plan === 'ADVANCED') {
				await beforeChange();
				services = await client.createPrivateEndpointServices(clusterId);
			}

			return poll(`waiting for the private endpoint service in ${region} to be available`, (async () => {
				const deadline = Date.now() + policy.timeoutMs;
				for (;;) {
					const service = services.find(s => s.region_name === region);
					if (!service) throw new Error(`the cluster has no private endpoint service in ${region}: private connectivity may not be offered there`);
					if (service.status === 'AVAILABLE') return {name: service.name, endpointServiceId: service.endpoint_service_id, cloud: service.cloud_provider};
					if (service.status !== 'CREATING') throw new Error(`the private endpoint service in ${region} is ${service.status}: see the cluster's Networking page in the Console`);
					if (Date.now() > deadline) throw new Error(`the private endpoint service in ${region} is still being created after ${policy.timeoutMs / 1000} s: run again later (it keeps being created)`);
					await policy.sleep(policy.intervalMs);
					services = await client.listPrivateEndpointServices(clusterId);
				}
			})());
		},
		async connectPrivateEndpoint(clusterId, endpointId, accepted) {
			try {
				await beforeChange();
				await client.addPrivateEndpointConnection(clusterId, endpointId);
				accepted?.();
			} catch (error) {
				if (!(error instanceof CloudApiError && error.status === 409)) throw error;
			}

			return poll(`waiting for the endpoint ${endpointId} to be available`, (async () => {
				const deadline = Date.now() + policy.timeoutMs;
				for (let checks = 0; ; checks++) {
					const connection = (await client.listPrivateEndpointConnections(clusterId)).find(c => c.endpoint_id === endpointId);
					const status = connection?.status ?? 'STATUS_PENDING';
					if (status === 'STATUS_AVAILABLE') return checks;
					if (!['STATUS_PENDING', 'STATUS_PENDING_ACCEPTANCE'].includes(status)) {
						throw new Error(`the endpoint ${endpointId} is ${status.replace('STATUS_', '').toLowerCase()}: check it was created for this service and region, then add it again`);
					}

					if (Date.now() > deadline) throw new Error(`the endpoint ${endpointId} is still pending after ${policy.timeoutMs / 1000} s: check it in your cloud console, then run again (it stays registered)`);
					await policy.sleep(policy.intervalMs);
				}
			})());
		},
		sqlUsers: clusterId => client.listSqlUsers(clusterId),
		async createSqlUser(clusterId, name, password) {
			await beforeChange();
			await client.createSqlUser(clusterId, name, password);
		},
		async setSqlUserPassword(clusterId, name, password) {
			await beforeChange();
			await client.setSqlUserPassword(clusterId, name, password);
		},
		async databases(clusterId) {
			return (await client.listDatabaseDetails(clusterId)).map(d => ({name: d.name, ...(d.table_count === undefined ? {} : {tables: Number(d.table_count)})}));
		},
		async createDatabase(clusterId, name) {
			if ((await client.listDatabaseDetails(clusterId)).some(d => d.name === name)) return 'exists';
			await beforeChange();
			try {
				await client.createDatabase(clusterId, name);
				return 'created';
			} catch (error) {
				// Made by someone else in between: what we wanted.
				if (error instanceof CloudApiError && error.status === 409) return 'exists';
				throw error;
			}
		},
		async availableRegions() {
			return (await client.listAvailableRegions({serverless: true})).filter(r => r.serverless);
		},
		async clientCaStatus(clusterId) {
			const info = await client.getClientCaCert(clusterId);
			return {status: (info.status ?? 'NOT_SET') as ClientCaStatus, ...(info.x509_pem_cert ? {pem: info.x509_pem_cert} : {})};
		},
		async setClientCa(clusterId, pem, options) {
			// What the run needs later is checked before the upload; the person said yes (or not) to a replacement already.
			await beforeChange();
			// The same bounded, visible poll as the allowlist's.
			const outcome = await poll('waiting for the cluster to trust the client CA', ensureClientCa(client, clusterId, pem, {
				intervalMs: policy.intervalMs,
				timeoutMs: policy.timeoutMs,
				sleep: policy.sleep,
				confirmReplace: async () => options.replace,
				onChanged: options.onChanged,
			}));
			return {done: outcome.done, polls: outcome.polls};
		},
		async createCluster(request, onPosted) {
			await beforeChange();
			// Cancelling the run (Ctrl-C) ends the wait through the policy's sleep and the client's signal.
			// Creation takes minutes: the wait is shown (with its seconds and its bound) once it passes a second.
			const created = await reportWhile(policy.progress, createBasicCluster(client, request, {
				intervalMs: policy.intervalMs,
				timeoutMs: creation.timeoutMs,
				sleep: policy.sleep,
				onPosted: cluster => onPosted?.({id: cluster.id, name: cluster.name, consoleUrl: consoleClusterUrl(cluster.id)}),
			}), seconds => `waiting for the new cluster ${request.name} to be ready (${seconds} s so far; at most ${Math.round(creation.timeoutMs / 1000)} s)`);
			return {cluster: summarize(created.cluster), elapsedMs: created.elapsedMs, polls: created.polls};
		},
		async connectionDetails(clusterId, query) {
			const os = process.platform === 'win32' ? 'WINDOWS' : process.platform === 'darwin' ? 'MAC' : 'LINUX';
			const answer = await client.getConnectionString(clusterId, {database: query.database, sql_user: query.user, os});
			return {host: answer.params.Host, port: Number(answer.params.Port) || 26257, caUrl: client.caCertificateUrl(clusterId)};
		},
	};
}
