/**
A local CockroachDB Cloud API for tests. Every request (path, method, headers, path and query parameters,
body) and every response it sends is checked against shared/cloud-api/openapi.json; anything that does not
match is recorded in `violations`, which the tests assert is empty. It holds clusters of each plan and
cloud, an allowlist, SQL users and databases, and can inject faults (status codes, Retry-After, slow or
malformed answers).
*/
import {existsSync, readFileSync} from 'node:fs';
import {randomUUID} from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import {Ajv, type ValidateFunction} from 'ajv';

type Json = Record<string, unknown>;

interface Operation {
	method: string;
	template: string;
	regex: RegExp;
	names: string[];
	spec: Json;
	pointer: string;
}

/** One request as the server saw it. */
export interface SeenRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	headers: http.IncomingHttpHeaders;
}

/** A fault to inject on matching requests. */
export interface Fault {
	method?: string;
	path: RegExp;
	status?: number;
	retryAfter?: string;
	/** The answer's body as sent (not checked against the spec): fixed, or made from the request's query. */
	body?: string | ((query: Record<string, string>) => string);
	delayMs?: number;
	/**
	An answer whose body never ends: it streams JSON-ish padding for as long as the client reads (and waits when
	it does not), until the client closes the connection, which `cutOff` counts.
	*/
	endless?: boolean;
	/** How many matching requests it applies to (default: all). */
	times?: number;
}

const SPEC_PATH = path.resolve('../shared/cloud-api/openapi.json');

/** The running server. */
export interface CloudApiServer {
	url: string;
	apiKey: string;
	requests: SeenRequest[];
	violations: string[];
	state: CloudState;
	fault(fault: Fault): void;
	/** Drop every fault still armed. */
	clearFaults(): void;
	/** Requests still being answered (e.g. held by a delay fault). */
	readonly inFlight: number;
	/** Endless answers the client stopped reading and closed. */
	readonly cutOff: number;
	close(): Promise<void>;
}

/** What the fake cloud holds. */
export interface CloudState {
	clusters: Json[];
	allowlists: Record<string, Json[]>;
	propagatingFor: Record<string, number>;
	/** How many list calls each allowlist change keeps propagating for (by cluster); DELETEs made meanwhile are counted. */
	propagationAfterChange: Record<string, number>;
	deletesWhilePropagating: number;
	users: Record<string, string[]>;
	passwords: Record<string, string>;
	databases: Record<string, string[]>;
	/** The CA certificate served at /clusters/{id}/cert. */
	caPem: string;
	pageSize: number;
	/** The port the connection-string endpoint reports (tests point it at a real server). */
	sqlPort: number;
	/** Called when a SQL user is created or its password set, so a real server can follow. */
	onSqlUser?: (name: string, password: string) => void;
	/** Private endpoint services and connections by cluster; how many checks they stay CREATING / pending. */
	peServices: Record<string, Json[]>;
	peConnections: Record<string, Json[]>;
	servicePolls: number;
	connectionPolls: number;
	/** A terminal status to give new connections instead of becoming available. */
	connectionOutcome: string;
	trustedOwners: string[];
	/** Beyond the Console (issue 13). How many GETs a new cluster stays CREATING. */
	creationPolls: number;
	/** The SQL host new clusters get in every region (tests point it at loopback). */
	newClusterHost: string;
	/** How many clusters the organization may have before creation is refused as over quota. */
	clusterQuota: number;
	/** Names of clusters left out of the cluster list (made by someone else after the list was read). */
	unlisted: string[];
	/** The regions offered for new clusters (distance in miles from the caller). */
	availableRegions: Json[];
	/** Table counts by cluster id and database name (absent: 0). */
	tableCounts: Record<string, Record<string, number>>;
	/** Called when a database is created, so a real server can follow. */
	onDatabase?: (name: string) => void;
	/** The client CA by cluster: status, PEM, and how many GETs an upload stays PENDING. */
	clientCa: Record<string, {status: string; pem: string}>;
	clientCaPolls: number;
	/** Called when the client CA is set, replaced (PEM) or removed (undefined), so a real server can follow. */
	onClientCa?: (pem: string | undefined) => void;
}

