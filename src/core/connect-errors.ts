/**
The classifier: one table from what failed — (stage, SQLSTATE, CockroachDB Cloud proxy code word, TLS alert,
Node error code) — to the cause and the fix, each row with where its key comes from. Pure: it matches stable
keys, never whole sentences (user-pain.md "stable match keys").
*/

/** The network stages a failure can happen in. */
export type FailureStage = 'dns' | 'tcp' | 'tls' | 'login' | 'query';

/** What a thrown error or a server's ErrorResponse carries that we match on. */
export interface RawConnectError {
	/** Node's error code (ECONNREFUSED, ERR_SSL_…, CERT_HAS_EXPIRED) or the SQLSTATE (pg puts it in `code`). */
	code?: string;
	message: string;
	/** The server's HINT field, shown as it is. */
	hint?: string;
	detail?: string;
	stage?: FailureStage;
}

/** Where the connection was going, to name it in the message. */
export interface ConnectTarget {
	host: string;
	port: number;
	user?: string;
	database?: string;
	sslrootcert?: string;
	sslcert?: string;
	/** Seconds allowed per network step. */
	timeoutSeconds?: number;
	/** Where the password came from, or undefined when none was given. */
	passwordSource?: string;
	/** Whether this run reads PGPASSWORD (doctor does, as libpq; the wizard sends only a password it was given). */
	readsPgpassword?: boolean;
	/** Where the host came from, as the run knows it; undefined for a connection string alone (then the host name is the only hint). */
	origin?: HostOrigin;
}

/**
Where a connection's host came from: a host typed for a cluster of one's own ('host'), the Cloud API ('cloud-api'),
a connection string pasted from the Cloud Console on the guided Cloud path ('console'), or a connection string
from anywhere ('url'). The advice for a failure follows from it, not from what the host is called.
*/
export type HostOrigin = 'host' | 'cloud-api' | 'console' | 'url';

/** Whether the cluster is a CockroachDB Cloud one: by the path the run took; for a bare connection string, by its host name. */
export function onCloud(target: ConnectTarget): boolean {
	if (target.origin === 'cloud-api' || target.origin === 'console') return true;
	if (target.origin === 'host') return false;
	return isCloudHost(target.host);
}

/** What to check when a host name does not resolve, by where the name came from. */
function unresolvedFix(target: ConnectTarget): string {
	const network = onCloud(target) ? 'your DNS or VPN (a private-endpoint name resolves only inside its network)' : 'your DNS or VPN (a name on a private network resolves only inside it)';
	switch (target.origin) {
		case 'host':
			return `check the host name you gave (its spelling), and ${network}`;
		case 'cloud-api':
			return `the name is the cluster's own, from the Cloud API: check ${network}`;
		case 'console':
			return `copy the connection string again from the Console's Connect dialog, and check ${network}`;
		default:
			return `check the host in the connection string (its spelling${onCloud(target) ? '; copy it again from the Console\'s Connect dialog' : ''}), and ${network}`;
	}
}

/** The classifier's answer. */
export interface Diagnosis {
	/** The table row that matched. */
	rule: string;
	/** Where the row's match key comes from. */
	source: string;
	/** Cause and fix, in one line. */
	text: string;
}

interface Rule {
	id: string;
	source: string;
	stages?: FailureStage[];
	/** SQLSTATEs or Node error codes, exact. */
	codes?: string[];
	/** A CockroachDB Cloud proxy code word at the start of the message (`codeParamsRoutingFailed: …`). */
	codeWord?: string;
	/** A TLS alert name in an OpenSSL message (`tlsv1 alert unknown ca`). */
	alert?: RegExp;
	/** A stable fragment of the message, when there is no better key. */
	text?: RegExp;
	say: (error: RawConnectError, target: ConnectTarget, match: RegExpExecArray | undefined) => string;
}

const CLOUD_HOST = /\.cockroachlabs\.cloud$/i;
const PROXY = "CockroachDB Cloud's SQL proxy";
const ROUTING_FIX = 'connect to the cluster\'s own host name (<routing-id>.<region>.cockroachlabs.cloud, from the Console\'s Connect dialog) with a client that sends SNI, or add options=--cluster%3D<routing-id> to the URL (the routing id is the first label of that host name, e.g. blue-dog-123)';

/** Node's error codes for a host name that does not resolve (the name is at fault, not the port). */
const NAME_NOT_RESOLVED = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME'];

/** Whether a connect error's code says the host name did not resolve. */
export function isNameNotResolved(code: string | undefined): boolean {
	return code !== undefined && NAME_NOT_RESOLVED.includes(code);
}

