/**
The CockroachDB Cloud REST API client. Every call is typed from the spec's `paths` (api-types.ts, generated):
the path template, its parameters, the request body and the answer all come from the operation, so a wrong
field does not compile. The origin, key, clock and fetch are injected, so tests point it at a loopback server
that validates every request and response against the spec. GETs are retried on 429, 5xx and timeouts
(honouring Retry-After, capped); mutations never are. Answers are read up to MAX_ANSWER_BYTES.

Why not openapi-fetch: its typing is the ~30 lines of `paths` indexing below, while everything else a call
needs here (capped retries with a visible countdown, draining retried answers, a size cap, cancellation,
"unexpected answer" checks) would still be ours, wrapped around its fetch; one more bundled dependency buys
nothing the compiler does not already check.
*/
import {setTimeout as delay} from 'node:timers/promises';
import type {components, paths} from './api-types.js';
import {readCappedBody} from '../core/capped-body.js';
import {isLoopbackUrl} from '../core/loopback.js';
import {countdownNotice, waitDuration, type WaitNotice, type WaitReporter} from '../core/wait-notice.js';
import {REPORT_EVERY_MS, reportWhile} from './wait-report.js';

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

// --- Typing a call from the spec's `paths`. ---

/** The HTTP methods, as `paths` names them. */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** A path template of the spec, e.g. "/api/v1/clusters/{cluster_id}/sql-users". */
export type ApiPath = keyof paths;
/** The methods the spec defines for a path template. */
export type MethodOf<P extends ApiPath> = {[M in Method]-?: undefined extends paths[P][M] ? never : M}[Method];
/** The operation at a path template and method. */
type Operation<P extends ApiPath, M extends MethodOf<P>> = NonNullable<paths[P][M]>;
/** The JSON content of a request body or response. */
type JsonOf<T> = T extends {content: {'application/json': infer B}} ? B : never;
/** The request body an operation takes: required, optional, or none (undefined). */
type BodyOf<O> = O extends {requestBody: infer R} ? JsonOf<R> : O extends {requestBody?: infer R} ? ([NonNullable<R>] extends [never] ? undefined : JsonOf<NonNullable<R>> | undefined) : undefined;
/** The path parameters an operation needs (undefined when none). */
type PathParamsOf<O> = O extends {parameters: {path: infer P}} ? P : undefined;
/** The query parameters an operation takes (undefined when none). */
type QueryOf<O> = O extends {parameters: {query?: infer Q}} ? ([NonNullable<Q>] extends [never] ? undefined : NonNullable<Q>) : undefined;
/** What a successful call answers (HTTP 200). */
export type AnswerOf<P extends ApiPath, M extends MethodOf<P>> = Operation<P, M> extends {responses: {200: infer R}} ? JsonOf<R> : never;

/** The parameters and body of one call, each required exactly when the spec requires it. */
export type CallInit<P extends ApiPath, M extends MethodOf<P>> = {signal?: AbortSignal} & ([PathParamsOf<Operation<P, M>>] extends [undefined] ? {path?: undefined} : {path: PathParamsOf<Operation<P, M>>}) &
	([QueryOf<Operation<P, M>>] extends [undefined] ? {query?: undefined} : {query?: QueryOf<Operation<P, M>>}) &
	([BodyOf<Operation<P, M>>] extends [undefined] ? {body?: undefined} : undefined extends BodyOf<Operation<P, M>> ? {body?: BodyOf<Operation<P, M>>} : {body: BodyOf<Operation<P, M>>});

/** The path with its parameters filled in (each percent-encoded). */
function fillPath(template: string, params: Record<string, unknown> = {}): string {
	return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

/** The public Cloud origin; COCKROACH_SERVER overrides it (as terraform's provider does). */
export const DEFAULT_CLOUD_SERVER = 'https://cockroachlabs.cloud';
/** The longest one request waits between its attempts, in all: a Retry-After beyond it is capped, then it gives up. */
export const MAX_RETRY_WAIT_MS = 30_000;
/** The most pages one list may take (of 500 items each): more, or a page token seen twice, is a fault of the API. */
export const MAX_PAGES = 100;
/** The largest answer read: every answer the spec describes is far smaller; more is not an answer to us. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

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
	/** Where waits over a second are reported as they happen (a Retry-After countdown, a slow answer). */
	progress?: WaitReporter;
}

