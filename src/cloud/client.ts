/**
The CockroachDB Cloud REST API client. Types come from the OpenAPI spec (api-types.ts, generated); the
origin, key, clock and fetch are injected, so tests point it at a loopback server that validates every
request and response against the spec. GETs are retried on 429, 5xx and timeouts (honouring
Retry-After); mutations never are.
*/
import {setTimeout as delay} from 'node:timers/promises';
import type {components} from './api-types.js';

/** A cluster as the API describes it. */
export type Cluster = components['schemas']['Cluster'];
/** One IP allowlist rule. */
export type AllowlistEntry = components['schemas']['AllowlistEntry'];
/** The organization the key belongs to. */
export type Organization = components['schemas']['Organization'];
/** A private endpoint service of the cluster. */
export type PrivateEndpointService = components['schemas']['PrivateEndpointService'];
/** A private endpoint connection. */
export type PrivateEndpointConnection = components['schemas']['PrivateEndpointConnection'];
/** The connection-string answer (no password in it). */
export type ConnectionStringResponse = components['schemas']['GetConnectionStringResponse'];

/** The body of a create-cluster call. */
export type CreateClusterRequest = components['schemas']['CreateClusterRequest'];
/** A region on offer for new clusters, with its distance from the caller. */
export type AvailableRegion = components['schemas']['CloudProviderRegion'];
/** A database and its table count. */
export type Database = components['schemas']['Database'];
/** The client CA certificate and its status. */
export type ClientCaCertInfo = components['schemas']['ClientCACertInfo'];

/** The public Cloud origin; COCKROACH_SERVER overrides it (as terraform's provider does). */
export const DEFAULT_CLOUD_SERVER = 'https://cockroachlabs.cloud';
/** The API version this client is typed for. */
export const CLOUD_API_VERSION = '2024-09-16';

/** An API failure: the HTTP status, and the one line to show. */
export class CloudApiError extends Error {
	override name = 'CloudApiError';
	constructor(message: string, readonly status: number, readonly apiMessage?: string) {
		super(message);
	}
}

/** How the client reaches the API. */
export interface CloudClientOptions {
	apiKey: string;
	server?: string;
	userAgent: string;
	/** Per attempt. */
	timeoutMs?: number;
	/** Retries for GETs after the first attempt. */
	maxRetries?: number;
	sleep?: (ms: number) => Promise<void>;
	fetch?: typeof fetch;
	/** Aborts every request (and retry wait) of this client at once: Ctrl-C cancels the whole run. */
	signal?: AbortSignal;
}

/** The roles each operation needs (from the spec's descriptions), for 403 messages. */
const ROLES: Record<string, string> = {
	'GET /api/v1/organization': 'any role in the organization',
	'GET /api/v1/clusters': 'Cluster Admin, Cluster Operator, Cluster Developer or Org Admin',
	'GET /networking/allowlist': 'Cluster Admin, Cluster Operator or Cluster Developer',
	'POST /networking/allowlist': 'Cluster Admin or Cluster Operator',
	'GET /sql-users': 'Cluster Admin, Cluster Operator or Cluster Developer',
	'POST /sql-users': 'Cluster Admin',
	'PUT /password': 'Cluster Admin',
	'POST /api/v1/clusters': 'Cluster Admin or Cluster Creator (at the organization or folder)',
	'POST /databases': 'Cluster Admin or Cluster Operator',
	'GET /client-ca-cert': 'Cluster Admin or Cluster Operator',
	'POST /client-ca-cert': 'Cluster Admin or Cluster Operator',
	'PATCH /client-ca-cert': 'Cluster Admin or Cluster Operator',
	'POST /private-endpoint-services': 'Cluster Admin or Cluster Operator',
	'POST /private-endpoint-trusted-owners': 'Cluster Admin',
	'POST /private-endpoint-connections': 'Cluster Admin or Cluster Operator',
};

function rolesFor(method: string, path: string): string {
	const key = Object.keys(ROLES).find(k => {
		const [m, suffix] = k.split(' ') as [string, string];
		return m === method && (path === suffix || path.endsWith(suffix));
	});
	return key ? ROLES[key]! : 'a role that allows this';
}

