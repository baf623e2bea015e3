/**
A loopback stand-in for CockroachDB Cloud's SQL proxy (sqlproxyccl), which cannot run here. Like the real
proxy it: answers SSLRequest with 'S' and terminates TLS with a certificate for *.<region>.cockroachlabs.cloud;
refuses a plain-text startup with "server requires encryption"; reads the routing id from options
(--cluster=<id>), the database prefix (<id>.<db>) or, failing both, the first label of the SNI host; answers
routing, allowlist and throttling failures with a FATAL ErrorResponse, SQLSTATE 08004, "<code word>: <text>"
and the proxy's HINT texts (pkg/ccl/sqlproxyccl proxy_handler.go, error.go; hints joined with "\n--\n" as
cockroachdb/errors FlattenHints does); and, once routed, strips the routing id from the startup parameters and
relays to the real PostgreSQL server over TLS. It records every connection (SNI, the startup parameters it
was sent, what it forwarded, the outcome) so tests assert on what the client really sent.
Written from the proxy's documented behaviour; no proxy code is copied.
*/
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/** One tenant (cluster) behind the proxy. */
export interface ProxyTenant {
	/** `<cluster-name>-<tenant-id>`, e.g. blue-dog-123. */
	routingId: string;
	/** The real server the proxy relays to. */
	backendPort: number;
	/** Refuse every connection as the IP allowlist does when no rule matches. */
	refuseByAllowlist?: boolean;
	/** After this many failed logins from this IP, refuse with the throttling error. */
	throttleAfter?: number;
	/** After the login succeeds, swallow every statement (a THROTTLED or DISABLED cluster hangs so). */
	hangAfterLogin?: boolean;
}

/** One connection, as the stand-in saw it. */
export interface SeenConnection {
	tls: boolean;
	sni?: string;
	/** The startup parameters the client sent (user, database, options, …). */
	params?: Record<string, string>;
	/** The startup parameters forwarded to the server after routing. */
	forwarded?: Record<string, string>;
	/** routed, probe (TLS only, no startup), or the error message sent. */
	outcome: string;
	hint?: string;
}

/** The running stand-in. */
export interface CloudProxy {
	port: number;
	/** The CA that signed the proxy's certificate (give it as sslrootcert). */
	caCert: string;
	region: string;
	seen: SeenConnection[];
	failures: Map<string, number>;
	close(): void;
}

// The proxy's hint texts (sqlproxyccl proxy_handler.go constants).
export const CLUSTER_IDENTIFIER_HINT = `Ensure that your cluster identifier is uniquely specified using any of the
following methods:

1) Host name:
   Use a driver that supports server name identification (SNI) with TLS 
   connection and the hostname assigned to your cluster 
   (e.g. serverless-101.5xj.gcp-us-central1.cockroachlabs.cloud)

2) Options parameter:
   Use "--cluster=<cluster identifier>" as the options parameter.
   (e.g. options="--cluster=active-roach-42")

3) Database parameter:
   Use "<cluster identifier>.<database name>" as the database parameter.
   (e.g. database="active-roach-42.defaultdb")

For more details, please visit our docs site at:
	https://www.cockroachlabs.com/docs/cockroachcloud/connect-to-a-serverless-cluster
`;
export const CLUSTER_NAME_FORM_HINT = 'Cluster identifiers come in the form of <name>-<tenant ID> (e.g. lazy-roach-3).';
export const MISSING_TENANT_ID_HINT = 'Did you forget to include your tenant ID in the cluster identifier?';
export const THROTTLED_HINT = 'Connection throttling is triggered by repeated authentication failure. Make sure the username and password are correct.';

class ProxyError extends Error {
	constructor(message: string, readonly hints: string[] = []) {
		super(message);
	}
}

const CLUSTER_OPTION = /(?:-c\s*|--)cluster=(\S*)/g;
const CLUSTER_NAME = /^[a-z0-9][a-z0-9-]{4,98}[a-z0-9]$/;