/** The roles each operation needs (from the spec's descriptions), for 403 messages. */
const ROLES: Partial<Record<`${Uppercase<Method>} ${ApiPath}`, string>> = {
	'GET /api/v1/organization': 'any role in the organization',
	'GET /api/v1/clusters': 'Cluster Admin, Cluster Operator, Cluster Developer or Org Admin',
	'GET /api/v1/clusters/{cluster_id}/networking/allowlist': 'Cluster Admin, Cluster Operator or Cluster Developer',
	'POST /api/v1/clusters/{cluster_id}/networking/allowlist': 'Cluster Admin or Cluster Operator',
	'DELETE /api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}': 'Cluster Admin or Cluster Operator',
	'PATCH /api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}': 'Cluster Admin or Cluster Operator',
	'GET /api/v1/clusters/{cluster_id}/sql-users': 'Cluster Admin, Cluster Operator or Cluster Developer',
	'POST /api/v1/clusters/{cluster_id}/sql-users': 'Cluster Admin',
	'PUT /api/v1/clusters/{cluster_id}/sql-users/{name}/password': 'Cluster Admin',
	'POST /api/v1/clusters': 'Cluster Admin or Cluster Creator (at the organization or folder)',
	'POST /api/v1/clusters/{cluster_id}/databases': 'Cluster Admin or Cluster Operator',
	'GET /api/v1/clusters/{cluster_id}/client-ca-cert': 'Cluster Admin or Cluster Operator',
	'POST /api/v1/clusters/{cluster_id}/client-ca-cert': 'Cluster Admin or Cluster Operator',
	'PATCH /api/v1/clusters/{cluster_id}/client-ca-cert': 'Cluster Admin or Cluster Operator',
	'POST /api/v1/clusters/{cluster_id}/networking/private-endpoint-services': 'Cluster Admin or Cluster Operator',
	'POST /api/v1/clusters/{cluster_id}/networking/private-endpoint-trusted-owners': 'Cluster Admin',
	'POST /api/v1/clusters/{cluster_id}/networking/private-endpoint-connections': 'Cluster Admin or Cluster Operator',
};

