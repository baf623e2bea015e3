/**
Creating a free Basic cluster and waiting until it is ready. The plan is fixed here to BASIC (this tool never
creates a paid plan) and the allowlist starts empty, so the only network allowed is the one the wizard adds
next — not the Console's default 0.0.0.0/0.
*/
import {CloudApiError, type CloudClient, type Cluster, type CreateClusterRequest} from './client.js';

/** Where a person watches a cluster in the Console. */
export function consoleClusterUrl(clusterId: string, origin = 'https://cockroachlabs.cloud'): string {
	return `${origin}/cluster/${encodeURIComponent(clusterId)}/overview`;
}

/** The create-cluster body for a free Basic cluster in one region. */
export function basicClusterRequest(name: string, provider: 'GCP' | 'AWS' | 'AZURE', region: string): CreateClusterRequest {
	return {name, provider, spec: {plan: 'BASIC', serverless: {regions: [region], with_empty_ip_allowlist: true}}};
}

/** How to wait for the cluster: poll interval, overall bound, a sleep, and a signal that stops waiting. */
export interface CreationWait {
	intervalMs: number;
	timeoutMs: number;
	sleep: (ms: number) => Promise<void>;
	signal?: AbortSignal;
	/** Told the state after each poll, with the time since the POST. */
	onProgress?: (state: string, elapsedMs: number) => void;
	/** Told once the create call succeeded: from then on there is a cluster to speak of. */
	onPosted?: (cluster: Cluster) => void;
	now?: () => number;
}

/** What creation made and how long it took. */
export interface CreatedCluster {
	cluster: Cluster;
	elapsedMs: number;
	polls: number;
}

/** The one line for a refused create call: a taken name or a full quota names the fix. */
export function creationRefusal(error: unknown, name: string): Error {
	if (!(error instanceof CloudApiError)) return error as Error;
	const said = error.apiMessage ?? '';
	if (error.status === 409) return new Error(`a cluster named "${name}" already exists in this organization (HTTP 409): choose another name (--create-cluster OTHER-NAME), or connect to it with --cluster ${name}`);
	if (error.status !== 401 && /quota|limit|maximum|exceed/i.test(said)) {
		return new Error(`the organization may not have another cluster (HTTP ${error.status}: ${said}): delete one you no longer use at https://cockroachlabs.cloud/clusters, or connect to an existing one with --cluster NAME`);
	}

	return error;
}

/** Thrown when waiting stops before the cluster is ready; the cluster goes on being created. */
export class StillCreating extends Error {
	override name = 'StillCreating';
	constructor(message: string, readonly cluster: Cluster) {
		super(message);
	}
}

/** POST the cluster, then poll it until CREATED. Rejects with one line that names what to do. */
export async function createBasicCluster(client: CloudClient, request: {name: string; provider: 'GCP' | 'AWS' | 'AZURE'; region: string}, wait: CreationWait): Promise<CreatedCluster> {
	const now = wait.now ?? Date.now;
	const started = now();
	let cluster: Cluster;
	try {
		cluster = await client.createCluster(basicClusterRequest(request.name, request.provider, request.region));
	} catch (error) {
		throw creationRefusal(error, request.name);
	}

	wait.onPosted?.(cluster);
	return waitUntilCreated(client, cluster, wait, started);
}

/** Poll a cluster until it is CREATED (bounded by wait.timeoutMs, stopped by wait.signal). */
export async function waitUntilCreated(client: CloudClient, cluster: Cluster, wait: CreationWait, started = (wait.now ?? Date.now)()): Promise<CreatedCluster> {
	const now = wait.now ?? Date.now;
	const where = consoleClusterUrl(cluster.id);
	const later = `it goes on being created without us; watch it at ${where} and run crdb-connect --cluster ${cluster.name} once it is ready`;
	for (let polls = 0; ; polls++) {
		const elapsedMs = now() - started;
		if (cluster.state === 'CREATED') return {cluster, elapsedMs, polls};
		if (cluster.state === 'CREATION_FAILED') throw new Error(`creating ${cluster.name} failed (CREATION_FAILED): see ${where}, delete it there and try again`);
		if (wait.signal?.aborted) throw new StillCreating(`stopped waiting after ${Math.round(elapsedMs / 1000)} s: ${cluster.name} is still ${cluster.state.toLowerCase()}; ${later}`, cluster);
		if (elapsedMs > wait.timeoutMs) throw new StillCreating(`${cluster.name} is still ${cluster.state.toLowerCase()} after ${Math.round(elapsedMs / 1000)} s; ${later}`, cluster);
		await sleepUnlessAborted(wait);
		if (wait.signal?.aborted) continue;
		cluster = await client.getCluster(cluster.id);
		wait.onProgress?.(cluster.state, now() - started);
	}
}

async function sleepUnlessAborted(wait: CreationWait): Promise<void> {
	if (!wait.signal) return wait.sleep(wait.intervalMs);
	let onAbort: (() => void) | undefined;
	await Promise.race([wait.sleep(wait.intervalMs), new Promise<void>(resolve => wait.signal!.addEventListener('abort', (onAbort = () => resolve()), {once: true}))]);
	if (onAbort) wait.signal.removeEventListener('abort', onAbort);
}