/** Codes of a host that could not be reached at all (no route, or no answer), as against a port that refused. */
const HOST_UNREACHABLE = ['EHOSTUNREACH', 'ENETUNREACH', 'TIMEOUT', 'ETIMEDOUT'];

/** Whether a connect error's code says the host itself was not reached: its name, route or silence, not the port. */
export function isHostNotReached(code: string | undefined): boolean {
	return isNameNotResolved(code) || (code !== undefined && HOST_UNREACHABLE.includes(code));
}

/** Whether the host is a CockroachDB Cloud host. */
export function isCloudHost(host: string): boolean {
	return CLOUD_HOST.test(host);
}

/** How a forgotten password is set again, on the cluster the run knows. */
function passwordReset(target: ConnectTarget): string {
	if (target.origin === 'cloud-api') return 'to set a new one: run again with --reset-password, or reset it in the Console under SQL Users';
	return onCloud(target) ? 'the Console shows a new password once; reset it under SQL Users' : 'an admin can set a new one: ALTER USER … WITH PASSWORD';
}

/** The table. Order matters: the first matching row wins, so specific rows come before general ones. */
const RULES: readonly Rule[] = [
	// CockroachDB Cloud's SQL proxy: SQLSTATE 08004 (08C00 in newer proxies) with "<code word>: <text>" and a HINT.
	{id: 'proxy-missing-cluster', source: '[PROXY] proxy_handler.go clusterNameAndTenantFromParams ("missing cluster identifier", clusterIdentifierHint)', codeWord: 'codeParamsRoutingFailed', text: /missing cluster identifier/,
		say: () => `${PROXY} could not tell which cluster you want: the connection carried no routing id (no cluster host name in SNI, no options=--cluster=<routing-id>). Fix: ${ROUTING_FIX}`},
	{id: 'proxy-ambiguous-cluster', source: '[PROXY] proxy_handler.go ("multiple different cluster identifiers provided")', codeWord: 'codeParamsRoutingFailed', text: /multiple (different cluster identifiers|cluster flags)/,
		say: () => `${PROXY} got two different routing ids (a <routing-id>.<db> database prefix and options=--cluster=…): keep one, and make it the cluster's routing id`},
	{id: 'proxy-invalid-cluster', source: '[PROXY] proxy_handler.go parseClusterIdentifier ("invalid cluster identifier", clusterNameFormHint)', codeWord: 'codeParamsRoutingFailed', text: /invalid cluster identifier '([^']*)'/,
		say: (_e, _t, m) => `${PROXY} cannot read the routing id "${m?.[1] ?? ''}": it must be <cluster-name>-<tenant-id> (e.g. blue-dog-123, the first label of the cluster's host name). Fix: copy the host name from the Console's Connect dialog and take the routing id from it`},
	{id: 'proxy-cluster-not-found', source: '[PROXY] proxy_handler.go validateConnection ("cluster %s-%d not found")', codeWord: 'codeParamsRoutingFailed', text: /cluster (\S+) not found/,
		say: (_e, _t, m) => `${PROXY} knows no cluster "${m?.[1] ?? ''}": it was deleted, or the routing id is mistyped. Fix: check the cluster still exists in the Console (or run the doctor with COCKROACH_API_KEY) and copy its current host name`},
	{id: 'proxy-invalid-database', source: '[PROXY] proxy_handler.go parseDatabaseParam ("invalid database param")', codeWord: 'codeParamsRoutingFailed', text: /invalid database param/,
		say: () => `${PROXY} cannot read the database name: with a "." it must be exactly <routing-id>.<database>; use the cluster's host name and a plain database name instead`},
	{id: 'proxy-throttled', source: '[PROXY] proxy_handler.go authThrottledError ("too many failed authentication attempts", throttledErrorHint)', codeWord: 'codeProxyRefusedConnection', text: /too many failed authentication attempts/,
		say: () => `${PROXY} is throttling logins from this IP address after repeated failed logins (the delay grows, up to an hour). Fix: stop retrying, check the user name and password (reset the password in the Console → SQL Users if unsure), then try once`},
	{id: 'proxy-ip-allowlist', source: '[PROXY] proxy_handler.go ACL branch (codeProxyRefusedConnection "connection refused")', codeWord: 'codeProxyRefusedConnection', text: /connection refused/,
		say: () => `${PROXY} refused this connection because no IP allowlist entry (or private endpoint) matches this machine's public IP address. Fix: add your public IP as /32 in the Console → Networking (or crdb-connect's "Authorize network" step); a new entry takes up to a minute to apply`},
	{id: 'proxy-requires-encryption', source: '[PROXY] toPgError (codeUnexpectedInsecureStartupMessage → "server requires encryption")', text: /^server requires encryption/,
		say: () => `${PROXY} requires TLS and the connection did not use it (sslmode=disable). Fix: use sslmode=verify-full with the cluster's CA certificate`},
	{id: 'proxy-other', source: '[PROXY] error.go codeError ("%s: %s")', text: /^(code[A-Z]\w+): (.*)/,
		say: (_e, _t, m) => `${PROXY} refused the connection (${m?.[1]}): ${m?.[2]}`},

	// TLS alerts the server sends about the client certificate (OpenSSL's alert names, as Node reports them).
	{id: 'tls-alert-unknown-ca', source: 'RFC 8446 alert unknown_ca (OpenSSL "tlsv1 alert unknown ca")', alert: /alert unknown ca/i,
		say: (_e, t) => `the server rejected your client certificate (unknown ca): it was not issued by the CA the cluster trusts. Fix: use a client certificate signed by the cluster's CA (crdb-connect cert create-client ${t.user ?? '<user>'} --ca-key <the cluster's ca.key>)`},
	{id: 'tls-alert-unsupported-cert', source: 'RFC 8446 alert unsupported_certificate (OpenSSL "sslv3 alert unsupported certificate")', alert: /alert unsupported certificate/i,
		say: () => 'the server rejected your client certificate (unsupported certificate): it lacks the clientAuth extended key usage. Fix: make it with crdb-connect cert create-client (or cockroach cert create-client), which sets clientAuth'},
	{id: 'tls-alert-cert-required', source: 'RFC 8446 alert certificate_required (OpenSSL "tlsv13 alert certificate required")', alert: /alert certificate required/i,
		say: () => 'the server requires a client certificate and none was sent. Fix: add sslcert=<client.USER.crt>&sslkey=<client.USER.key> to the URL'},
	{id: 'tls-alert-cert-expired', source: 'RFC 8446 alert certificate_expired', alert: /alert certificate expired/i,
		say: () => 'the server rejected your client certificate as expired (or not yet valid; check this machine\'s clock). Fix: make a new client certificate'},
	{id: 'tls-alert-bad-cert', source: 'RFC 8446 alert bad_certificate / decrypt_error', alert: /alert (bad certificate|decrypt error)/i,
		say: () => 'the server rejected your client certificate (bad certificate). Fix: check that the certificate and key match and were made for this cluster'},
	{id: 'tls-alert-handshake', source: 'RFC 8446 alert handshake_failure / protocol_version', alert: /alert (handshake failure|protocol version)/i,
		say: () => 'the server ended the TLS handshake (no common TLS version or cipher). Fix: use a TLS 1.2+ client'},

	// The client key.
	{id: 'key-encrypted', source: 'OpenSSL ERR_OSSL_BAD_DECRYPT / "bad decrypt"; libpq sslpassword', codes: ['ERR_OSSL_BAD_DECRYPT', 'ERR_OSSL_EVP_BAD_DECRYPT'], text: /bad decrypt|interrupted or cancelled|passphrase/i,
		say: () => 'the client key is encrypted and the passphrase is missing or wrong. Fix: give it as sslpassword=<passphrase, percent-encoded> (libpq), or decrypt the key once: openssl pkey -in client.key -out client.key'},

	// Which side has TLS.
	{id: 'no-tls-at-server', source: 'libpq fe-connect.c "server does not support SSL, but SSL was required"; node-postgres', text: /does not support SSL/i,
		say: () => 'the server does not use TLS: it is an insecure cluster (cockroach start --insecure). Fix: sslmode=disable, only for a local dev cluster'},
	{id: 'tls-required-by-server', source: 'PostgreSQL 28000 "no pg_hba.conf entry … no encryption"; CockroachDB "node is running secure mode, SSL connection required"', text: /no pg_hba\.conf entry.*no encryption|SSL connection required|requires encryption/i,
		say: () => 'the server requires TLS and the connection did not use it. Fix: sslmode=verify-full and the cluster\'s CA certificate'},

	// Name resolution and TCP (Node errno).
	{id: 'dns-not-found', source: 'Node getaddrinfo ENOTFOUND / EAI_AGAIN', codes: NAME_NOT_RESOLVED,
		say: (e, t) => `cannot resolve the host name "${t.host}"${e.code === 'EAI_AGAIN' ? ' (the resolver did not answer)' : ''}. Fix: ${unresolvedFix(t)}`},
	{id: 'tcp-refused', source: 'Node ECONNREFUSED; libpq "Connection refused"', codes: ['ECONNREFUSED'],
		say: (_e, t) => onCloud(t)
			? `${t.host}:${t.port} refused the connection: the cluster may be restarting or upgrading. Fix: wait a minute and retry`
			: `${t.host}:${t.port} refused the connection: nothing listens there. Fix: start the node, or check the port (CockroachDB's SQL port is 26257; psql's default is 5432)`},
	{id: 'tcp-timeout', source: 'Node ETIMEDOUT / our --timeout', codes: ['ETIMEDOUT', 'TIMEOUT'],
		say: (_e, t) => onCloud(t)
			? `no answer from ${t.host}:${t.port} within ${t.timeoutSeconds ?? 5} s: the cluster's IP allowlist drops traffic from this machine. Fix: add your public IP in the Console → Networking (or crdb-connect's "Authorize network" step); if it is there, a firewall between you and the cluster blocks port ${t.port}`
			: `no answer from ${t.host}:${t.port} within ${t.timeoutSeconds ?? 5} s: a firewall drops the traffic, or the host is down. Fix: check that port ${t.port} is open from here`},
	{id: 'tcp-unreachable', source: 'Node EHOSTUNREACH / ENETUNREACH', codes: ['EHOSTUNREACH', 'ENETUNREACH'],
		say: (_e, t) => `no route to ${t.host}:${t.port}. Fix: check your network connection or VPN`},
	{id: 'closed', source: 'libpq "server closed the connection unexpectedly"; Node ECONNRESET / EPIPE / "Connection terminated unexpectedly"', codes: ['ECONNRESET', 'EPIPE', 'CLOSED'], text: /Connection terminated unexpectedly|closed the connection/i,
		say: (_e, t) => `${t.host}:${t.port} closed the connection unexpectedly (as psql says: "server closed the connection unexpectedly"): the server crashed, is restarting, or is not a SQL server. Fix: check the server's log; on Cloud, retry in a minute`},

	// The server's certificate, as Node's verifier names the problem.
	{id: 'server-cert-untrusted', source: 'Node/OpenSSL verify codes SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE, DEPTH_ZERO_SELF_SIGNED_CERT, UNABLE_TO_GET_ISSUER_CERT_LOCALLY', codes: ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT'],
		say: (_e, t) => `the server's certificate is not signed by the CA in ${t.sslrootcert ?? 'the CA file'}. Fix: use the cluster's own CA certificate`},
	{id: 'server-cert-purpose', source: 'OpenSSL X509_V_ERR_INVALID_PURPOSE (Node INVALID_PURPOSE)', codes: ['INVALID_PURPOSE'],
		say: () => 'the server\'s certificate may not be used by a server: it lacks the serverAuth extended key usage. Fix: regenerate the node certificate with crdb-connect cert create-node (serverAuth and clientAuth)'},
	{id: 'server-cert-name', source: 'Node ERR_TLS_CERT_ALTNAME_INVALID', codes: ['ERR_TLS_CERT_ALTNAME_INVALID'],
		say: (_e, t) => `the server's certificate is not valid for the name "${t.host}". Fix: connect by a name or IP in its certificate, or regenerate the node certificate with this host`},
	{id: 'server-cert-expired', source: 'OpenSSL CERT_HAS_EXPIRED', codes: ['CERT_HAS_EXPIRED'],
		say: () => 'the server\'s certificate has expired (or this machine\'s clock is wrong). Fix: renew the node certificate, or correct the clock'},
	{id: 'server-cert-not-yet-valid', source: 'OpenSSL CERT_NOT_YET_VALID', codes: ['CERT_NOT_YET_VALID'],
		say: () => 'the server\'s certificate is not valid yet. Fix: check this machine\'s clock'},

	// Logging in (SQLSTATE, PostgreSQL errcodes appendix; CockroachDB uses the same codes).
	{id: 'no-password', source: 'node-postgres "SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string"; libpq "fe_sendauth: no password supplied"', text: /client password must be a string|no password supplied|password authentication.*no password/i,
		say: (_e, t) => `the server asks for a password and none was given. Fix: --password-env NAME (the name of an environment variable holding it)${t.readsPgpassword ? ', or set PGPASSWORD' : ''}`},
	{id: 'cert-auth-failed', source: 'SQLSTATE 28000 "certificate authentication failed for user" (PostgreSQL, CockroachDB [AUTH])', codes: ['28000'], text: /certificate authentication failed for user/i,
		say: (e, t) => `certificate authentication failed for user "${t.user}"${e.detail ? ` (${e.detail})` : ''}: the server refused the client certificate, whose CN must be the SQL user name. Fix: log in as the certificate's user, or make client.${t.user}.crt (crdb-connect cert create-client ${t.user})`},
	{id: 'password-failed', source: 'SQLSTATE 28P01 invalid_password (PostgreSQL errcodes; CockroachDB)', codes: ['28P01'],
		say: (_e, t) => `password authentication failed for user "${t.user}"${t.passwordSource ? ` (password from ${t.passwordSource})` : ''}: either the password is wrong or the user "${t.user}" does not exist — the server says the same for both. Fix: check the user name and the password (${passwordReset(t)})`},
	{id: 'login-refused', source: 'SQLSTATE 28000 invalid_authorization_specification', codes: ['28000'],
		say: (e, t) => `the server refused user "${t.user}": ${firstLine(e.message)}. Fix: check the user name and how it may log in (password or certificate)`},
	{id: 'no-database', source: 'SQLSTATE 3D000 invalid_catalog_name', codes: ['3D000'],
		say: (_e, t) => `database "${t.database}" does not exist. Fix: use defaultdb, or create it first (CREATE DATABASE ${t.database})`},
	{id: 'no-privilege', source: 'SQLSTATE 42501 insufficient_privilege', codes: ['42501'],
		say: (e, t) => `user "${t.user}" lacks a privilege: ${firstLine(e.message)}. Fix: GRANT the privilege (as an admin) — e.g. GRANT ALL ON DATABASE ${t.database ?? 'defaultdb'} TO ${t.user}`},
	{id: 'too-many-connections', source: 'SQLSTATE 53300 too_many_connections', codes: ['53300'],
		say: () => 'the server has no free connection slot (a THROTTLED CockroachDB Basic cluster allows one SQL connection). Fix: close other sessions, or raise the cluster\'s limits'},
	{id: 'cannot-connect-now', source: 'SQLSTATE 57P03 cannot_connect_now', codes: ['57P03'],
		say: () => 'the server is starting up or shutting down. Fix: retry in a minute'},
	{id: 'rejected-08004', source: 'SQLSTATE 08004 sqlserver_rejected_establishment_of_sqlconnection', codes: ['08004', '08C00'],
		say: e => `the server rejected the connection: ${firstLine(e.message)}`},
];