function parseClusterIdentifier(id: string): {name: string; tenant: number} {
	const sep = id.lastIndexOf('-');
	if (sep === -1 || sep === id.length - 1) throw new ProxyError(`codeParamsRoutingFailed: invalid cluster identifier '${id}'`, [MISSING_TENANT_ID_HINT, CLUSTER_NAME_FORM_HINT]);
	const name = id.slice(0, sep);
	const tenantText = id.slice(sep + 1);
	if (!CLUSTER_NAME.test(name)) throw new ProxyError(`codeParamsRoutingFailed: invalid cluster identifier '${id}'`, [`Is '${name}' a valid cluster name?`, CLUSTER_NAME_FORM_HINT]);
	if (!/^\d+$/.test(tenantText)) throw new ProxyError(`codeParamsRoutingFailed: invalid cluster identifier '${id}'`, [`Is '${tenantText}' a valid tenant ID?`, CLUSTER_NAME_FORM_HINT]);
	const tenant = Number(tenantText);
	if (tenant < 2) throw new ProxyError(`codeParamsRoutingFailed: invalid cluster identifier '${id}'`, [`Tenant ID ${tenant} is invalid.`]);
	return {name, tenant};
}

/** The proxy's routing decision: which cluster, and the startup parameters to forward. */
function route(params: Record<string, string>, sni: string | undefined): {name: string; tenant: number; forwarded: Record<string, string>} {
	let fromDb = '';
	let database = params.database ?? '';
	if (database.includes('.')) {
		const parts = database.split('.');
		if (parts.length > 2 || !parts[0] || !parts[1]) throw new ProxyError('codeParamsRoutingFailed: invalid database param');
		[fromDb, database] = parts as [string, string];
	}

	let fromOptions = '';
	let options = params.options ?? '';
	const matches = [...options.matchAll(CLUSTER_OPTION)];
	if (matches.length > 1) throw new ProxyError('codeParamsRoutingFailed: multiple cluster flags provided');
	if (matches.length === 1) {
		if (!matches[0]![1]) throw new ProxyError('codeParamsRoutingFailed: invalid cluster flag');
		fromOptions = matches[0]![1]!;
		options = options.replace(matches[0]![0], '').trim();
	}

	let found: {name: string; tenant: number};
	if (!fromDb && !fromOptions) {
		const label = sni?.includes('.') ? sni.slice(0, sni.indexOf('.')) : '';
		try {
			if (!label) throw new Error('no SNI');
			found = parseClusterIdentifier(label);
		} catch {
			throw new ProxyError('codeParamsRoutingFailed: missing cluster identifier', [CLUSTER_IDENTIFIER_HINT]);
		}
	} else if (fromDb && fromOptions && fromDb !== fromOptions) {
		throw new ProxyError('codeParamsRoutingFailed: multiple different cluster identifiers provided', [`Is '${fromDb}' or '${fromOptions}' the identifier for the cluster that you're connecting to?`, CLUSTER_IDENTIFIER_HINT]);
	} else {
		found = parseClusterIdentifier(fromDb || fromOptions);
	}

	const forwarded: Record<string, string> = {};
	for (const [key, value] of Object.entries(params)) {
		if (key === 'database') forwarded.database = database;
		else if (key === 'options') {
			if (options) forwarded.options = options;
		} else forwarded[key] = value;
	}

	return {...found, forwarded};
}

/** A FATAL ErrorResponse with SQLSTATE 08004, as the proxy's toPgError builds it. */
function errorResponse(message: string, hints: string[] = [], code = '08004'): Buffer {
	const fields = [`SFATAL`, `C${code}`, `M${message}`, ...(hints.length ? [`H${hints.join('\n--\n')}`] : [])];
	const body = Buffer.concat([...fields.map(f => Buffer.from(`${f}\0`, 'utf8')), Buffer.from([0])]);
	const head = Buffer.alloc(5);
	head.write('E', 0);
	head.writeInt32BE(body.length + 4, 1);
	return Buffer.concat([head, body]);
}

