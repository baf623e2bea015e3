/**
The CockroachDB Cloud REST API client. Types come from the OpenAPI spec (api-types.ts, generated); the
origin, key, clock and fetch are injected, so tests point it at a loopback server that validates every
request and response against the spec. GETs are retried on 429, 5xx and timeouts (honouring
Retry-After); mutations never are.
*/
import {setTimeout as delay} from 'node:timers/promises';
import type {components} from './api-types.js';
import {isLoopbackUrl} from '../core/loopback.js';

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
/** The longest one request waits between its attempts, in all: a Retry-After beyond it is capped, then it gives up. */
export const MAX_RETRY_WAIT_MS = 30_000;
/** The most pages one list may take (of 500 items each): more, or a page token seen twice, is a fault of the API. */
export const MAX_PAGES = 100;

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
	/** The longest one request waits between attempts, in all (default MAX_RETRY_WAIT_MS). */
	maxWaitMs?: number;
	/** Where waits over a second are reported as they happen (a Retry-After countdown, a slow answer), one line each. */
	progress?: (line: string) => void;
}

/** "45 s", or "60 min" for long waits. */
function duration(ms: number): string {
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.ceil(ms / 1000)} s`;
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
	private readonly maxWaitMs: number;

	constructor(private readonly options: CloudClientOptions) {
		this.server = (options.server ?? DEFAULT_CLOUD_SERVER).replace(/\/+$/, '');
		let origin: URL;
		try {
			origin = new URL(this.server);
		} catch {
			throw new CloudApiError(`COCKROACH_SERVER "${this.server}" is not a URL: use https://cockroachlabs.cloud, or unset it`, 0);
		}

		// The API key goes in a header of every request: never in clear text over the network.
		if (origin.protocol !== 'https:' && !(origin.protocol === 'http:' && isLoopbackUrl(origin))) {
			throw new CloudApiError(`COCKROACH_SERVER ${this.server} is not an https:// address, so the API key would travel in clear text: use https:// (http:// only for a loopback address)`, 0);
		}

		this.maxWaitMs = options.maxWaitMs ?? MAX_RETRY_WAIT_MS;
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
		const started = Date.now();
		// Time spent waiting between attempts, capped at maxWaitMs however long the API asks.
		let waited = 0;
		let asked: number | undefined;
		for (let attempt = 0; ; attempt++) {
			// Once cancelled, no request leaves (not even a retry).
			cancel?.throwIfAborted();
			let response: Response;
			try {
				response = await this.watch(`${method} ${path}`, this.fetcher(url, {
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
				}));
			} catch (error) {
				if (cancel?.aborted) throw cancel.reason;
				const timedOut = (error as Error).name === 'TimeoutError';
				// Another attempt only while the request as a whole stays within the wait cap.
				if (attempt < retries && Date.now() - started + backoff(attempt) < this.maxWaitMs) {
					this.progress?.(`the Cloud API ${timedOut ? `did not answer ${method} ${path} within ${this.timeoutMs / 1000} s` : 'could not be reached'}: trying again`);
					await untilAborted(this.sleep(backoff(attempt)), cancel);
					continue;
				}

				throw new CloudApiError(timedOut
					? `the Cloud API did not answer ${method} ${path} within ${this.timeoutMs / 1000} s${method === 'GET' ? ` (tried ${attempt + 1} times)` : ''}: try again, or check ${this.server} is reachable`
					: `could not reach the Cloud API at ${this.server} (${(error as Error).message}): check your network and COCKROACH_SERVER`, 0);
			}

			if (response.status === 429 || response.status >= 500) {
				asked = retryAfterMs(response.headers.get('retry-after'));
				const wait = Math.min(asked ?? backoff(attempt), this.maxWaitMs - waited);
				if (attempt < retries && wait > 0) {
					waited += wait;
					await this.countdown(wait, `the Cloud API answered ${method} ${path} with HTTP ${response.status}${asked === undefined ? '' : ` and asked to wait ${duration(asked)}`}`, cancel);
					continue;
				}
			}

			const text = await response.text();
			let json: unknown;
			try {
				json = text === '' ? {} : JSON.parse(text);
			} catch {
				throw new CloudApiError(`the Cloud API answered ${method} ${path} with something that is not JSON (HTTP ${response.status}): try again later`, response.status);
			}

			if (response.ok) {
				// The spec promises an object for every operation this client calls.
				if (json === null || typeof json !== 'object' || Array.isArray(json)) throw this.unexpected(method, path, `the answer is ${JSON.stringify(json)?.slice(0, 40)}, not an object`);
				return json as T;
			}

			const failure = this.failure(method, path, response.status, json);
			if (response.status === 429 && asked !== undefined && asked > waited) {
				throw new CloudApiError(`the Cloud API is rate-limiting these calls (HTTP 429) and asks to wait ${duration(asked)}, longer than crdb-connect waits (${duration(this.maxWaitMs)}): try again later`, 429, failure.apiMessage);
			}

			throw failure;
		}
	}

	/** Report progress, when someone listens. */
	private progress(line: string): void {
		this.options.progress?.(line);
	}

	/** Wait between attempts; a wait over a second is shown as a countdown (every 5 s, and at the start). */
	private async countdown(ms: number, reason: string, cancel?: AbortSignal): Promise<void> {
		if (ms <= 1000 || !this.options.progress) return untilAborted(this.sleep(ms), cancel);
		this.progress(`${reason}: trying again in ${duration(ms)}`);
		let left = ms;
		while (left > 0) {
			const step = left % 5000 || Math.min(left, 5000);
			await untilAborted(this.sleep(step), cancel);
			left -= step;
			if (left > 0) this.progress(`trying again in ${duration(left)}`);
		}
	}

	/** Report an answer that keeps us waiting over a second, then every 5 s, until it comes. */
	private watch<T>(what: string, answer: Promise<T>): Promise<T> {
		if (!this.options.progress) return answer;
		const since = Date.now();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const tick = (ms: number) => {
			timer = setTimeout(() => {
				this.progress(`waiting for the Cloud API to answer ${what} (${Math.round((Date.now() - since) / 1000)} s so far; at most ${this.timeoutMs / 1000} s)`);
				tick(5000);
			}, ms);
			timer.unref?.();
		};

		tick(1000);
		return answer.finally(() => clearTimeout(timer));
	}

	/** An answer that breaks the spec's promise (a null where a value must be, an endless list). */
	private unexpected(method: string, path: string, what: string): CloudApiError {
		return new CloudApiError(`unexpected answer from the Cloud API to ${method} ${path}: ${what}; try again, and report it if it persists`, 0);
	}

	/** The next page's token: undefined at the end; an error when a token repeats or the list runs past MAX_PAGES. */
	private nextPage(path: string, seen: Set<string>, pagination: unknown): string | undefined {
		if (pagination === undefined || pagination === null) return undefined;
		const token = (pagination as {next_page?: unknown}).next_page;
		if (token === undefined || token === null || token === '') return undefined;
		if (typeof token !== 'string') throw this.unexpected('GET', path, 'pagination.next_page is not a string');
		if (seen.has(token)) throw this.unexpected('GET', path, `it gave the page token "${token.slice(0, 24)}" twice, so the list would never end`);
		seen.add(token);
		if (seen.size >= MAX_PAGES) throw this.unexpected('GET', path, `the list runs past ${MAX_PAGES} pages`);
		return token;
	}

	/** The list under key: a missing key is an empty list; anything but a list of objects is refused. */
	private list<T>(method: string, path: string, answer: Record<string, unknown>, key: string): T[] {
		const items = answer[key];
		if (items === undefined) return [];
		if (!Array.isArray(items)) throw this.unexpected(method, path, `"${key}" is ${JSON.stringify(items)?.slice(0, 40)}, not a list`);
		if (items.some(item => item === null || typeof item !== 'object')) throw this.unexpected(method, path, `"${key}" holds something that is not an object`);
		return items as T[];
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
		const seen = new Set<string>();
		let page: string | undefined;
		do {
			const answer = await this.request<Record<string, unknown>>('GET', path, {query: {...query, 'pagination.limit': 500, 'pagination.page': page}});
			items.push(...this.list<T>('GET', path, answer, key));
			page = this.nextPage(path, seen, answer.pagination);
		} while (page);
		return items;
	}

	/** The key check: which organization the key belongs to. */
	async getOrganization(): Promise<Organization> {
		const organization = await this.request<Organization>('GET', '/api/v1/organization');
		if (typeof organization.name !== 'string') throw this.unexpected('GET', '/api/v1/organization', 'the organization has no name');
		return organization;
	}

	/** Every cluster the key can see. */
	async listClusters(): Promise<Cluster[]> {
		const clusters = await this.all<Cluster, 'clusters'>('/api/v1/clusters', 'clusters');
		// What the wizard reads of each cluster, which the spec marks required.
		for (const cluster of clusters) {
			const bad = (['id', 'name', 'plan', 'state', 'cloud_provider'] as const).find(key => typeof cluster[key] !== 'string');
			if (bad) throw this.unexpected('GET', '/api/v1/clusters', `a cluster's "${bad}" is ${JSON.stringify(cluster[bad]) ?? 'missing'}`);
			if (!Array.isArray(cluster.regions) || cluster.regions.some(r => r === null || typeof r !== 'object' || typeof r.name !== 'string' || typeof r.sql_dns !== 'string')) {
				throw this.unexpected('GET', '/api/v1/clusters', `the regions of cluster ${cluster.name} are not a list of regions with names and hosts`);
			}
		}

		return clusters;
	}

	/** The IP allowlist and whether a change is still propagating. */
	async listAllowlist(clusterId: string): Promise<{entries: AllowlistEntry[]; propagating: boolean}> {
		const path = `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/allowlist`;
		let propagating = false;
		const entries: AllowlistEntry[] = [];
		const seen = new Set<string>();
		let page: string | undefined;
		do {
			const answer = await this.request<Record<string, unknown>>('GET', path, {query: {'pagination.limit': 500, 'pagination.page': page}});
			const rules = this.list<AllowlistEntry>('GET', path, answer, 'allowlist');
			if (rules.some(r => typeof r.cidr_ip !== 'string' || typeof r.cidr_mask !== 'number')) throw this.unexpected('GET', path, 'an allowlist entry has no cidr_ip or cidr_mask');
			entries.push(...rules);
			propagating ||= answer.propagating === true;
			page = this.nextPage(path, seen, answer.pagination);
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
	async getConnectionString(clusterId: string, query: {database?: string; sql_user?: string; os?: 'MAC' | 'LINUX' | 'WINDOWS'}): Promise<ConnectionStringResponse> {
		const path = `/api/v1/clusters/${encodeURIComponent(clusterId)}/connection-string`;
		const answer = await this.request<ConnectionStringResponse>('GET', path, {query});
		if (answer.params === null || typeof answer.params !== 'object' || typeof answer.params.Host !== 'string') throw this.unexpected('GET', path, 'it names no host (params.Host)');
		return answer;
	}

	/** The cluster's private endpoint services. */
	async listPrivateEndpointServices(clusterId: string): Promise<PrivateEndpointService[]> {
		const path = `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/private-endpoint-services`;
		return this.list<PrivateEndpointService>('GET', path, await this.request<Record<string, unknown>>('GET', path), 'services');
	}

	/** Create the private endpoint services (Advanced only; idempotent there). */
	async createPrivateEndpointServices(clusterId: string): Promise<PrivateEndpointService[]> {
		const path = `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/private-endpoint-services`;
		return this.list<PrivateEndpointService>('POST', path, await this.request<Record<string, unknown>>('POST', path), 'services');
	}

	/** The private endpoint connections. */
	async listPrivateEndpointConnections(clusterId: string): Promise<PrivateEndpointConnection[]> {
		const path = `/api/v1/clusters/${encodeURIComponent(clusterId)}/networking/private-endpoint-connections`;
		return this.list<PrivateEndpointConnection>('GET', path, await this.request<Record<string, unknown>>('GET', path), 'connections');
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
