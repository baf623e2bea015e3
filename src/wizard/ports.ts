/**
The wizard's ports: the only way a task step reaches the outside world. src/adapters implements them;
tests pass fakes or the real adapters pointed at loopback.
*/
import type {HostOrigin} from '../core/connect-errors.js';
import type {ConnectionSetup, ShellsFound} from '../core/setup.js';
import type {PathBase} from '../core/paths.js';
import type {Cidr} from '../core/cidr.js';
import type {AvailableRegion, RegionLatency} from '../core/region-choice.js';
import type {ClientCaStatus} from '../core/client-ca.js';

/** A CA certificate file as read from disk. */
export interface CaCertificateInfo {
	subject: string;
	notAfter: Date;
	/** How many certificates the file holds (a bundle may hold several). */
	count: number;
}

/** What to make for a self-hosted secure cluster. */
export interface CertificateRequest {
	certsDir: string;
	caKey: string;
	nodeHosts: string[];
	user: string;
}

/** What certificate generation made, kept, and where the client files are. */
export interface CertificateOutcome {
	created: string[];
	kept: string[];
	caCert: string;
	clientCert: string;
	clientKey: string;
	/** `cert list` of the directory afterwards. */
	table: string;
	/** A node.crt kept from before that does not cover every host asked for: those hosts, and the ones it holds. */
	nodeHostsMissing?: {missing: string[]; held: string[]};
}

/** A local single-node cluster to start. */
export interface LocalClusterRequest {
	cockroach: string;
	certsDir: string;
	port: number;
	storeDir: string;
}

/** A Cloud cluster as the wizard shows it. */
export interface CloudClusterSummary {
	id: string;
	name: string;
	plan: string;
	cloud: string;
	state: string;
	regions: Array<{name: string; host: string; primary: boolean; internalHost: string; pscHost: string}>;
	/** The cluster's cloud account (on GCP, its project) and IPv4 range (GCP Advanced): what VPC peering needs. */
	accountId?: string;
	cidrRange?: string;
}

/** The private endpoint service of one region. */
export interface PrivateServiceInfo {
	name: string;
	endpointServiceId: string;
	cloud: string;
}

/** The Cloud API calls the wizard makes with one key. */
export interface CloudSession {
	/** Check the key: the organization's name and every cluster it sees. */
	connect(): Promise<{organization: string; clusters: CloudClusterSummary[]}>;
	/**
	How many allowlist rules there are, whether one admits the address (0.0.0.0/0 admits any, even an unknown
	one), whether one admits everyone, and whether a narrower rule admits the address.
	*/
	allowlistStatus(clusterId: string, ip?: string): Promise<{entries: number; covered: boolean; openToAll: boolean; coveredByOwnRule: boolean; sqlRules?: string[]; uiRules?: string[]; uiCovered?: boolean}>;
	/** Add a rule; resolves true when added, false when it was there already (nothing changed). */
	addToAllowlist(clusterId: string, entry: {cidr: Cidr; name: string; sql: boolean; ui: boolean}): Promise<boolean>;
	/** What the rule for exactly this network allows, or undefined when there is none. */
	allowlistEntry(clusterId: string, cidr: Cidr): Promise<{sql: boolean; ui: boolean} | undefined>;
	/** Change what the rule for this network allows (PATCH). */
	updateAllowlistEntry(clusterId: string, cidr: Cidr, flags: {sql: boolean; ui: boolean}): Promise<void>;
	/** Remove the 0.0.0.0/0 rule(s); resolves with how many were removed. */
	removeOpenRule(clusterId: string): Promise<number>;
	/** Trust an AWS account's private endpoints (Advanced); resolves false when it was trusted already. */
	addTrustedOwner(clusterId: string, awsAccountId: string): Promise<boolean>;
	/** Wait while the allowlist is propagating; resolves with how many times it was still propagating. */
	waitForAllowlist(clusterId: string): Promise<number>;
	sqlUsers(clusterId: string): Promise<string[]>;
	createSqlUser(clusterId: string, name: string, password: string): Promise<void>;
	setSqlUserPassword(clusterId: string, name: string, password: string): Promise<void>;
	/** The region's private endpoint service (created first on Advanced), once it is available. */
	privateEndpointService(clusterId: string, plan: string, region: string): Promise<PrivateServiceInfo>;
	/** Accept the endpoint (calling `accepted` as soon as this call accepted it) and wait until it is available; resolves with how many checks it took. */
	connectPrivateEndpoint(clusterId: string, endpointId: string, accepted?: () => void): Promise<number>;
	/** Host and port from the connection-string endpoint, and where the cluster's CA certificate is. */
	connectionDetails(clusterId: string, query: {database: string; user?: string}): Promise<{host: string; port: number; caUrl: string}>;
	/** The databases, with table counts when the API gives them. */
	databases(clusterId: string): Promise<DatabaseInfo[]>;
	/** Create a database; 'exists' when it was there already. */
	createDatabase(clusterId: string, name: string): Promise<'created' | 'exists'>;
	/** Regions a new Basic cluster can go in, nearest to this machine's IP first. */
	availableRegions(): Promise<AvailableRegion[]>;
	/** The cluster's client CA (Advanced): its status and certificate. */
	clientCaStatus(clusterId: string): Promise<{status: ClientCaStatus; pem?: string}>;
	/**
	Make the cluster trust `pem` for client certificates: POST when none is set, PATCH only when `replace` (the
	person confirmed), then wait (bounded) until its status is IS_SET. `onChanged` hears of the change as soon
	as the API took it, with the CA it replaced.
	*/
	setClientCa(clusterId: string, pem: string, options: {replace: boolean; onChanged?: (change: {replaced: boolean; previousPem?: string}) => void}): Promise<{done: 'uploaded' | 'replaced' | 'already-set'; polls: number}>;
	/** Create a free Basic cluster and wait until it is ready (bounded); onPosted hears of it as soon as it exists. */
	createCluster(request: NewClusterRequest, onPosted?: (cluster: {id: string; name: string; consoleUrl: string}) => void): Promise<{cluster: CloudClusterSummary; elapsedMs: number; polls: number}>;
}

