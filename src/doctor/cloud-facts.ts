/**
What CockroachDB Cloud knows about the cluster behind a host: with an API key, the cluster (found by its
host name), its state and plan, whether this machine's public IP is on the allowlist (and whether a change is
still propagating), and whether the SQL user exists. Without a key, this machine's public IP and the Console
page to check. Every answer names its evidence; nothing is changed.
*/
import {isIPv4} from 'node:net';
import {CloudClient, type Cluster} from '../cloud/client.js';
import {cidrContains} from '../core/cidr.js';
import {lookupPublicIp} from '../adapters/public-ip.js';
import type {WaitReporter} from '../core/wait-notice.js';

/** The Cloud stage's findings. */
export interface CloudFacts {
	summary: string;
	/** Findings that explain a failure (IP not allowed, propagating, unknown user, cluster not ready). */
	problems: string[];
	notes: string[];
}

/** Where to ask. */
export interface CloudFactsOptions {
	apiKey?: string;
	server?: string;
	ipLookupUrl: string;
	userAgent: string;
	/** Where the Cloud API's waits over a second are reported (a slow answer, a Retry-After), as in the wizard. */
	progress?: WaitReporter;
}

const CONSOLE = 'https://cockroachlabs.cloud/clusters';

/** Build the Cloud stage's reader. */
export function cloudFactsReader(options: CloudFactsOptions): (host: string, user: string) => Promise<CloudFacts> {
	return async (host, user) => {
		const problems: string[] = [];
		const notes: string[] = [];
		let ip: string | undefined;
		try {
			ip = await lookupPublicIp(options.ipLookupUrl);
		} catch (error) {
			const message = (error as Error).message;
			if (/IPv4/.test(message)) problems.push(`this machine's public address is not IPv4 (${message}): CockroachDB Cloud allowlists take IPv4 CIDRs only — use a network with IPv4 egress, or private connectivity (PrivateLink / Private Service Connect)`);
			else notes.push(`this machine's public IP is unknown (${message})`);
		}

		if (!options.apiKey) {
			return {
				summary: `no COCKROACH_API_KEY, so nothing was asked of the Cloud API${ip ? `; this machine's public IP is ${ip}` : ''}`,
				problems,
				notes: [...notes, `check in the Console (${CONSOLE} → your cluster → Networking) that the IP allowlist holds ${ip ? `${ip}/32` : 'your public IP'}, and (SQL Users) that "${user}" exists; set COCKROACH_API_KEY to let the doctor check both`],
			};
		}

		const client = new CloudClient({apiKey: options.apiKey, server: options.server, userAgent: options.userAgent, maxRetries: 1, timeoutMs: 8000, progress: options.progress});
		const clusters = await client.listClusters();
		const cluster = clusters.find(c => hostsOf(c).includes(host.toLowerCase()));
		if (!cluster) {
			problems.push(`no cluster this API key can see has the host ${host}: the cluster was deleted, the host is mistyped, or the key belongs to another organization (it sees ${clusters.length} cluster${clusters.length === 1 ? '' : 's'})`);
			return {summary: `cluster for ${host}: not found`, problems, notes};
		}

		const routing = cluster.config?.serverless?.routing_id;
		const facts = [`cluster ${cluster.name} (${cluster.id}), plan ${cluster.plan}, state ${cluster.state}${cluster.operation_status && cluster.operation_status !== 'UNSPECIFIED' ? `, operation ${cluster.operation_status}` : ''}${routing ? `, routing id ${routing}` : ''}`];
		if (cluster.state !== 'CREATED') problems.push(`the cluster's state is ${cluster.state}${cluster.state === 'LOCKED' ? ' (an operation holds it; wait until it finishes)' : cluster.state === 'CREATING' ? ' (still being created; wait)' : ''}`);
		const limits = cluster.config?.serverless?.usage_limits;
		if (limits && (limits.request_unit_limit || limits.storage_mib_limit)) {
			notes.push(`usage limits: ${limits.request_unit_limit ? `${limits.request_unit_limit} request units/month` : ''}${limits.request_unit_limit && limits.storage_mib_limit ? ', ' : ''}${limits.storage_mib_limit ? `${limits.storage_mib_limit} MiB storage` : ''} — a cluster over its storage limit is throttled to one connection, over its request units it is disabled; raise them in the Console`);
		}

		if (routing) notes.push(`a client without SNI can reach it with options=--cluster%3D${routing}`);
		const allow = await client.listAllowlist(cluster.id);
		if (ip && isIPv4(ip)) {
			const rule = allow.entries.find(e => e.sql !== false && cidrContains({ip: e.cidr_ip, mask: e.cidr_mask}, ip!));
			if (rule) {
				facts.push(`the allowlist holds ${ip} (rule ${rule.cidr_ip}/${rule.cidr_mask}${rule.name ? ` "${rule.name}"` : ''})`);
				if (allow.propagating) problems.push('an allowlist change is still propagating (up to a minute): retry shortly');
			} else {
				problems.push(`the allowlist has no rule for this machine's public IP ${ip} (${allow.entries.length} rule${allow.entries.length === 1 ? '' : 's'}): add ${ip}/32 (crdb-connect's "Authorize network" step, or Console → Networking)${allow.propagating ? '; a change is still propagating' : ''}`);
			}
		}

		const users = await client.listSqlUsers(cluster.id);
		if (users.includes(user)) facts.push(`SQL user ${user} exists`);
		else problems.push(`the SQL user "${user}" does not exist on this cluster (it has ${users.length ? users.join(', ') : 'none'}): create it, or log in as one of those`);
		return {summary: facts.join('; '), problems, notes};
	};
}

function hostsOf(cluster: Cluster): string[] {
	const names = [cluster.sql_dns, ...(cluster.regions ?? []).flatMap(r => [r.sql_dns, r.internal_dns, r.private_endpoint_dns])];
	return names.filter((n): n is string => Boolean(n)).map(n => n.toLowerCase());
}