/** Seconds (or an HTTP date) from Retry-After, in milliseconds. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
	if (!header) return undefined;
	if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

type Query = Record<string, string | number | boolean | undefined>;

/** A typed client for the endpoints the wizard uses. */
export class CloudClient {
	private readonly server: string;
	private readonly timeoutMs: number;
	private readonly maxRetries: number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly fetcher: typeof fetch;

	constructor(private readonly options: CloudClientOptions) {
		this.server = (options.server ?? DEFAULT_CLOUD_SERVER).replace(/\/+$/, '');
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.maxRetries = options.maxRetries ?? 3;
		// The default wait between retries ends (and frees its timer) as soon as the run is cancelled.
		this.sleep = options.sleep ?? (ms => delay(ms, undefined, options.signal ? {signal: options.signal} : {}));
		this.fetcher = options.fetch ?? fetch;
	}

	/** One API call; GETs are retried, mutations are sent once. */
	async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, init: {query?: Query; body?: unknown; signal?: AbortSignal} = {}): Promise<T> {
		const cancel = anySignal(this.options.signal, init.signal);
		const url = new URL(this.server + path);
		for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
		const retries = method === 'GET' ? this.maxRetries : 0;
		for (let attempt = 0; ; attempt++) {
			// Once cancelled, no request leaves (not even a retry).
			cancel?.throwIfAborted();
			let response: Response;
			try {
				response = await this.fetcher(url, {
					method,
					headers: {
						authorization: `Bearer ${this.options.apiKey}`,
						'cc-version': CLOUD_API_VERSION,
						'user-agent': this.options.userAgent,
						accept: 'application/json',
						...(init.body === undefined ? {} : {'content-type': 'application/json'}),
					},
					body: init.body === undefined ? undefined : JSON.stringify(init.body),
					signal: cancel ? AbortSignal.any([cancel, AbortSignal.timeout(this.timeoutMs)]) : AbortSignal.timeout(this.timeoutMs),
				});
			} catch (error) {
				if (cancel?.aborted) throw cancel.reason;
				const timedOut = (error as Error).name === 'TimeoutError';
				if (attempt < retries) {
					await untilAborted(this.sleep(backoff(attempt)), cancel);
					continue;
				}

				throw new CloudApiError(timedOut
					? `the Cloud API did not answer ${method} ${path} within ${this.timeoutMs / 1000} s${method === 'GET' ? ` (tried ${attempt + 1} times)` : ''}: try again, or check ${this.server} is reachable`
					: `could not reach the Cloud API at ${this.server} (${(error as Error).message}): check your network and COCKROACH_SERVER`, 0);
			}

			if ((response.status === 429 || response.status >= 500) && attempt < retries) {
				await untilAborted(this.sleep(retryAfterMs(response.headers.get('retry-after')) ?? backoff(attempt)), cancel);
				continue;
			}

			const text = await response.text();
			let json: unknown;
			try {
				json = text === '' ? {} : JSON.parse(text);
			} catch {
				throw new CloudApiError(`the Cloud API answered ${method} ${path} with something that is not JSON (HTTP ${response.status}): try again later`, response.status);
			}

			if (response.ok) return json as T;
			throw this.failure(method, path, response.status, json);
		}
	}

	private failure(method: string, path: string, status: number, body: unknown): CloudApiError {
		const apiMessage = typeof (body as {message?: unknown})?.message === 'string' ? (body as {message: string}).message : undefined;
		const said = apiMessage ? `: ${apiMessage}` : '';
		if (status === 401) return new CloudApiError(`the API key is not valid (HTTP 401${said}): check COCKROACH_API_KEY, or make a new key under Organization → Access Management → Service Accounts`, status, apiMessage);
		if (status === 403) return new CloudApiError(`the API key's service account may not ${method} ${path} (HTTP 403${said}): give it ${rolesFor(method, path)}`, status, apiMessage);
		if (status === 404) return new CloudApiError(`not found: ${method} ${path} (HTTP 404${said})`, status, apiMessage);
		if (status === 409) return new CloudApiError(`the Cloud API refused ${method} ${path} (HTTP 409${said}): it already exists, or another operation holds the cluster; try again shortly`, status, apiMessage);
		if (status === 429) return new CloudApiError(`the Cloud API is rate-limiting these calls (HTTP 429${said}): wait a few seconds and try again`, status, apiMessage);
		return new CloudApiError(`the Cloud API failed ${method} ${path} (HTTP ${status}${said})`, status, apiMessage);
	}

	/** Every page of a list endpoint, following next_page to the end. */
	private async all<T, K extends string>(path: string, key: K, query: Query = {}): Promise<T[]> {
		const items: T[] = [];
		let page: string | undefined;
		do {
			const answer = await this.request<Record<K, T[]> & {pagination?: {next_page?: string}}>('GET', path, {query: {...query, 'pagination.limit': 500, 'pagination.page': page}});
			items.push(...(answer[key] ?? []));
			page = answer.pagination?.next_page || undefined;
		} while (page);
		return items;
	}

	/** The key check: which organization the key belongs to. */
	getOrganization(): Promise<Organization> {
		return this.request('GET', '/api/v1/organization');
	}

	/** Every cluster the key can see. */
	listClusters(): Promise<Cluster[]> {
		return this.all<Cluster, 'clusters'>('/api/v1/clusters', 'clusters');
	}

	/** The IP allowlist and whether a change is still propagating. */
	async listAllowlist(clusterId: string): Promise<{entries: AllowlistEntry[]; propagating: boolean}> {
		const path = `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/allowlist`;
		let propagating = false;
		const entries: AllowlistEntry[] = [];
		let page: string | undefined;
		do {
			const answer = await this.request<{allowlist: AllowlistEntry[]; propagating: boolean; pagination?: {next_page?: string}}>('GET', path, {query: {'pagination.limit': 500, 'pagination.page': page}});
			entries.push(...answer.allowlist);
			propagating ||= answer.propagating;
			page = answer.pagination?.next_page || undefined;
		} while (page);
		return {entries, propagating};
	}

	/** Add an allowlist rule. */
	addAllowlistEntry(clusterId: string, entry: AllowlistEntry): Promise<AllowlistEntry> {
		return this.request('POST', `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/allowlist`, {body: entry});
	}

	/** Remove an allowlist rule. */
	deleteAllowlistEntry(clusterId: string, cidr: {ip: string; mask: number}): Promise<AllowlistEntry> {
		return this.request('DELETE', `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/allowlist/${encodeURIComponent(cidr.ip)}/${cidr.mask}`);
	}

	/** Trust an AWS account to create private endpoints to the cluster (Advanced). */
	async addTrustedOwner(clusterId: string, awsAccountId: string): Promise<void> {
		await this.request('POST', `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/private-endpoint-trusted-owners`, {body: {external_owner_id: awsAccountId, type: 'AWS_ACCOUNT_ID'}});
	}

	/** The SQL users' names. */
	async listSqlUsers(clusterId: string): Promise<string[]> {
		return (await this.all<{name: string}, 'users'>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/sql-users`, 'users')).map(u => u.name);
	}

	/** Create a SQL user (the password travels only in the request body). */
	async createSqlUser(clusterId: string, name: string, password: string): Promise<void> {
		await this.request('POST', `/api/v1/clusters/${encodeURIComponent(clusterId)}/sql-users`, {body: {name, password}});
	}

	/** Set a SQL user's password. */
	async setSqlUserPassword(clusterId: string, name: string, password: string): Promise<void> {
		await this.request('PUT', `/api/v1/clusters/${encodeURIComponent(clusterId)}/sql-users/${encodeURIComponent(name)}/password`, {body: {password}});
	}

	/** The database names. */
	async listDatabases(clusterId: string): Promise<string[]> {
		return (await this.all<{name: string}, 'databases'>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/databases`, 'databases')).map(d => d.name);
	}

	/** The connection string for a user and database (it holds no password). */
	getConnectionString(clusterId: string, query: {database?: string; sql_user?: string; os?: 'MAC' | 'LINUX' | 'WINDOWS'}): Promise<ConnectionStringResponse> {
		return this.request('GET', `/api/v1/clusters/${encodeURIComponent(clusterId)}/connection-string`, {query});
	}

	/** The cluster's private endpoint services. */
	async listPrivateEndpointServices(clusterId: string): Promise<PrivateEndpointService[]> {
		return (await this.request<{services: PrivateEndpointService[]}>('GET', `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/private-endpoint-services`)).services;
	}

	/** Create the private endpoint services (Advanced only; idempotent there). */
	async createPrivateEndpointServices(clusterId: string): Promise<PrivateEndpointService[]> {
		return (await this.request<{services: PrivateEndpointService[]}>('POST', `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/private-endpoint-services`)).services;
	}

	/** The private endpoint connections. */
	async listPrivateEndpointConnections(clusterId: string): Promise<PrivateEndpointConnection[]> {
		return (await this.request<{connections: PrivateEndpointConnection[]}>('GET', `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/private-endpoint-connections`)).connections;
	}

	/** Accept a customer's private endpoint. */
	addPrivateEndpointConnection(clusterId: string, endpointId: string): Promise<PrivateEndpointConnection> {
		return this.request('POST', `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/private-endpoint-connections`, {body: {endpoint_id: endpointId}});
	}

	// --- Beyond the Console (issue 13): creating clusters, regions on offer, databases, the client CA. ---

	/** Create a cluster; the answer is the cluster, usually still CREATING. */
	createCluster(body: CreateClusterRequest): Promise<Cluster> {
		return this.request('POST', '/api/v1/clusters', {body});
	}

	/** One cluster, as it is now. */
	getCluster(clusterId: string): Promise<Cluster> {
		return this.request('GET', `/api/v1/clusters/${encodeURIComponent(clusterId)}`);
	}

	/** The regions a cluster can be created in, nearest to the caller first. */
	listAvailableRegions(query: {provider?: 'GCP' | 'AWS' | 'AZURE'; serverless: boolean}): Promise<AvailableRegion[]> {
		return this.all<AvailableRegion, 'regions'>('/api/v1/clusters/available-regions', 'regions', query);
	}

	/** The databases with their table counts (int64 as a string in the API). */
	listDatabaseDetails(clusterId: string): Promise<Database[]> {
		return this.all<Database, 'databases'>(`/api/v1/clusters/${encodeURIComponent(clusterId)}/databases`, 'databases');
	}

	/** Create a database. */
	createDatabase(clusterId: string, name: string): Promise<Database> {
		return this.request('POST', `/api/v1/clusters/${encodeURIComponent(clusterId)}/databases`, {body: {name}});
	}

	/** The client CA certificate the cluster trusts for client certificates (Advanced), and its status. */
	getClientCaCert(clusterId: string): Promise<ClientCaCertInfo> {
		return this.request('GET', `/api/v1/clusters/${encodeURIComponent(clusterId)}/client-ca-cert`);
	}

	/** Set the client CA when none is set. */
	setClientCaCert(clusterId: string, pem: string): Promise<ClientCaCertInfo> {
		return this.request('POST', `/api/v1/clusters/${encodeURIComponent(clusterId)}/client-ca-cert`, {body: {x509_pem_cert: pem}});
	}

	/** Replace the client CA that is set. */
	updateClientCaCert(clusterId: string, pem: string): Promise<ClientCaCertInfo> {
		return this.request('PATCH', `/api/v1/clusters/${encodeURIComponent(clusterId)}/client-ca-cert`, {body: {x509_pem_cert: pem}});
	}

	/** Remove the client CA (the undo of setting it). */
	deleteClientCaCert(clusterId: string): Promise<ClientCaCertInfo> {
		return this.request('DELETE', `/api/v1/clusters/${encodeURIComponent(clusterId)}/client-ca-cert`);
	}

	/** Where the cluster's CA certificate is downloaded from (not part of the REST API; no key is sent). */
	caCertificateUrl(clusterId: string): string {
		return `${this.server}/clusters/${encodeURIComponent(clusterId)}/cert`;
	}
}

/** The one signal that aborts when either does (undefined when neither is given). */
function anySignal(a?: AbortSignal, b?: AbortSignal): AbortSignal | undefined {
	if (a && b) return AbortSignal.any([a, b]);
	return a ?? b;
}

/** Wait for the promise, but reject at once with the signal's reason when it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
	if (!signal) return promise;
	if (signal.aborted) return Promise.reject(signal.reason);
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, {once: true});
		promise.then(
			value => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			error => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

/** 250 ms, 500 ms, 1 s, … capped at 4 s, for retries without a Retry-After. */
function backoff(attempt: number): number {
	return Math.min(4000, 250 * 2 ** attempt);
}