/** Statement-stage timeouts have their own meaning: the login worked, then nothing came back. */
function statementTimeout(target: ConnectTarget): string {
	return `the server accepted the login but did not answer a statement within ${target.timeoutSeconds ?? 5} s. A CockroachDB Cloud cluster that is THROTTLED (storage limit reached) or DISABLED (request-unit limit reached) behaves so, as does an overloaded node. Fix: check the cluster's state and usage limits in the Console (or run the doctor with COCKROACH_API_KEY), and raise the limit or delete data`;
}

/** Classify a failure: the matching row's cause and fix, or the first line of the raw message. */
export function classifyConnectError(error: RawConnectError, target: ConnectTarget): Diagnosis {
	if (error.stage === 'query' && (error.code === 'TIMEOUT' || error.code === 'ETIMEDOUT')) {
		return {rule: 'statement-timeout', source: 'our --timeout on each statement; [TS] "Hanging or stuck queries"', text: statementTimeout(target)};
	}

	for (const rule of RULES) {
		if (rule.stages && error.stage && !rule.stages.includes(error.stage)) continue;
		if (rule.codeWord && !error.message.startsWith(`${rule.codeWord}:`)) continue;
		let match: RegExpExecArray | undefined;
		if (rule.alert) {
			const found = rule.alert.exec(error.message) ?? undefined;
			if (!found) continue;
			match = found;
		}

		const byCode = rule.codes !== undefined && error.code !== undefined && rule.codes.includes(error.code);
		const byText = rule.text ? rule.text.exec(error.message) ?? undefined : undefined;
		if (rule.codes && rule.text) {
			// Either key is enough, except for rows that refine a code by its text (28000 certificate).
			if (rule.codes.some(c => /^\d/.test(c)) ? !(byCode && byText) : !(byCode || byText)) continue;
		} else if (rule.codes && !byCode) {
			continue;
		} else if (rule.text && !byText) {
			continue;
		}

		match ??= byText;
		return {rule: rule.id, source: rule.source, text: rule.say(error, target, match)};
	}

	if (/timeout|timed out/i.test(error.message) && error.code !== 'TIMEOUT') return classifyConnectError({...error, code: 'TIMEOUT'}, target);
	return {rule: 'unclassified', source: 'the raw message', text: firstLine(error.message)};
}

/** One line: what went wrong and what to do about it. */
export function describeConnectError(error: RawConnectError, target: ConnectTarget): string {
	return classifyConnectError(error, target).text;
}

function firstLine(text: string): string {
	return text.split('\n')[0]!.trim();
}