let ajvSingleton: {ajv: Ajv; spec: Json} | undefined;
function validatorSource(): {ajv: Ajv; spec: Json} {
	if (!ajvSingleton) {
		if (!existsSync(SPEC_PATH)) throw new Error(`the Cloud API spec is not at ${SPEC_PATH}: the tests expect the shared/ folder beside this checkout`);
		const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Json;
		// OpenAPI 3.0 schemas: unknown keywords (example, readOnly) and formats (int64, uuid) are annotations here.
		const ajv = new Ajv({strict: false, validateFormats: false, allErrors: true});
		ajv.addSchema(spec, 'spec');
		ajvSingleton = {ajv, spec};
	}

	return ajvSingleton;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function operations(spec: Json): Operation[] {
	const ops: Operation[] = [];
	for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
		for (const [method, op] of Object.entries(item)) {
			if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
			const names: string[] = [];
			const regex = new RegExp(`^${template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
				names.push(name);
				return '([^/]+)';
			})}$`);
			ops.push({method: method.toUpperCase(), template, regex, names, spec: op as Json, pointer: `spec#/paths/${escapePointer(template)}/${method}`});
		}
	}

	// Literal segments before parameters: `/sql-users/{name}/password` must not lose to `/sql-users/{name}`.
	// And at equal length, literal templates first: `/clusters/available-regions` is not `/clusters/{cluster_id}`.
	const params = (t: string) => t.split('{').length;
	return ops.sort((a, b) => b.template.split('/').length - a.template.split('/').length || params(a.template) - params(b.template));
}

function validator(ajv: Ajv, ref: string): ValidateFunction {
	return ajv.getSchema(ref) ?? ajv.compile({$ref: ref});
}

/** A cluster object that satisfies the spec's Cluster schema. */
/** The API key the test server accepts: a secret the run-wide scan looks for in all output. */
export const TEST_API_KEY = 'CCDB1_testkey_secret';

export function makeCluster(over: {id: string; name: string; plan: 'BASIC' | 'STANDARD' | 'ADVANCED'; cloud: 'GCP' | 'AWS' | 'AZURE'; state?: string; regions?: string[]; sqlHost?: string; internalHost?: string}): Json {
	const serverless = over.plan !== 'ADVANCED';
	const regions = (over.regions ?? ['us-east1']).map((name, i) => ({
		name,
		// Tests that connect for real point the host at loopback: no public name is ever resolved.
		sql_dns: over.sqlHost ?? `${over.name}-${1000 + i}.${name}.cockroachlabs.cloud`,
		ui_dns: serverless ? '' : `admin-${over.name}.${name}.cockroachlabs.cloud`,
		internal_dns: over.internalHost ?? over.sqlHost ?? `internal-${over.name}.${name}.cockroachlabs.cloud`,
		private_endpoint_dns: over.sqlHost ?? `private-${over.name}.${name}.cockroachlabs.cloud`,
		node_count: serverless ? 0 : 3,
		primary: i === 0,
	}));
	return {
		id: over.id,
		name: over.name,
		cockroach_version: 'v24.3.1',
		upgrade_status: 'FINALIZED',
		plan: over.plan,
		cloud_provider: over.cloud,
		// The cluster's network details, as the spec describes them: on GCP the project, and on GCP Advanced the range.
		account_id: over.cloud === 'GCP' ? `crl-prod-${over.name}` : over.cloud === 'AWS' ? '123456789012' : '',
		state: over.state ?? 'CREATED',
		creator_id: 'c0ffee00-0000-4000-8000-000000000000',
		operation_status: 'UNSPECIFIED',
		config: serverless
			? {serverless: {routing_id: `${over.name}-1000`, upgrade_type: 'AUTOMATIC'}}
			: {dedicated: {machine_type: 'n2-standard-4', num_virtual_cpus: 4, storage_gib: 150, memory_gib: 16, disk_iops: 450}},
		regions,
		created_at: '2026-01-01T00:00:00Z',
		updated_at: '2026-01-01T00:00:00Z',
		deleted_at: '',
		cidr_range: over.cloud === 'GCP' && over.plan === 'ADVANCED' ? '172.28.0.0/14' : '',
		labels: {},
		parent_id: 'root',
		// Listed as required by the spec though it is not among the properties (cloud-api.md notes it).
		is_customer_cloud_account: false,
	};
}