/** A database as the wizard lists it. */
export interface DatabaseInfo {
	name: string;
	tables?: number;
}

/** The client CA and the user's client certificate for passwordless sign-in (Advanced). */
export interface ClientCaRequest {
	certsDir: string;
	/** The client CA's key: kept here (0600), outside the certs directory, with its certificate beside it. */
	caKey: string;
	user: string;
}

/** Where the client-CA files are, which were made now, and the CA's certificate (public) to upload. */
export interface ClientCaFilesOutcome {
	/** Undefined only in a dry run when the CA does not exist yet. */
	caPem?: string;
	caCert: string;
	clientCert: string;
	clientKey: string;
	clientKeyPk8: string;
	created: string[];
}

/** What to create when the organization has no cluster to use. */
export interface NewClusterRequest {
	name: string;
	provider: 'GCP' | 'AWS' | 'AZURE';
	region: string;
}

/** I/O the flow's tasks need. Each method rejects with an Error whose message says what is wrong and what to do. */
export interface WizardPorts {
	/** Open a TCP connection and close it; resolves with the address reached. */
	probeTcp(host: string, port: number, origin?: HostOrigin): Promise<{address: string}>;
	/** Read and parse a PEM CA certificate file. */
	readCaCertificate(path: string): Promise<CaCertificateInfo>;
	/** Log in with the setup and run `SELECT version()`. */
	checkConnection(setup: ConnectionSetup, origin?: HostOrigin): Promise<{serverVersion: string}>;
	/** Look for `cockroach` and `psql` on PATH. */
	locateShells(): Promise<ShellsFound>;
	/** Make (or reuse) the CA, node and client certificates. */
	generateCertificates(request: CertificateRequest): Promise<CertificateOutcome>;
	/** Make (or reuse) the client CA and client.<user>.crt/.key/.key.pk8 signed by it; never replaces a file. */
	makeClientCaFiles(request: ClientCaRequest): Promise<ClientCaFilesOutcome>;
	/** Keep a copy of a replaced client CA (public), so its undo can put it back; resolves with the file. */
	saveReplacedClientCa(certsDir: string, pem: string): Promise<string>;
	/** Start `cockroach start-single-node` in the background and wait until it serves. */
	startLocalCluster(request: LocalClusterRequest): Promise<void>;
	/** Download a CA certificate and add it to the bundle at target (never duplicating it). */
	fetchCaCertificate(url: string, target: string): Promise<{path: string; added: number}>;
	/** The Cloud API with this key. */
	cloud(apiKey: string): CloudSession;
	/** This machine's public IPv4 address, from the configured look-up endpoint. */
	lookupPublicIp(): Promise<string>;
	/** A strong random password for a new SQL user. */
	generatePassword(): string;
	/** Time each region's SQL endpoint (TCP connect + pgwire SSLRequest), in parallel, within 1 s in all. */
	measureRegions(targets: Array<{name: string; host: string; port: number}>): Promise<RegionLatency[]>;
	/** Log in with the setup and list the databases (self-hosted). */
	listDatabases(setup: ConnectionSetup): Promise<string[]>;
	/** Self-hosted: log in as the admin and create the SQL user (with its password, or certificate-only) unless it exists, then GRANT CONNECT. */
	createSqlUser(admin: ConnectionSetup, request: {user: string; password?: string; database: string}): Promise<'created' | 'exists'>;
	/** Write a secret (a generated password) to a new file, mode 0600; rejects when the file exists. */
	writeSecretFile(path: string, text: string): Promise<void>;
	/** Remove a file this run wrote (a password file whose user could not be made). */
	removeFile(path: string): Promise<void>;
	/** Log in with the setup (to its database) and create `name` unless it exists. */
	createDatabase(setup: ConnectionSetup, name: string): Promise<'created' | 'exists'>;
}

/** Facts about the machine the flow reads (never writes) to suggest defaults. */
export interface WizardContext extends PathBase {
	/** CA certificate files that exist, most likely first. */
	caCandidates: string[];
	/** The default certs directory: $COCKROACH_CERTS_DIR or ~/.cockroach-certs. */
	certsDir: string;
	/** Where libpq looks for the CA by default (~/.postgresql/root.crt). */
	rootCertPath: string;
	/** The person's login name, for a default cluster name and a new SQL user's default name. */
	userName?: string;
	/** A --dry-run: the plan says what would be done, not that it logs in and opens a shell. */
	dryRun?: boolean;
}