/** Seconds (or an HTTP date) from Retry-After, in milliseconds. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
	if (!header) return undefined;
	if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

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

	/**
	One API call, typed by its operation in the spec: `call('post', '/api/v1/clusters/{cluster_id}/sql-users',
	{path: {cluster_id}, body: {name, password}})`. GETs are retried, mutations are sent once.
	*/
	async call<P extends ApiPath, M extends MethodOf<P>>(method: M, template: P, init: CallInit<P, M>): Promise<AnswerOf<P, M>> {
		const verb = method.toUpperCase();
		const path = fillPath(template, init.path as Record<string, unknown> | undefined);
		const cancel = anySignal(this.options.signal, init.signal);
		const url = new URL(this.server + path);
		for (const [k, v] of Object.entries((init.query ?? {}) as Record<string, unknown>)) if (v !== undefined) url.searchParams.set(k, String(v));
		const retries = method === 'get' ? this.maxRetries : 0;
		const started = Date.now();
		// Time spent waiting between attempts, capped at maxWaitMs however long the API asks.
		let waited = 0;
		let asked: number | undefined;
		for (let attempt = 0; ; attempt++) {
			// Once cancelled, no request leaves (not even a retry).
			cancel?.throwIfAborted();
			let response: Response;
			try {
				response = await reportWhile(this.options.progress, this.fetcher(url, {
					method: verb,
					headers: {
						authorization: `Bearer ${this.options.apiKey}`,
						'cc-version': CLOUD_API_VERSION,
						'user-agent': this.options.userAgent,
						accept: 'application/json',
						...(init.body === undefined ? {} : {'content-type': 'application/json'}),
					},
					body: init.body === undefined ? undefined : JSON.stringify(init.body),
					signal: attemptSignal(this.timeoutMs, cancel),
				}), seconds => `waiting for the Cloud API to answer ${verb} ${path} (${seconds} s so far; at most ${this.timeoutMs / 1000} s)`);
			} catch (error) {
				if (cancel?.aborted) throw cancel.reason;
				const timedOut = (error as Error).name === 'TimeoutError';
				// Another attempt only while the request as a whole stays within the wait cap.
				if (attempt < retries && Date.now() - started + backoff(attempt) < this.maxWaitMs) {
					this.report(`the Cloud API ${timedOut ? `did not answer ${verb} ${path} within ${this.timeoutMs / 1000} s` : 'could not be reached'}: trying again`);
					await untilAborted(this.sleep(backoff(attempt)), cancel);
					continue;
				}

				throw new CloudApiError(timedOut
					? `the Cloud API did not answer ${verb} ${path} within ${this.timeoutMs / 1000} s${method === 'get' ? ` (tried ${attempt + 1} times)` : ''}: try again, or check ${this.server} is reachable`
					: `could not reach the Cloud API at ${this.server} (${(error as Error).message}): check your network and COCKROACH_SERVER`, 0);
			}

			if (response.status === 429 || response.status >= 500) {
				asked = retryAfterMs(response.headers.get('retry-after'));
				const wait = Math.min(asked ?? backoff(attempt), this.maxWaitMs - waited);
				if (attempt < retries && wait > 0) {
					// This answer is not read: cancel its body so its connection is not held open (and a huge one not
					// buffered) while we wait.
					await response.body?.cancel().catch(() => {});
					waited += wait;
					await this.countdown(wait, `the Cloud API answered ${verb} ${path} with HTTP ${response.status}${asked === undefined ? '' : ` and asked to wait ${waitDuration(asked)}`}`, cancel);
					continue;
				}
			}

			let text: string | undefined;
			try {
				text = await readCappedBody(response, MAX_ANSWER_BYTES);
			} catch (error) {
				if (cancel?.aborted) throw cancel.reason;
				if ((error as Error).name === 'TimeoutError') throw new CloudApiError(`the Cloud API did not finish answering ${verb} ${path} within ${this.timeoutMs / 1000} s: try again, or check ${this.server} is reachable`, 0);
				throw new CloudApiError(`the Cloud API's answer to ${verb} ${path} broke off (${(error as Error).message}): try again`, 0);
			}

			if (text === undefined) throw this.unexpected(verb, path, `the answer (HTTP ${response.status}) is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`);
			let json: unknown;
			try {
				json = text === '' ? {} : JSON.parse(text);
			} catch {
				throw new CloudApiError(`the Cloud API answered ${verb} ${path} with something that is not JSON (HTTP ${response.status}): try again later`, response.status);
			}

			if (response.ok) {
				// The spec promises an object for every operation this client calls.
				if (json === null || typeof json !== 'object' || Array.isArray(json)) throw this.unexpected(verb, path, `the answer is ${JSON.stringify(json)?.slice(0, 40)}, not an object`);
				return json as AnswerOf<P, M>;
			}

			const failure = this.failure(verb, template, path, response.status, json);
			if (response.status === 429 && asked !== undefined && asked > waited) {
				throw new CloudApiError(`the Cloud API is rate-limiting these calls (HTTP 429) and asks to wait ${waitDuration(asked)}, longer than crdb-connect waits (${waitDuration(this.maxWaitMs)}): try again later`, 429, failure.apiMessage);
			}

			throw failure;
		}
	}

	/** Report a wait, when someone listens. */
	private report(notice: WaitNotice | string | undefined): void {
		this.options.progress?.(typeof notice === 'string' ? {line: notice, at: () => notice} : notice);
	}

	/** Wait between attempts; a wait over a second is shown as a countdown (every 5 s, and at the start). */
	private async countdown(ms: number, reason: string, cancel?: AbortSignal): Promise<void> {
		if (ms <= 1000 || !this.options.progress) return untilAborted(this.sleep(ms), cancel);
		// One deadline for the whole wait: a redrawn notice counts down to it, so a slow timer (a busy machine) never
		// makes the shown seconds go up; a printed line says the waiting still planned.
		const until = Date.now() + ms;
		this.report(countdownNotice(reason, until, Date.now()));
		let left = ms;
		try {
			while (left > 0) {
				const step = left % REPORT_EVERY_MS || Math.min(left, REPORT_EVERY_MS);
				await untilAborted(this.sleep(step), cancel);
				left -= step;
				if (left > 0) this.report(countdownNotice(reason, until, until - left, true));
			}
		} finally {
			this.report(undefined);
		}
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
	private list<A extends object, K extends keyof A & string>(method: string, path: string, answer: A, key: K): Array<NonNullable<A[K]> extends ReadonlyArray<infer I> ? I : never> {
		const items = (answer as Record<string, unknown>)[key];
		if (items === undefined) return [];
		if (!Array.isArray(items)) throw this.unexpected(method, path, `"${key}" is ${JSON.stringify(items)?.slice(0, 40)}, not a list`);
		if (items.some(item => item === null || typeof item !== 'object')) throw this.unexpected(method, path, `"${key}" holds something that is not an object`);
		return items;
	}

	private failure(method: string, template: ApiPath, path: string, status: number, body: unknown): CloudApiError {
		const apiMessage = typeof (body as {message?: unknown})?.message === 'string' ? (body as {message: string}).message : undefined;
		const said = apiMessage ? `: ${apiMessage}` : '';
		if (status === 401) return new CloudApiError(`the API key is not valid (HTTP 401${said}): check COCKROACH_API_KEY, or make a new key under Organization → Access Management → Service Accounts`, status, apiMessage);
		if (status === 403) return new CloudApiError(`the API key's service account may not ${method} ${path} (HTTP 403${said}): give it ${ROLES[`${method as Uppercase<Method>} ${template}`] ?? 'a role that allows this'}`, status, apiMessage);
		if (status === 404) return new CloudApiError(`not found: ${method} ${path} (HTTP 404${said})`, status, apiMessage);
		if (status === 409) return new CloudApiError(`the Cloud API refused ${method} ${path} (HTTP 409${said}): it already exists, or another operation holds the cluster; try again shortly`, status, apiMessage);
		if (status === 429) return new CloudApiError(`the Cloud API is rate-limiting these calls (HTTP 429${said}): wait a few seconds and try again`, status, apiMessage);
		return new CloudApiError(`the Cloud API failed ${method} ${path} (HTTP ${status}${said})`, status, apiMessage);
	}

	/**
	Every page of a list, following next_page to the end (bounded: a repeated token or more than MAX_PAGES
	pages is an error). `page` fetches one page given its token; the one pagination loop of the client.
	*/
	private async pages<A extends {pagination?: unknown}>(path: string, page: (token: string | undefined) => Promise<A>): Promise<A[]> {
		const answers: A[] = [];
		const seen = new Set<string>();
		let token: string | undefined;
		do {
			const answer = await page(token);
			answers.push(answer);
			token = this.nextPage(path, seen, answer.pagination);
		} while (token);
		return answers;
	}

	/** The key check: which organization the key belongs to. */
	async getOrganization(): Promise<Organization> {
		const organization = await this.call('get', '/api/v1/organization', {});
		if (typeof organization.name !== 'string') throw this.unexpected('GET', '/api/v1/organization', 'the organization has no name');
		return organization;
	}

	/** Every cluster the key can see. */
	async listClusters(): Promise<Cluster[]> {
		const path = '/api/v1/clusters';
		const answers = await this.pages(path, token => this.call('get', path, {query: {'pagination.limit': 500, 'pagination.page': token}}));
		const clusters = answers.flatMap(answer => this.list('GET', path, answer, 'clusters'));
		// What the wizard reads of each cluster, which the spec marks required.
		for (const cluster of clusters) {
			const bad = (['id', 'name', 'plan', 'state', 'cloud_provider'] as const).find(key => typeof cluster[key] !== 'string');
			if (bad) throw this.unexpected('GET', path, `a cluster's "${bad}" is ${JSON.stringify(cluster[bad]) ?? 'missing'}`);
			if (!Array.isArray(cluster.regions) || cluster.regions.some(r => r === null || typeof r !== 'object' || typeof r.name !== 'string' || typeof r.sql_dns !== 'string')) {
				throw this.unexpected('GET', path, `the regions of cluster ${cluster.name} are not a list of regions with names and hosts`);
			}
		}

		return clusters;
	}

	/** The IP allowlist and whether a change is still propagating. */
	async listAllowlist(clusterId: string): Promise<{entries: AllowlistEntry[]; propagating: boolean}> {
		const template = '/api/v1/clusters/{cluster_id}/networking/allowlist';
		const path = fillPath(template, {cluster_id: clusterId});
		const answers = await this.pages(path, token => this.call('get', template, {path: {cluster_id: clusterId}, query: {'pagination.limit': 500, 'pagination.page': token}}));
		const entries = answers.flatMap(answer => this.list('GET', path, answer, 'allowlist'));
		if (entries.some(r => typeof r.cidr_ip !== 'string' || typeof r.cidr_mask !== 'number')) throw this.unexpected('GET', path, 'an allowlist entry has no cidr_ip or cidr_mask');
		return {entries, propagating: answers.some(answer => answer.propagating === true)};
	}

	/** Add an allowlist rule. */
	addAllowlistEntry(clusterId: string, entry: AllowlistEntry): Promise<AllowlistEntry> {
		return this.call('post', '/api/v1/clusters/{cluster_id}/networking/allowlist', {path: {cluster_id: clusterId}, body: entry});
	}

	/** Change what an allowlist rule allows (SQL, DB Console). */
	updateAllowlistEntry(clusterId: string, cidr: {ip: string; mask: number}, flags: {sql: boolean; ui: boolean}): Promise<AllowlistEntry> {
		return this.call('patch', '/api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}', {path: {cluster_id: clusterId, cidr_ip: cidr.ip, cidr_mask: cidr.mask}, body: flags});
	}

	/** Remove an allowlist rule. */
	deleteAllowlistEntry(clusterId: string, cidr: {ip: string; mask: number}): Promise<AllowlistEntry> {
		return this.call('delete', '/api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}', {path: {cluster_id: clusterId, cidr_ip: cidr.ip, cidr_mask: cidr.mask}});
	}

	/** Trust an AWS account to create private endpoints to the cluster (Advanced). */
	async addTrustedOwner(clusterId: string, awsAccountId: string): Promise<void> {
		await this.call('post', '/api/v1/clusters/{cluster_id}/networking/private-endpoint-trusted-owners', {path: {cluster_id: clusterId}, body: {external_owner_id: awsAccountId, type: 'AWS_ACCOUNT_ID'}});
	}

	/** The SQL users' names. */
	async listSqlUsers(clusterId: string): Promise<string[]> {
		const template = '/api/v1/clusters/{cluster_id}/sql-users';
		const path = fillPath(template, {cluster_id: clusterId});
		const answers = await this.pages(path, token => this.call('get', template, {path: {cluster_id: clusterId}, query: {'pagination.limit': 500, 'pagination.page': token}}));
		return answers.flatMap(answer => this.list('GET', path, answer, 'users')).map(u => u.name);
	}

	/** Create a SQL user (the password travels only in the request body). */
	async createSqlUser(clusterId: string, name: string, password: string): Promise<void> {
		await this.call('post', '/api/v1/clusters/{cluster_id}/sql-users', {path: {cluster_id: clusterId}, body: {name, password}});
	}

	/** Set a SQL user's password. */
	async setSqlUserPassword(clusterId: string, name: string, password: string): Promise<void> {
		await this.call('put', '/api/v1/clusters/{cluster_id}/sql-users/{name}/password', {path: {cluster_id: clusterId, name}, body: {password}});
	}

	/** The database names. */
	async listDatabases(clusterId: string): Promise<string[]> {
		return (await this.listDatabaseDetails(clusterId)).map(d => d.name);
	}

	/** The connection string for a user and database (it holds no password). */
	async getConnectionString(clusterId: string, query: {database?: string; sql_user?: string; os?: 'MAC' | 'LINUX' | 'WINDOWS'}): Promise<ConnectionStringResponse> {
		const template = '/api/v1/clusters/{cluster_id}/connection-string';
		const answer = await this.call('get', template, {path: {cluster_id: clusterId}, query});
		if (answer.params === null || typeof answer.params !== 'object' || typeof answer.params.Host !== 'string') throw this.unexpected('GET', fillPath(template, {cluster_id: clusterId}), 'it names no host (params.Host)');
		return answer;
	}

	/** The cluster's private endpoint services. */
	async listPrivateEndpointServices(clusterId: string): Promise<PrivateEndpointService[]> {
		const template = '/api/v1/clusters/{cluster_id}/networking/private-endpoint-services';
		return this.list('GET', fillPath(template, {cluster_id: clusterId}), await this.call('get', template, {path: {cluster_id: clusterId}}), 'services');
	}

	/** Create the private endpoint services (Advanced only; idempotent there). */
	async createPrivateEndpointServices(clusterId: string): Promise<PrivateEndpointService[]> {
		const template = '/api/v1/clusters/{cluster_id}/networking/private-endpoint-services';
		return this.list('POST', fillPath(template, {cluster_id: clusterId}), await this.call('post', template, {path: {cluster_id: clusterId}}), 'services');
	}

	/** The private endpoint connections. */
	async listPrivateEndpointConnections(clusterId: string): Promise<PrivateEndpointConnection[]> {
		const template = '/api/v1/clusters/{cluster_id}/networking/private-endpoint-connections';
		return this.list('GET', fillPath(template, {cluster_id: clusterId}), await this.call('get', template, {path: {cluster_id: clusterId}}), 'connections');
	}

	/** Accept a customer's private endpoint. */
	addPrivateEndpointConnection(clusterId: string, endpointId: string): Promise<PrivateEndpointConnection> {
		return this.call('post', '/api/v1/clusters/{cluster_id}/networking/private-endpoint-connections', {path: {cluster_id: clusterId}, body: {endpoint_id: endpointId}});
	}

	// --- Beyond the Console (issue 13): creating clusters, regions on offer, databases, the client CA. ---

	/** Create a cluster; the answer is the cluster, usually still CREATING. */
	createCluster(body: CreateClusterRequest): Promise<Cluster> {
		return this.call('post', '/api/v1/clusters', {body});
	}

	/** One cluster, as it is now. */
	getCluster(clusterId: string): Promise<Cluster> {
		return this.call('get', '/api/v1/clusters/{cluster_id}', {path: {cluster_id: clusterId}});
	}

	/** The regions a cluster can be created in, nearest to the caller first. */
	async listAvailableRegions(query: {provider?: 'GCP' | 'AWS' | 'AZURE'; serverless: boolean}): Promise<AvailableRegion[]> {
		const path = '/api/v1/clusters/available-regions';
		const answers = await this.pages(path, token => this.call('get', path, {query: {...query, 'pagination.limit': 500, 'pagination.page': token}}));
		return answers.flatMap(answer => this.list('GET', path, answer, 'regions'));
	}

	/** The databases with their table counts (int64 as a string in the API). */
	async listDatabaseDetails(clusterId: string): Promise<Database[]> {
		const template = '/api/v1/clusters/{cluster_id}/databases';
		const path = fillPath(template, {cluster_id: clusterId});
		const answers = await this.pages(path, token => this.call('get', template, {path: {cluster_id: clusterId}, query: {'pagination.limit': 500, 'pagination.page': token}}));
		return answers.flatMap(answer => this.list('GET', path, answer, 'databases'));
	}

	/** Create a database. */
	createDatabase(clusterId: string, name: string): Promise<Database> {
		return this.call('post', '/api/v1/clusters/{cluster_id}/databases', {path: {cluster_id: clusterId}, body: {name}});
	}

	/** The client CA certificate the cluster trusts for client certificates (Advanced), and its status. */
	getClientCaCert(clusterId: string): Promise<ClientCaCertInfo> {
		return this.call('get', '/api/v1/clusters/{cluster_id}/client-ca-cert', {path: {cluster_id: clusterId}});
	}

	/** Set the client CA when none is set. */
	setClientCaCert(clusterId: string, pem: string): Promise<ClientCaCertInfo> {
		return this.call('post', '/api/v1/clusters/{cluster_id}/client-ca-cert', {path: {cluster_id: clusterId}, body: {x509_pem_cert: pem}});
	}

	/** Replace the client CA that is set. */
	updateClientCaCert(clusterId: string, pem: string): Promise<ClientCaCertInfo> {
		return this.call('patch', '/api/v1/clusters/{cluster_id}/client-ca-cert', {path: {cluster_id: clusterId}, body: {x509_pem_cert: pem}});
	}

	/** Remove the client CA (the undo of setting it). */
	deleteClientCaCert(clusterId: string): Promise<ClientCaCertInfo> {
		return this.call('delete', '/api/v1/clusters/{cluster_id}/client-ca-cert', {path: {cluster_id: clusterId}});
	}

	/** Where the cluster's CA certificate is downloaded from (not part of the REST API; no key is sent). */
	caCertificateUrl(clusterId: string): string {
		return `${this.server}/clusters/${encodeURIComponent(clusterId)}/cert`;
	}
}

/**
One attempt's deadline, joined with the run's cancel signal. Not AbortSignal.timeout() inside AbortSignal.any(): on
Node 20 to 24 that timeout signal can be garbage-collected before it fires (nodejs/node#57736), and a server that
never answered then kept the request waiting (until undici's own 300 s) while the wait line said "at most 10 s".
The timer here holds its controller; it is unref'd, so a deadline left from a finished attempt keeps no process alive.
*/
function attemptSignal(ms: number, cancel?: AbortSignal): AbortSignal {
	const deadline = new AbortController();
	setTimeout(() => deadline.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms).unref();
	return cancel ? AbortSignal.any([cancel, deadline.signal]) : deadline.signal;
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