/** Put a cluster into a running server's organization, with the same empty lists a starting one gets. */
export function addCluster(state: CloudState, cluster: Json): string {
	const id = cluster.id as string;
	state.clusters.push(cluster);
	state.allowlists[id] = [];
	state.users[id] = [];
	state.databases[id] = ['defaultdb', 'postgres'];
	state.peServices[id] = cluster.plan === 'STANDARD' ? services(cluster, 'AVAILABLE') : [];
	state.peConnections[id] = [];
	return id;
}

/** Start the server on loopback with the given clusters. */
export async function startCloudApiServer(options: {clusters: Json[]; caPem?: string; sqlPort?: number; onSqlUser?: (name: string, password: string) => void; onDatabase?: (name: string) => void; onClientCa?: (pem: string | undefined) => void}): Promise<CloudApiServer> {
	const {ajv, spec} = validatorSource();
	const ops = operations(spec);
	const requests: SeenRequest[] = [];
	const violations: string[] = [];
	const faults: Fault[] = [];
	const apiKey = TEST_API_KEY;
	const state: CloudState = {
		clusters: options.clusters,
		allowlists: Object.fromEntries(options.clusters.map(c => [c.id as string, []])),
		propagatingFor: {},
		propagationAfterChange: {},
		deletesWhilePropagating: 0,
		users: Object.fromEntries(options.clusters.map(c => [c.id as string, []])),
		passwords: {},
		databases: Object.fromEntries(options.clusters.map(c => [c.id as string, ['defaultdb', 'postgres']])),
		caPem: options.caPem ?? '',
		pageSize: 500,
		sqlPort: options.sqlPort ?? 26257,
		onSqlUser: options.onSqlUser,
		// Standard (serverless-type) clusters come with their services; Advanced ones get them on request.
		peServices: Object.fromEntries(options.clusters.map(c => [c.id as string, c.plan === 'STANDARD' ? services(c, 'AVAILABLE') : []])),
		peConnections: Object.fromEntries(options.clusters.map(c => [c.id as string, []])),
		servicePolls: 1,
		connectionPolls: 1,
		connectionOutcome: 'STATUS_AVAILABLE',
		trustedOwners: [],
		creationPolls: 2,
		newClusterHost: 'localhost',
		clusterQuota: 100,
		unlisted: [],
		availableRegions: [
			{name: 'us-east1', location: 'South Carolina', provider: 'GCP', serverless: true, distance: 310},
			{name: 'europe-west1', location: 'St. Ghislain, Belgium', provider: 'GCP', serverless: true, distance: 4100},
			{name: 'us-east-1', location: 'N. Virginia', provider: 'AWS', serverless: true, distance: 120},
			{name: 'us-west-2', location: 'Oregon', provider: 'AWS', serverless: true, distance: 2400},
			{name: 'eastus2', location: 'Virginia', provider: 'AZURE', serverless: true, distance: 140},
			{name: 'us-central1', location: 'Iowa', provider: 'GCP', serverless: false, distance: 900},
		],
		tableCounts: {},
		onDatabase: options.onDatabase,
		clientCa: {},
		clientCaPolls: 1,
		onClientCa: options.onClientCa,
	};

	const check = (what: string, validate: ValidateFunction, value: unknown) => {
		if (!validate(value)) violations.push(`${what}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(value).slice(0, 300)}`);
	};

	const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		let body: unknown;
		try {
			body = raw ? JSON.parse(raw) : undefined;
		} catch {
			violations.push(`${req.method} ${url.pathname}: request body is not JSON`);
		}

		const seen: SeenRequest = {method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body, headers: req.headers};
		requests.push(seen);

		// The CA certificate download is not part of the REST API, and takes no key.
		const cert = /^\/clusters\/([^/]+)\/cert$/.exec(url.pathname);
		if (cert && req.method === 'GET') {
			const known = state.clusters.some(c => c.id === cert[1]);
			res.writeHead(known ? 200 : 404, {'content-type': 'text/plain'}).end(known ? state.caPem : 'not found');
			return;
		}

		const send = (status: number, payload: unknown, extraHeaders: Record<string, string> = {}) => {
			res.writeHead(status, {'content-type': 'application/json', ...extraHeaders}).end(JSON.stringify(payload));
		};

		const fault = faults.find(f => (f.method ?? req.method) === req.method && f.path.test(url.pathname) && (f.times === undefined || f.times > 0));
		if (fault) {
			if (fault.times !== undefined) fault.times--;
			if (fault.delayMs) await new Promise(resolve => setTimeout(resolve, fault.delayMs));
			if (fault.endless) {
				res.writeHead(fault.status ?? 200, {'content-type': 'application/json', ...(fault.retryAfter ? {'retry-after': fault.retryAfter} : {})});
				res.write('{"clusters": [], "padding": "');
				// Write while the client reads; when it stops reading, wait (backpressure) until it closes.
				await new Promise<void>(resolve => {
					const pump = () => {
						while (!res.destroyed && res.write(' '.repeat(64 * 1024)));
					};
					res.on('drain', pump);
					res.on('close', () => {
						cutOff++;
						resolve();
					});
					pump();
				});
				return;
			}

			if (fault.body !== undefined) {
				res.writeHead(fault.status ?? 200, {'content-type': 'application/json'}).end(typeof fault.body === 'function' ? fault.body(Object.fromEntries(url.searchParams)) : fault.body);
				return;
			}

			if (fault.status) {
				send(fault.status, {code: fault.status === 429 ? 8 : 13, message: `injected ${fault.status}`, details: []}, fault.retryAfter ? {'retry-after': fault.retryAfter} : {});
				return;
			}
		}

		const op = ops.find(o => o.method === req.method && o.regex.test(url.pathname));
		if (!op) {
			violations.push(`${req.method} ${url.pathname}: no such operation in the spec`);
			send(404, {code: 5, message: 'no such operation', details: []});
			return;
		}

		// Headers every call must carry.
		if (req.headers.authorization !== `Bearer ${apiKey}`) {
			if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) violations.push(`${op.method} ${op.template}: no bearer token`);
			send(401, {code: 16, message: 'invalid API key', details: []});
			return;
		}

		if (req.headers['cc-version'] !== '2024-09-16') violations.push(`${op.method} ${op.template}: Cc-Version is ${req.headers['cc-version']}`);
		if (!/crdb-connect\/\S+/.test(req.headers['user-agent'] ?? '')) violations.push(`${op.method} ${op.template}: User-Agent ${req.headers['user-agent']} does not name crdb-connect`);

		// Parameters, as the spec declares them.
		const params = (op.spec.parameters as Json[] | undefined) ?? [];
		const pathValues = Object.fromEntries(op.names.map((n, i) => [n, decodeURIComponent(op.regex.exec(url.pathname)![i + 1]!)]));
		for (const key of url.searchParams.keys()) {
			if (!params.some(p => p.in === 'query' && p.name === key)) violations.push(`${op.method} ${op.template}: unknown query parameter ${key}`);
		}

		for (const param of params) {
			const value = param.in === 'path' ? pathValues[param.name as string] : param.in === 'query' ? url.searchParams.get(param.name as string) ?? undefined : undefined;
			if (value === undefined) {
				if (param.required) violations.push(`${op.method} ${op.template}: missing ${param.in} parameter ${param.name}`);
				continue;
			}

			const schema = param.schema as Json;
			const typed = schema.type === 'integer' ? Number(value) : schema.type === 'boolean' ? (value === 'true' ? true : value === 'false' ? false : value) : value;
			check(`${op.method} ${op.template} ${param.in} parameter ${param.name}`, ajv.compile(schema), typed);
		}

		const requestSchema = (op.spec.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
		if (requestSchema) {
			check(`${op.method} ${op.template} request body`, validator(ajv, `${op.pointer}/requestBody/content/application~1json/schema`), body);
			if (!/application\/json/.test(req.headers['content-type'] ?? '')) violations.push(`${op.method} ${op.template}: request body without a JSON content type`);
		}

		const [status, payload] = handle(op.template, op.method, pathValues, seen, state);
		if (status === 200) check(`${op.method} ${op.template} response`, validator(ajv, `${op.pointer}/responses/200/content/application~1json/schema`), payload);
		else check(`${op.method} ${op.template} error response`, validator(ajv, 'spec#/components/schemas/Status'), payload);
		send(status, payload);
	};
	let inFlight = 0;
	let cutOff = 0;
	const server = http.createServer(async (req, res) => {
		inFlight++;
		try {
			await answer(req, res);
		} finally {
			inFlight--;
		}
	});
	// Idle keep-alive sockets stay open longer than fetch's own 4 s pool timeout: when a test blocks the event
	// loop (a synchronous child process under load), a server that closed first would make the client reuse a
	// dead socket and fail with ECONNRESET (seen in CI-like runs with both cores busy).
	server.keepAliveTimeout = 60_000;
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	return {
		url: `http://127.0.0.1:${port}`,
		apiKey,
		requests,
		violations,
		state,
		fault: f => faults.push(f),
		clearFaults: () => void faults.splice(0),
		get inFlight() {
			return inFlight;
		},
		get cutOff() {
			return cutOff;
		},
		close: () =>
			new Promise(resolve => {
				server.close(() => resolve());
				// Idle keep-alive sockets, and any a client left half-open after cancelling an endless answer, go now.
				server.closeAllConnections();
			}),
	};
}