function startupMessage(params: Record<string, string>): Buffer {
	const body = Buffer.concat([...Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0`), Buffer.from(`${v}\0`)]), Buffer.from([0])]);
	const head = Buffer.alloc(8);
	head.writeInt32BE(body.length + 8, 0);
	head.writeInt32BE(196_608, 4);
	return Buffer.concat([head, body]);
}

/** Read exactly one length-prefixed startup-phase message (no type byte). */
function readStartup(socket: net.Socket): Promise<Buffer | undefined> {
	return new Promise(resolve => {
		let buffer = Buffer.alloc(0);
		const onData = (chunk: Buffer) => {
			buffer = Buffer.concat([buffer, chunk]);
			if (buffer.length >= 4 && buffer.length >= buffer.readInt32BE(0)) {
				done();
				const length = buffer.readInt32BE(0);
				if (buffer.length > length) socket.unshift(buffer.subarray(length));
				resolve(buffer.subarray(0, length));
			}
		};

		const onEnd = () => {
			done();
			resolve(undefined);
		};

		const done = () => {
			socket.removeListener('data', onData);
			socket.removeListener('end', onEnd);
			socket.removeListener('close', onEnd);
			socket.removeListener('error', onEnd);
		};

		socket.on('data', onData);
		socket.once('end', onEnd);
		socket.once('close', onEnd);
		socket.once('error', onEnd);
	});
}

function parseParams(message: Buffer): Record<string, string> {
	const parts = message.subarray(8).toString('utf8').split('\0');
	const params: Record<string, string> = {};
	for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) params[parts[i]!] = parts[i + 1]!;
	return params;
}

/** Make the Cloud CA and a proxy certificate for *.<region>.cockroachlabs.cloud with the openssl CLI. */
function makeCertificates(dir: string, region: string): void {
	const run = (args: string[]) => execFileSync('openssl', args, {cwd: dir, stdio: 'pipe'});
	run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3', '-subj', '/O=Cockroach Labs/CN=Test Cloud CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
	run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'proxy.key', '-out', 'proxy.csr', '-subj', `/CN=*.${region}.cockroachlabs.cloud`]);
	writeFileSync(path.join(dir, 'proxy.ext'), `subjectAltName=DNS:*.${region}.cockroachlabs.cloud\nextendedKeyUsage=serverAuth\n`);
	run(['x509', '-req', '-in', 'proxy.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'proxy.crt', '-days', '2', '-extfile', 'proxy.ext']);
}

/** Start the stand-in on loopback. */
export async function startCloudProxy(options: {tenants: ProxyTenant[]; region?: string}): Promise<CloudProxy> {
	const region = options.region ?? 'gcp-us-east1';
	const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-proxy-'));
	makeCertificates(dir, region);
	const context = tls.createSecureContext({cert: readFileSync(path.join(dir, 'proxy.crt')), key: readFileSync(path.join(dir, 'proxy.key'))});
	const seen: SeenConnection[] = [];
	const failures = new Map<string, number>();
	const open = new Set<net.Socket>();

	const refuse = (socket: net.Socket, record: SeenConnection, error: ProxyError) => {
		record.outcome = error.message;
		if (error.hints.length) record.hint = error.hints.join('\n--\n');
		socket.end(errorResponse(error.message, error.hints));
	};

	const server = net.createServer(async raw => {
		open.add(raw);
		raw.on('close', () => open.delete(raw));
		raw.on('error', () => {});
		const first = await readStartup(raw);
		if (!first || first.length < 8) return raw.destroy();
		const record: SeenConnection = {tls: false, outcome: 'pending'};
		seen.push(record);
		if (first.readInt32BE(4) !== 80_877_103) {
			// A plain-text startup: the proxy sanitises codeUnexpectedInsecureStartupMessage to this text.
			record.params = parseParams(first);
			return refuse(raw, record, new ProxyError('server requires encryption'));
		}

		raw.write('S');
		const secure = new tls.TLSSocket(raw, {isServer: true, secureContext: context});
		secure.on('error', () => {});
		await new Promise<void>(resolve => secure.once('secure', resolve));
		record.tls = true;
		record.sni = (secure as unknown as {servername?: string | false}).servername || undefined;
		const startup = await readStartup(secure);
		if (!startup) {
			record.outcome = 'probe';
			return secure.destroy();
		}

		const params = parseParams(startup);
		record.params = params;
		let routed;
		try {
			routed = route(params, record.sni);
		} catch (error) {
			return refuse(secure, record, error as ProxyError);
		}

		const tenant = options.tenants.find(t => t.routingId === `${routed.name}-${routed.tenant}`);
		if (!tenant) return refuse(secure, record, new ProxyError(`codeParamsRoutingFailed: cluster ${routed.name}-${routed.tenant} not found`));
		if (tenant.refuseByAllowlist) return refuse(secure, record, new ProxyError('codeProxyRefusedConnection: connection refused'));
		const throttleKey = `127.0.0.1/${tenant.routingId}`;
		if (tenant.throttleAfter !== undefined && (failures.get(throttleKey) ?? 0) >= tenant.throttleAfter) {
			return refuse(secure, record, new ProxyError('codeProxyRefusedConnection: too many failed authentication attempts', [THROTTLED_HINT]));
		}

		record.forwarded = routed.forwarded;
		record.outcome = 'routed';
		relay(secure, tenant, routed.forwarded, failed => {
			if (failed) failures.set(throttleKey, (failures.get(throttleKey) ?? 0) + 1);
		}, open);
	});

	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		caCert: path.join(dir, 'ca.crt'),
		region,
		seen,
		failures,
		close() {
			for (const socket of open) socket.destroy();
			server.close();
		},
	};
}

/** Connect to the real server over TLS, send the routed startup, then pass bytes both ways. */
function relay(client: tls.TLSSocket, tenant: ProxyTenant, params: Record<string, string>, onLogin: (failed: boolean) => void, open: Set<net.Socket>): void {
	const backendRaw = net.connect({host: '127.0.0.1', port: tenant.backendPort});
	open.add(backendRaw);
	backendRaw.on('error', () => client.destroy());
	backendRaw.once('connect', () => backendRaw.write(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])));
	backendRaw.once('data', answer => {
		if (String.fromCharCode(answer[0]!) !== 'S') return client.destroy();
		const backend = tls.connect({socket: backendRaw, rejectUnauthorized: false});
		backend.on('error', () => client.destroy());
		backend.once('secureConnect', () => {
			backend.write(startupMessage(params));
			// Watch the server's messages until ReadyForQuery to see whether the login failed.
			let pending = Buffer.alloc(0);
			let loggedIn = false;
			backend.on('data', (chunk: Buffer) => {
				client.write(chunk);
				if (loggedIn) return;
				pending = Buffer.concat([pending, chunk]);
				while (pending.length >= 5 && pending.length >= 1 + pending.readInt32BE(1)) {
					const type = String.fromCharCode(pending[0]!);
					const body = pending.subarray(5, 1 + pending.readInt32BE(1));
					pending = pending.subarray(1 + pending.readInt32BE(1));
					if (type === 'E') onLogin(/\0C28P01\0/.test(`\0${body.toString('latin1')}`));
					if (type === 'Z') {
						loggedIn = true;
						onLogin(false);
						break;
					}
				}
			});
			client.on('data', (chunk: Buffer) => {
				// A THROTTLED/DISABLED cluster accepts the login, then never answers.
				if (loggedIn && tenant.hangAfterLogin) return;
				backend.write(chunk);
			});
			client.on('close', () => backend.destroy());
			backend.on('close', () => client.destroy());
		});
	});
}
