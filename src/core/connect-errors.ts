/**
Turning the errors Node, TLS and the PostgreSQL wire protocol raise into one line that names the cause
and the fix. Pure: it matches stable keys (Node error codes, SQLSTATEs), never whole sentences.
See shared/reference/user-pain.md §1.
*/

/** The parts of a thrown error we match on. */
export interface RawConnectError {
	code?: string;
	message: string;
}

/** Where the connection was going, to name it in the message. */
export interface ConnectTarget {
	host: string;
	port: number;
	user?: string;
	database?: string;
	sslrootcert?: string;
}

const CLOUD_HOST = /\.cockroachlabs\.cloud$/i;

/** One line: what went wrong and what to do about it. */
export function describeConnectError(error: RawConnectError, target: ConnectTarget): string {
	const where = `${target.host}:${target.port}`;
	const cloud = CLOUD_HOST.test(target.host);
	// These come with generic codes (28000, none), so the text decides.
	if (/does not support SSL/i.test(error.message)) {
		return `the server does not use TLS: it is an insecure cluster, so choose sslmode=disable (only for a local dev cluster)`;
	}

	if (/no pg_hba\.conf entry.*no encryption|requires encryption|SSL connection required/i.test(error.message)) {
		return `the server requires TLS: choose sslmode=verify-full and give its CA certificate`;
	}

	switch (error.code) {
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `cannot resolve the host name "${target.host}": check its spelling (copy it from the Console) and your DNS or VPN`;
		case 'ECONNREFUSED':
			return cloud
				? `${where} refused the connection: the cluster may be restarting; wait a minute and retry`
				: `${where} refused the connection: nothing listens there. Is the node running, and is ${target.port} its SQL port (CockroachDB uses 26257)?`;
		case 'ETIMEDOUT':
		case 'TIMEOUT':
			return cloud
				? `no answer from ${where}: the cluster's IP allowlist probably drops your traffic; add your public IP in the "Authorize network" stage`
				: `no answer from ${where}: a firewall drops the traffic, or the host is down; check that port ${target.port} is open from here`;
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return `no route to ${where}: check your network connection or VPN`;
		case 'SELF_SIGNED_CERT_IN_CHAIN':
		case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
		case 'DEPTH_ZERO_SELF_SIGNED_CERT':
		case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
			return `the server's certificate is not signed by the CA in ${target.sslrootcert ?? 'the CA file'}: use the cluster's own CA certificate`;
		case 'ERR_TLS_CERT_ALTNAME_INVALID':
			return `the server's certificate is not valid for the name "${target.host}": connect by a name or IP in its certificate, or regenerate the node certificate with this host`;
		case 'CERT_HAS_EXPIRED':
			return `the server's certificate has expired (or this machine's clock is wrong): renew the node certificate`;
		case 'CERT_NOT_YET_VALID':
			return `the server's certificate is not valid yet: check this machine's clock`;
		case '28P01':
			return `password authentication failed for user "${target.user}": check the password (the Console shows it only once) or reset it`;
		case '28000':
			return `the server refused user "${target.user}": ${firstLine(error.message)}. Check the user name and how it may log in (password or certificate)`;
		case '3D000':
			return `database "${target.database}" does not exist: use defaultdb, or create it first`;
		case '08004':
			return `the server rejected the connection: ${firstLine(error.message)}. On CockroachDB Cloud, check the IP allowlist`;
		default:
			break;
	}

	if (/timeout/i.test(error.message)) return describeConnectError({...error, code: 'TIMEOUT'}, target);
	return firstLine(error.message);
}

function firstLine(text: string): string {
	return text.split('\n')[0]!.trim();
}