const error = (status: number, code: number, message: string): [number, Json] => [status, {code, message, details: []}];

/** One private endpoint service per region, named as each cloud names them. */
export function services(cluster: Json, status: string): Json[] {
	const cloud = cluster.cloud_provider as string;
	return (cluster.regions as Json[]).map(r => ({
		region_name: r.name,
		cloud_provider: cloud,
		status,
		name: cloud === 'AWS' ? `com.amazonaws.vpce.${r.name as string}.vpce-svc-0123456789abcdef0` : cloud === 'GCP' ? `projects/crl-prod/regions/${r.name as string}/serviceAttachments/crdb-psc` : `crdb-${r.name as string}-pls`,
		endpoint_service_id: cloud === 'AZURE' ? `/subscriptions/0000/resourceGroups/crl/providers/Microsoft.Network/privateLinkServices/crdb-${r.name as string}` : `svc-${r.name as string}`,
		availability_zone_ids: cloud === 'AWS' ? ['use1-az1', 'use1-az2'] : [],
	}));
}

/** Paginate a list with an opaque page token (the index, base64). */
function paginate<T>(items: T[], query: Record<string, string>, pageSize: number): {page: T[]; pagination: Json} {
	const start = query['pagination.page'] ? Number(Buffer.from(query['pagination.page'], 'base64').toString()) : 0;
	const limit = Math.min(Number(query['pagination.limit'] ?? pageSize), pageSize);
	const page = items.slice(start, start + limit);
	const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
	return {page, pagination: next ? {next_page: next} : {}};
}

function handle(template: string, method: string, p: Record<string, string>, req: SeenRequest, state: CloudState): [number, unknown] {
	const cluster = p.cluster_id === undefined ? undefined : state.clusters.find(c => c.id === p.cluster_id);
	if (p.cluster_id !== undefined && !cluster) return error(404, 5, `cluster ${p.cluster_id} not found`);
	const id = p.cluster_id!;
	switch (`${method} ${template}`) {
		case 'GET /api/v1/organization':
			return [200, {id: '0f0f0f0f-0000-4000-8000-000000000001', name: 'Acme Support', label: 'acme-support', created_at: '2025-01-01T00:00:00Z'}];
		case 'GET /api/v1/clusters': {
			const {page, pagination} = paginate(state.clusters.filter(c => !state.unlisted.includes(c.name as string)).map(({pollsLeft: _, ...c}) => c), req.query, state.pageSize);
			return [200, {clusters: page, pagination}];
		}

		case 'GET /api/v1/clusters/{cluster_id}': {
			// A new cluster is CREATING for a few polls, then CREATED.
			if (cluster!.state === 'CREATING' && cluster!.pollsLeft !== undefined) {
				cluster!.pollsLeft = (cluster!.pollsLeft as number) - 1;
				if ((cluster!.pollsLeft as number) <= 0) {
					cluster!.state = 'CREATED';
					delete cluster!.pollsLeft;
				}
			}

			const {pollsLeft: _, ...shown} = cluster!;
			return [200, shown];
		}

		case 'POST /api/v1/clusters': {
			const body = req.body as {name: string; provider: string; spec: {plan?: string; serverless?: {regions: string[]; with_empty_ip_allowlist?: boolean}}};
			if (state.clusters.some(c => c.name === body.name)) return error(409, 6, `a cluster named ${body.name} already exists in this organization`);
			if (state.clusters.length >= state.clusterQuota) return error(400, 9, 'the organization has reached the maximum number of clusters allowed');
			if (!body.spec.serverless) return error(400, 3, 'the test server creates serverless-type clusters only');
			const regions = body.spec.serverless.regions;
			const offered = state.availableRegions.filter(r => r.provider === body.provider && r.serverless).map(r => r.name);
			const unknown = regions.find(r => !offered.includes(r));
			if (unknown) return error(400, 3, `region ${unknown} is not available for ${body.provider}`);
			const created = makeCluster({id: randomUUID(), name: body.name, plan: (body.spec.plan ?? 'STANDARD') as 'BASIC', cloud: body.provider as 'GCP', state: 'CREATING', regions, sqlHost: state.newClusterHost});
			const newId = created.id as string;
			state.allowlists[newId] = body.spec.serverless.with_empty_ip_allowlist ? [] : [{cidr_ip: '0.0.0.0', cidr_mask: 0, name: 'default', sql: true, ui: false}];
			state.users[newId] = [];
			state.databases[newId] = ['defaultdb', 'postgres'];
			state.peServices[newId] = [];
			state.peConnections[newId] = [];
			state.clusters.push({...created, pollsLeft: state.creationPolls});
			return [200, created];
		}

		case 'GET /api/v1/clusters/available-regions': {
			const serverless = req.query.serverless === 'true';
			const list = state.availableRegions.filter(r => (req.query.provider === undefined || r.provider === req.query.provider) && (!serverless || r.serverless)).sort((a, b) => (a.distance as number) - (b.distance as number));
			const {page, pagination} = paginate(list, req.query, state.pageSize);
			return [200, {regions: page, pagination}];
		}

		case 'POST /api/v1/clusters/{cluster_id}/databases': {
			const {name} = req.body as {name: string};
			if (state.databases[id]!.includes(name)) return error(409, 6, `database ${name} already exists`);
			state.databases[id]!.push(name);
			state.databases[id]!.sort();
			state.onDatabase?.(name);
			return [200, {name, table_count: '0'}];
		}

		case 'GET /api/v1/clusters/{cluster_id}/client-ca-cert': {
			const ca = state.clientCa[id] ?? {status: 'NOT_SET', pem: ''};
			if (ca.status === 'PENDING' && state.clientCaPolls-- <= 0) {
				ca.status = 'IS_SET';
				state.onClientCa?.(ca.pem);
			}

			return [200, ca.status === 'NOT_SET' ? {status: 'NOT_SET'} : {status: ca.status, x509_pem_cert: ca.pem}];
		}

		case 'POST /api/v1/clusters/{cluster_id}/client-ca-cert':
		case 'PATCH /api/v1/clusters/{cluster_id}/client-ca-cert': {
			if (cluster!.plan !== 'ADVANCED') return error(400, 9, 'client CA certificates are only supported on Advanced clusters');
			const current = state.clientCa[id]?.status ?? 'NOT_SET';
			if (method === 'POST' && current !== 'NOT_SET') return error(409, 6, 'a client CA certificate is already set: update it instead');
			if (method === 'PATCH' && current === 'NOT_SET') return error(404, 5, 'no client CA certificate is set');
			const pem = (req.body as {x509_pem_cert: string}).x509_pem_cert;
			if (!/^-----BEGIN CERTIFICATE-----/.test(pem.trim())) return error(400, 3, 'x509_pem_cert is not a PEM certificate');
			state.clientCa[id] = {status: 'PENDING', pem};
			return [200, {status: 'PENDING', x509_pem_cert: pem}];
		}

		case 'DELETE /api/v1/clusters/{cluster_id}/client-ca-cert': {
			const ca = state.clientCa[id];
			if (!ca || ca.status === 'NOT_SET') return error(404, 5, 'no client CA certificate is set');
			state.clientCa[id] = {status: 'NOT_SET', pem: ''};
			state.onClientCa?.(undefined);
			return [200, {status: 'NOT_SET'}];
		}
		case 'GET /api/v1/clusters/{cluster_id}/networking/allowlist': {
			const {page, pagination} = paginate(state.allowlists[id]!, req.query, state.pageSize);
			const left = state.propagatingFor[id] ?? 0;
			if (left > 0) state.propagatingFor[id] = left - 1;
			return [200, {allowlist: page, propagating: left > 0, pagination}];
		}

		case 'POST /api/v1/clusters/{cluster_id}/networking/allowlist': {
			const entry = req.body as Json;
			if (state.allowlists[id]!.some(e => e.cidr_ip === entry.cidr_ip && e.cidr_mask === entry.cidr_mask)) return error(409, 6, 'allowlist entry already exists');
			state.allowlists[id]!.push(entry);
			if (state.propagationAfterChange[id]) state.propagatingFor[id] = state.propagationAfterChange[id]!;
			return [200, entry];
		}

		case 'PATCH /api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}': {
			const list = state.allowlists[id]!;
			const index = list.findIndex(e => e.cidr_ip === p.cidr_ip && e.cidr_mask === Number(p.cidr_mask));
			if (index === -1) return error(404, 5, 'no such allowlist entry');
			// A new object: the request log keeps the bodies it was sent, the POSTed one included.
			const entry = {...list[index]!, ...(req.body as Json)};
			list[index] = entry;
			if (state.propagationAfterChange[id]) state.propagatingFor[id] = state.propagationAfterChange[id]!;
			return [200, entry];
		}

		case 'DELETE /api/v1/clusters/{cluster_id}/networking/allowlist/{cidr_ip}/{cidr_mask}': {
			const list = state.allowlists[id]!;
			const index = list.findIndex(e => e.cidr_ip === p.cidr_ip && e.cidr_mask === Number(p.cidr_mask));
			if (index === -1) return error(404, 5, 'no such allowlist entry');
			if ((state.propagatingFor[id] ?? 0) > 0) state.deletesWhilePropagating++;
			const [removed] = list.splice(index, 1);
			if (state.propagationAfterChange[id]) state.propagatingFor[id] = state.propagationAfterChange[id]!;
			return [200, removed];
		}

		case 'POST /api/v1/clusters/{cluster_id}/networking/private-endpoint-trusted-owners': {
			const body = req.body as {external_owner_id: string; type: string};
			state.trustedOwners.push(body.external_owner_id);
			return [200, {trusted_owner: {id: '44444444-0000-4000-8000-000000000001', cluster_id: id, type: body.type, external_owner_id: body.external_owner_id, created_at: '2026-11-28T00:00:00Z'}}];
		}

		case 'GET /api/v1/clusters/{cluster_id}/sql-users': {
			const {page, pagination} = paginate(state.users[id]!.map(name => ({name})), req.query, state.pageSize);
			return [200, {users: page, pagination}];
		}

		case 'POST /api/v1/clusters/{cluster_id}/sql-users': {
			const {name, password} = req.body as {name: string; password: string};
			if (state.users[id]!.includes(name)) return error(409, 6, `user ${name} already exists`);
			state.users[id]!.push(name);
			state.passwords[`${id}/${name}`] = password;
			state.onSqlUser?.(name, password);
			return [200, {name}];
		}

		case 'PUT /api/v1/clusters/{cluster_id}/sql-users/{name}/password': {
			if (!state.users[id]!.includes(p.name!)) return error(404, 5, `user ${p.name} not found`);
			state.passwords[`${id}/${p.name}`] = (req.body as {password: string}).password;
			state.onSqlUser?.(p.name!, (req.body as {password: string}).password);
			return [200, {name: p.name}];
		}

		case 'GET /api/v1/clusters/{cluster_id}/databases': {
			const {page, pagination} = paginate(state.databases[id]!.map(name => ({name, table_count: String(state.tableCounts[id]?.[name] ?? 0)})), req.query, state.pageSize);
			return [200, {databases: page, pagination}];
		}

		case 'GET /api/v1/clusters/{cluster_id}/connection-string': {
			const region = (cluster!.regions as Json[])[0]!;
			const database = req.query.database ?? 'defaultdb';
			const user = req.query.sql_user;
			const root = req.query.os === 'WINDOWS' ? '%APPDATA%/postgresql/root.crt' : '$HOME/.postgresql/root.crt';
			return [200, {
				connection_string: `postgresql://${user ? `${user}@` : ''}${region.sql_dns as string}:${state.sqlPort}/${database}?sslmode=verify-full&sslrootcert=${encodeURIComponent(root)}`,
				params: {Host: region.sql_dns, Port: String(state.sqlPort), Database: database, ...(user ? {Username: user} : {})},
			}];
		}

		case 'GET /api/v1/clusters/{cluster_id}/networking/private-endpoint-services': {
			const list = state.peServices[id]!;
			if (list.some(s => s.status === 'CREATING')) {
				if (state.servicePolls-- <= 0) for (const s of list) s.status = 'AVAILABLE';
			}

			return [200, {services: list}];
		}

		case 'POST /api/v1/clusters/{cluster_id}/networking/private-endpoint-services': {
			if (cluster!.plan !== 'ADVANCED') return error(400, 3, 'private endpoint services are created automatically for this plan');
			if (state.peServices[id]!.length === 0) state.peServices[id] = services(cluster!, 'CREATING');
			return [200, {services: state.peServices[id]}];
		}

		case 'GET /api/v1/clusters/{cluster_id}/networking/private-endpoint-connections': {
			for (const c of state.peConnections[id]!) {
				if (c.status === 'STATUS_PENDING' && c.pollsLeft !== undefined && (c.pollsLeft as number) <= 0) c.status = state.connectionOutcome;
				else if (c.pollsLeft !== undefined) c.pollsLeft = (c.pollsLeft as number) - 1;
			}

			return [200, {connections: state.peConnections[id]!.map(({pollsLeft: _, ...c}) => c)}];
		}

		case 'POST /api/v1/clusters/{cluster_id}/networking/private-endpoint-connections': {
			const endpointId = (req.body as {endpoint_id: string}).endpoint_id;
			if (state.peConnections[id]!.some(c => c.endpoint_id === endpointId)) return error(409, 6, 'endpoint already added');
			const service = state.peServices[id]![0];
			const connection: Json = {
				endpoint_id: endpointId,
				endpoint_service_id: service?.endpoint_service_id ?? '',
				service_name: service?.name ?? '',
				cloud_provider: cluster!.cloud_provider,
				status: 'STATUS_PENDING',
				region_name: service?.region_name ?? '',
				// The schema requires "region" though the property is region_name (cloud-api.md notes it).
				region: service?.region_name ?? '',
			};
			state.peConnections[id]!.push({...connection, pollsLeft: state.connectionPolls});
			return [200, connection];
		}

		default:
			return error(501, 12, `the test server does not implement ${method} ${template}`);
	}
}

/** An onSqlUser hook that makes (or updates) the login role on a real PostgreSQL server, so the final login is real. */
export function followOnPostgres(run: (sql: string) => unknown): (name: string, password: string) => void {
	return (name, password) => {
		run(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} LOGIN; END IF; END $$; ALTER ROLE ${name} PASSWORD '${password.replace(/'/g, "''")}'`);
	};
}

/** A loopback stand-in for the public-IP look-up service: answers `ip`, records each call. */
export async function startIpService(ip: string): Promise<{url: string; calls: string[]; close: () => void}> {
	const calls: string[] = [];
	const server = http.createServer((req, res) => {
		calls.push(req.url ?? '');
		res.end(`${ip}\n`);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {url: `http://127.0.0.1:${(server.address() as {port: number}).port}/`, calls, close: () => server.close()};
}
