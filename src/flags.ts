/**
Every command's flags, one row each. The wizard's table drives the parser (src/args.ts), the --help text
(src/help.ts) and the "missing flags" message of scripted runs (which flags answer a wizard step); the doctor,
url and cert tables drive those commands' parsers and --help. A new flag is one row here plus its tests;
README's flag tables are checked against these by a test, and another fails when no test runs a flag through
the binary.
*/
import {offersPrivateConnectivity, offersVpcPeering} from './core/private-endpoint.js';
import {FORMATS} from './core/connection-formats.js';

/** Where a row is shown in --help. */
export type FlagSection = 'where' | 'who' | 'cloud' | 'connect' | 'profiles' | 'behaviour' | 'environment';

/** The wizard inputs a flag sets: raw values by step id (see GivenAnswers['inputs']). */
export type FlagInputs = Partial<Record<string, string | boolean>>;

/** What every flag of every command has: its name, its kind and its --help line(s). */
export interface FlagSpec {
	/** The long name without dashes, or the variable's name for an environment row. */
	name: string;
	short?: string;
	type: 'string' | 'boolean';
	/** Repeatable: the values arrive as an array. */
	multiple?: boolean;
	/** The value's placeholder in --help (`<name>`). */
	value?: string;
	/** The --help text; further lines are indented under the first. */
	help: string;
}

/** One flag of the wizard (or, with `env`, an environment variable shown in --help). */
export interface FlagRow extends FlagSpec {
	section: FlagSection;
	/** An environment variable (read by the program), not a flag: shown in --help, never parsed. */
	env?: boolean;
	/** Wizard steps this flag answers: named for those steps in the "missing flags" message. */
	answers?: string[];
	/** The wizard input (a step id) the value goes into as given; none for flags the command itself reads. */
	input?: string;
	/** An answer with no question of its own (presets), set from the value as given. */
	preset?: string;
	/** Flags of which one must be given too (this flag does nothing without them). */
	requires?: string[];
	/** Put the value into the wizard's inputs when that is more than one assignment. */
	apply?: (value: string | boolean | string[], inputs: FlagInputs) => void;
	/** For Cloud flags that only some clusters can use: why this cluster cannot (checked once it is known). */
	cluster?: (cluster: ClusterKind) => string | undefined;
	/** Which way of reaching a Cloud cluster the flag belongs to: flags of the two ways exclude each other. */
	network?: 'allowlist' | 'private';
}

/** The flags of one way of reaching a Cloud cluster. */
export function networkFlags(kind: 'allowlist' | 'private'): string[] {
	return FLAGS.filter(row => row.network === kind).map(row => row.name);
}

/** Pairs of flags that cannot be given together, and why (the allowlist/private clash is checked from `network`). */
export const EXCLUSIVE: ReadonlyArray<{flags: [string, string]; message: string}> = [
	{flags: ['url', 'url-env'], message: 'give --url or --url-env, not both'},
	{flags: ['url', 'host'], message: 'give --url or --host, not both: the URL already names the host'},
	{flags: ['private-endpoint', 'vpc-peering'], message: 'give --private-endpoint (an endpoint) or --vpc-peering, not both: they are two different private paths'},
	{flags: ['vpc-peering', 'endpoint-subnets'], message: '--endpoint-subnets is for creating a private endpoint; VPC peering has none: drop it'},
	{flags: ['vpc-peering', 'endpoint-security-groups'], message: '--endpoint-security-groups is for an AWS private endpoint; VPC peering has none: drop it'},
	{flags: ['vpc-peering', 'endpoint-resource-group'], message: '--endpoint-resource-group is for an Azure private endpoint; VPC peering is GCP: drop it'},
	{flags: ['vpc-peering', 'trusted-owner'], message: '--trusted-owner trusts AWS accounts\' endpoints; VPC peering is GCP: drop it'},
	{flags: ['private-endpoint', 'gcp-project'], message: '--gcp-project is for --vpc-peering; a private endpoint does not use it: drop it'},
	{flags: ['create-user', 'reset-password'], message: 'give --create-user or --reset-password, not both'},
	{flags: ['json', 'dry-run'], message: 'give --json or --dry-run, not both: a dry run prints its plan as text'},
	{flags: ['password-file', 'password-env'], message: 'give --password-env (a password you chose) or --password-file (one generated for you), not both'},
	{flags: ['cluster', 'create-cluster'], message: 'give --cluster or --create-cluster, not both'},
];

/** The --help sections, in order, with their titles. */
export const SECTIONS: ReadonlyArray<{id: FlagSection; title: string}> = [
	{id: 'where', title: 'Where the cluster is'},
	{id: 'who', title: 'Who you are'},
	{id: 'cloud', title: 'CockroachDB Cloud (the API key comes from COCKROACH_API_KEY, or is typed into the wizard; never a flag)'},
	{id: 'connect', title: 'How to connect'},
	{id: 'profiles', title: 'Profiles and dry runs (for support engineers)'},
	{id: 'behaviour', title: 'Behaviour'},
	{id: 'environment', title: 'Environment'},
];

/** What a Cloud flag's usability depends on. */
export interface ClusterKind {
	name: string;
	plan: string;
	cloud: string;
}

const is = (c: ClusterKind) => `${c.name} is ${c.plan} on ${c.cloud}`;
const privateOnly = (c: ClusterKind) => (offersPrivateConnectivity(c.plan) ? undefined : `${is(c)}: private endpoints are for Standard and Advanced clusters`);
const awsEndpoint = (c: ClusterKind) => privateOnly(c) ?? (c.cloud === 'AWS' ? undefined : `${is(c)}: security groups are for AWS private endpoints`);
const azureEndpoint = (c: ClusterKind) => privateOnly(c) ?? (c.cloud === 'AZURE' ? undefined : `${is(c)}: a resource group is for Azure private endpoints`);
const advancedAws = (c: ClusterKind) => (c.plan === 'ADVANCED' && c.cloud === 'AWS' ? undefined : `${is(c)}: trusted owners are for Advanced clusters on AWS`);
const advancedGcp = (c: ClusterKind) => (offersVpcPeering(c) ? undefined : `${is(c)}: VPC peering is for Advanced clusters on GCP`);
const advancedOnly = (c: ClusterKind) => (c.plan === 'ADVANCED' ? undefined : `${is(c)}: DB Console access exists only on Advanced`);
const clientCaOnly = (c: ClusterKind) => (c.plan === 'ADVANCED' ? undefined : `${is(c)}: a client CA of your own is for Advanced clusters`);
const notAdvanced = (c: ClusterKind) => (c.plan === 'ADVANCED' ? `${is(c)}: --replace-open-network is for Basic and Standard (Advanced starts locked down)` : undefined);

/** A lead-in and a comma-separated list, wrapped into help lines of at most 90 characters. */
function wrapList(lead: string, items: readonly string[]): string {
	const lines = [lead];
	for (const [i, item] of items.entries()) {
		const word = i < items.length - 1 ? `${item},` : item;
		if (`${lines.at(-1)} ${word}`.length > 90) lines.push(word);
		else lines[lines.length - 1] += ` ${word}`;
	}

	return lines.join('\n');
}

const set = (key: string, value: string | boolean) => (_: unknown, inputs: FlagInputs) => {
	inputs[key] = value;
};

/** Every flag of the wizard, in --help order. */
export const FLAGS: readonly FlagRow[] = [
	{name: 'host', type: 'string', value: 'name', section: 'where', input: 'host', answers: ['source', 'host'], help: 'host name or IP of a node or load balancer (host:port also works)'},
	{name: 'port', type: 'string', value: 'n', section: 'where', input: 'port', answers: ['port'], help: 'SQL port (default 26257)'},
	{name: 'url', type: 'string', value: 'url', section: 'where', input: 'url', answers: ['source', 'url', 'guide'], help: 'a connection string (postgresql://…) without a password'},
	// url-env and password-env name environment variables: args.ts reads (and checks) them.
	{name: 'url-env', type: 'string', value: 'NAME', section: 'where', answers: ['url', 'guide'], help: 'read the connection string from environment variable NAME (may hold a password)'},

	{name: 'user', type: 'string', value: 'name', section: 'who', input: 'user', answers: ['user'], help: 'SQL user'},
	{name: 'password-env', type: 'string', value: 'NAME', section: 'who', answers: ['password', 'newPassword', 'sendProfilePassword', 'sendPassword'], help: 'read the password from environment variable NAME (never pass a password as a flag)'},
	{name: 'password-file', type: 'string', value: 'file', section: 'who', preset: 'passwordFile', requires: ['create-user', 'reset-password'], help: 'with --create-user or --reset-password: generate a strong password and write it only to FILE\n(a new file, mode 0600; an existing one is refused), never to the screen'},
	{name: 'admin-user', type: 'string', value: 'name', section: 'who', preset: 'adminUser', requires: ['create-user'], help: 'self-hosted --create-user: the admin who creates the user over SQL (default root, logging in\nwith client.<name>.crt/.key from --certs-dir)'},
	{name: 'admin-password-env', type: 'string', value: 'NAME', section: 'who', requires: ['create-user'], help: 'the admin logs in with the password in environment variable NAME instead (it needs CREATEROLE)'},
	{name: 'auth', type: 'string', value: 'how', section: 'who', input: 'auth', answers: ['auth'], help: 'password, cert (client certificate files), generate (make certificates now) or client-ca\n(Cloud Advanced: no password; your own client CA, uploaded to the cluster, signs client.<user>.crt)'},
	{name: 'client-cert', type: 'string', value: 'path', section: 'who', input: 'clientCert', answers: ['clientCert'], help: 'client certificate (client.<user>.crt) for --auth cert'},
	{name: 'client-key', type: 'string', value: 'path', section: 'who', input: 'clientKey', answers: ['clientKey'], help: 'its key (client.<user>.key)'},
	{name: 'certs-dir', type: 'string', value: 'dir', section: 'who', input: 'certsDir', answers: ['certsDir'], help: '--auth generate or client-ca: where certificates go (default $COCKROACH_CERTS_DIR or ~/.cockroach-certs)'},
	{name: 'ca-key', type: 'string', value: 'path', section: 'who', input: 'caKey', answers: ['caKey'], help: '--auth generate or client-ca: the CA key, outside the certs dir (default ~/.cockroach-ca/ca.key;\nfor client-ca ~/.cockroach-client-ca/ca.key); made if missing, mode 0600, its ca.crt beside it'},
	{name: 'replace-client-ca', type: 'boolean', section: 'who', cluster: clientCaOnly, input: 'clientCaReplace', answers: ['clientCaReplace'], help: '--auth client-ca: replace the client CA the cluster trusts already with yours (certificates\nsigned by the old one stop working; both fingerprints are printed)'},
	{name: 'node-hosts', type: 'string', value: 'list', section: 'who', input: 'nodeHosts', answers: ['nodeHosts'], help: '--auth generate: hosts for node.crt (default: the host, localhost, 127.0.0.1)'},
	{name: 'start-local', type: 'boolean', section: 'who', input: 'startLocal', answers: ['startLocal'], help: '--auth generate on localhost: start a secure single-node cluster with them'},

	{name: 'COCKROACH_API_KEY', type: 'string', env: true, section: 'cloud', answers: ['apiKey'], help: 'the Cloud API key (a service account\'s secret; read from the environment only)'},
	{name: 'cluster', type: 'string', value: 'name|id', section: 'cloud', input: 'cluster', answers: ['cluster'], help: 'the cluster (implies the Cloud path)'},
	{name: 'region', type: 'string', value: 'name', section: 'cloud', input: 'region', answers: ['region', 'newClusterRegion'], help: 'its region, for multi-region clusters (default: the one that answers fastest from here);\nwith --create-cluster, the new cluster\'s region (default: the nearest to your IP)'},
	// The cluster question's "create a new one" choice (stages/cluster.ts NEW_CLUSTER), and the name.
	{
		name: 'create-cluster',
		type: 'string',
		value: 'name',
		section: 'cloud',
		answers: ['cluster', 'newClusterName'],
		apply: (v, inputs) => Object.assign(inputs, {cluster: '+new', newClusterName: v}),
		help: 'no cluster yet: create a free Basic one (6–20 lowercase letters, digits, dashes) with an\nempty IP allowlist, wait until it is ready, then go on as for any cluster. A Basic cluster of\nthat name that exists already is used instead (it stops, changing nothing, if --cloud or --region\nsay otherwise, or the cluster of that name is not Basic)',
	},
	{name: 'cloud', type: 'string', value: 'provider', section: 'cloud', input: 'newClusterCloud', answers: ['newClusterCloud'], help: 'with --create-cluster: GCP, AWS or AZURE (default: the cloud of the region nearest to you)'},
	{name: 'allow-current-ip', type: 'boolean', section: 'cloud', network: 'allowlist', answers: ['netMode', 'allowChoice'], apply: (_, inputs) => Object.assign(inputs, {netMode: 'allowlist', allowChoice: 'current'}), help: 'add this machine\'s public IPv4 /32 to the IP allowlist'},
	{
		name: 'allow-cidr',
		type: 'string',
		multiple: true,
		value: 'cidr',
		section: 'cloud',
		network: 'allowlist',
		answers: ['netMode', 'allowChoice', 'allowCidr'],
		// After --allow-current-ip in this table: with it, "current" in the list stands for this machine's address.
		apply: (v, inputs) => Object.assign(inputs, {netMode: 'allowlist', allowChoice: 'cidr', allowCidr: [...(inputs.allowChoice === 'current' ? ['current'] : []), ...(v as string[])].join(',')}),
		help: 'add an IPv4 network (repeatable; with --allow-current-ip, both); together opening more than a /8 of the internet needs --confirm-open-network',
	},
	{
		name: 'private-endpoint',
		cluster: privateOnly,
		type: 'string',
		value: 'id',
		section: 'cloud',
		network: 'private',
		answers: ['netMode', 'peEndpoint'],
		apply: (v, inputs) => Object.assign(inputs, {netMode: 'private', peEndpoint: v}),
		help: 'reach it privately instead (Standard, Advanced): the endpoint id you created (vpce-…, the PSC\nconnection id, or the Azure resource id)',
	},
	{name: 'vpc-peering', type: 'boolean', section: 'cloud', cluster: advancedGcp, network: 'private', answers: ['netMode'], apply: set('netMode', 'peering'), help: 'Advanced on GCP: reach it through VPC peering instead (with --gcp-project, --endpoint-network)'},
	{name: 'gcp-project', type: 'string', value: 'id', section: 'cloud', cluster: advancedGcp, network: 'private', input: 'peProject', answers: ['peProject'], help: '--vpc-peering: your GCP project id'},
	{name: 'endpoint-network', type: 'string', value: 'id', section: 'cloud', cluster: privateOnly, network: 'private', input: 'peNetwork', answers: ['peNetwork'], help: 'for the commands that create the endpoint or peering: the AWS VPC id, GCP network or Azure VNet'},
	{name: 'endpoint-subnets', type: 'string', value: 'ids', section: 'cloud', cluster: privateOnly, network: 'private', input: 'peSubnets', answers: ['peSubnets'], help: 'the endpoint\'s subnet id(s), comma-separated'},
	{name: 'endpoint-security-groups', type: 'string', value: 'ids', section: 'cloud', cluster: awsEndpoint, network: 'private', input: 'peGroups', answers: ['peGroups'], help: 'AWS: the endpoint\'s security group id(s), comma-separated (they must allow TCP 26257)'},
	{name: 'endpoint-resource-group', type: 'string', value: 'name', section: 'cloud', cluster: azureEndpoint, network: 'private', input: 'peResourceGroup', answers: ['peResourceGroup'], help: 'Azure: the resource group the endpoint is created in'},
	{name: 'allow-ui', type: 'boolean', section: 'cloud', cluster: advancedOnly, network: 'allowlist', input: 'allowUi', answers: ['allowUi'], help: 'with an allowlist rule on Advanced: also allow DB Console access'},
	{name: 'replace-open-network', type: 'boolean', section: 'cloud', cluster: notAdvanced, network: 'allowlist', input: 'replaceOpen', answers: ['replaceOpen'], help: 'remove a 0.0.0.0/0 rule once your network is added (Basic, Standard)'},
	{name: 'confirm-open-network', type: 'boolean', section: 'cloud', network: 'allowlist', input: 'allowAll', answers: ['allowAll'], help: 'allow --allow-cidr networks that, with the rules already on the allowlist, together open more than a /8 of the internet (0.0.0.0/0 is all of it)'},
	{name: 'trusted-owner', type: 'string', value: 'id', section: 'cloud', cluster: advancedAws, network: 'private', input: 'peOwner', answers: ['peOwner'], help: 'Advanced on AWS: trust this AWS account\'s private endpoints'},
	{name: 'sql-user', type: 'string', value: 'name', section: 'cloud', input: 'user', help: 'the SQL user (same as --user)'},
	{name: 'create-user', type: 'boolean', section: 'cloud', answers: ['userAction'], apply: set('userAction', 'create'), help: 'create it (Cloud: through the API; self-hosted: over SQL as --admin-user) with the password\nfrom --password-env (at least 12 characters) or one generated into --password-file'},
	{name: 'reset-password', type: 'boolean', section: 'cloud', answers: ['userAction'], apply: set('userAction', 'reset'), help: 'set a new password for an existing user (from --password-env)'},
	{name: 'ip-lookup-url', type: 'string', value: 'url', section: 'cloud', help: 'where to learn the public IP (env CRDB_CONNECT_IP_URL; default https://api.ipify.org)'},
	{name: 'COCKROACH_SERVER', type: 'string', env: true, section: 'cloud', help: 'the Cloud API origin (default https://cockroachlabs.cloud)'},

	{name: 'database', type: 'string', value: 'name', section: 'connect', input: 'database', answers: ['database', 'databasePick', 'newDatabase'], help: 'database (default defaultdb; on the Cloud path the wizard lists the cluster\'s own)'},
	// args.ts reads it: it is no step's answer.
	{name: 'create-database', type: 'boolean', section: 'connect', help: 'create --database when it is missing (fine when it exists)'},
	{name: 'sslmode', type: 'string', value: 'mode', section: 'connect', input: 'sslmode', answers: ['sslmode'], help: 'verify-full (default), verify-ca, require or disable'},
	{name: 'ca-cert', type: 'string', value: 'path', section: 'connect', input: 'caCert', answers: ['caCert'], help: 'CA certificate file (ca.crt, or root.crt from the Cloud Console)'},

	{name: 'save-profile', type: 'string', value: 'file', section: 'profiles', input: 'saveProfile', answers: ['saveProfile'], help: 'save the answers as a profile (JSON, mode 0600; secrets only as env references)'},
	{name: 'profile', type: 'string', value: 'file', section: 'profiles', help: 'replay a profile (or a doctor report); flags override it; only what is missing is asked'},
	{name: 'dry-run', type: 'boolean', section: 'profiles', help: 'print every Cloud API call, file write and launch it would make, and change nothing'},

	{name: 'yes', short: 'y', type: 'boolean', section: 'behaviour', answers: ['launch', 'plan', 'hostPlan'], help: 'accept every default and never prompt'},
	{name: 'plain', type: 'boolean', section: 'behaviour', help: 'ask line by line instead of the full-screen wizard (also when TERM=dumb)'},
	{name: 'no-launch', type: 'boolean', section: 'behaviour', answers: ['launch'], apply: set('launch', false), help: 'print the connection string and the shell command instead of opening the shell'},
	{
		name: 'format',
		type: 'string',
		value: 'name',
		section: 'behaviour',
		input: 'output',
		answers: ['output'],
		help: wrapList('show this instead of opening a shell:', FORMATS),
	},
	{name: 'json', type: 'boolean', section: 'behaviour', help: 'no prompts (defaults taken, as with --yes), no shell: print one JSON object on stdout (the connection without secrets, its files,\nthe shell command, every change made, each check\'s result); human text goes to stderr'},
	{name: 'execute', short: 'e', type: 'string', multiple: true, value: 'sql', section: 'behaviour', help: 'run the statement(s) in the shell and exit with its status (repeatable)'},
	{name: 'help', short: 'h', type: 'boolean', section: 'behaviour', help: 'show this help'},
	{name: 'version', short: 'v', type: 'boolean', section: 'behaviour', help: 'print the version'},

	{name: 'NO_COLOR', type: 'string', env: true, section: 'environment', help: 'turn colours off'},
	{name: 'COCKROACH_CERTS_DIR', type: 'string', env: true, section: 'environment', help: 'where to look for ca.crt first (default ~/.cockroach-certs)'},
];

/** A flag of a subcommand; `only` names the `cert` subcommands that take it (all of them when absent). */
export interface CommandFlag extends FlagSpec {
	only?: readonly string[];
}

const HELP_ROW = {name: 'help', short: 'h', type: 'boolean', help: 'show this help'} as const;
const CREATE = ['create-ca', 'create-node', 'create-client'] as const;

/** `crdb-connect doctor`'s flags, in --help order. */
export const DOCTOR_FLAGS = [
	{name: 'url-env', type: 'string', value: 'NAME', help: 'read the connection string (which may hold a password) from environment variable NAME'},
	{name: 'password-env', type: 'string', value: 'NAME', help: 'read the password from environment variable NAME'},
	{name: 'timeout', type: 'string', value: 'duration', help: 'bounds every network step, statements included (default 5s)'},
	{name: 'json', type: 'boolean', help: 'print the checks as JSON'},
	{name: 'report', type: 'string', value: 'file', help: 'also write a report to share: the checks, this machine\'s facts and a replayable\nprofile, with every secret removed'},
	{name: 'replace-report', type: 'boolean', help: 'replace the --report file when it exists (without it, an existing file is kept\nand doctor stops before checking anything)'},
	HELP_ROW,
] as const satisfies readonly CommandFlag[];

/** `crdb-connect url`'s own flags, in --help order (the connection flags are the wizard's, FLAGS). */
export const URL_FLAGS = [
	{name: 'format', type: 'string', value: 'name', help: `${wrapList('one of:', FORMATS)}\n(default url)`},
	{name: 'json', type: 'boolean', help: 'every format at once'},
	{name: 'dotenv', type: 'string', value: 'file', help: 'add KEY=<url with the password> to FILE (created 0600); an existing different value\nis kept unless --replace-dotenv'},
	{name: 'dotenv-key', type: 'string', value: 'key', help: 'the variable to set (default DATABASE_URL)'},
	{name: 'replace-dotenv', type: 'boolean', help: 'replace a different value already set for KEY in FILE'},
	HELP_ROW,
] as const satisfies readonly CommandFlag[];

/** `crdb-connect cert …`'s flags, in --help order, each with the subcommands that take it (as cockroach registers them). */
export const CERT_FLAGS = [
	{name: 'certs-dir', type: 'string', value: 'dir', help: 'certificates directory (env COCKROACH_CERTS_DIR; default ~/.cockroach-certs)'},
	{name: 'ca-key', type: 'string', value: 'file', only: CREATE, help: 'the CA\'s private key; keep it outside the certs directory (env COCKROACH_CA_KEY)'},
	{name: 'key-size', type: 'string', value: 'bits', only: CREATE, help: 'RSA key size (default 2048)'},
	{name: 'lifetime', type: 'string', value: 'duration', only: CREATE, help: 'e.g. 8760h or 1h30m (default 87840h for the CA, 43920h otherwise)'},
	{name: 'overwrite', type: 'boolean', only: CREATE, help: 'replace existing files; create-ca puts the new CA in front of the old ones'},
	{name: 'allow-ca-key-reuse', type: 'boolean', only: ['create-ca'], help: 'create-ca: sign with an existing CA key'},
	{name: 'also-generate-pkcs8-key', type: 'boolean', only: ['create-client'], help: 'create-client: also write client.<user>.key.pk8 (DER, for Java)'},
	{name: 'disable-username-validation', type: 'boolean', only: ['create-client'], help: 'create-client: issue a certificate for a name that is not a SQL username'},
	{name: 'json', type: 'boolean', only: ['list'], help: 'list: print the rows as JSON'},
	HELP_ROW,
] as const satisfies readonly CommandFlag[];

/** Every subcommand's flag table, by the word that runs it. */
export const COMMAND_FLAGS: Readonly<Record<'doctor' | 'url' | 'cert', readonly CommandFlag[]>> = {doctor: DOCTOR_FLAGS, url: URL_FLAGS, cert: CERT_FLAGS};

/** node:util parseArgs options for a table's rows, typed by the rows so each flag's value has its type. */
export function parseOptions<const R extends readonly FlagSpec[]>(rows: R): {[K in R[number] as K['name']]: {type: K['type']; short?: string}} {
	return Object.fromEntries(rows.map(row => [row.name, {type: row.type, ...(row.short ? {short: row.short} : {}), ...(row.multiple ? {multiple: true} : {})}])) as never;
}

/** The given Cloud flags this cluster cannot use, each with why: a run must stop before changing anything. */
export function unusableFlags(cluster: ClusterKind, given: readonly string[]): string[] {
	return FLAGS.filter(row => given.includes(row.name) && row.cluster).flatMap(row => {
		const why = row.cluster!(cluster);
		return why ? [`--${row.name}: ${why}`] : [];
	});
}

/** The flags whose use depends on the cluster (recorded when given, checked once the cluster is known). */
export function clusterDependentFlags(): string[] {
	return FLAGS.filter(row => row.cluster).map(row => row.name);
}

/** Notes added to a step's flags in the "missing flags" message, where the flags alone would mislead. */
/** Why --password-env must be on the command line before a password goes to a host nobody here chose, or unverified. */
const CONSENT_NOTE = '(on the command line, to confirm where the password goes: a replayed profile, or a connection that does not verify the server, never sends it on its own)';

const MISSING_NOTES: Readonly<Record<string, string>> = {
	apiKey: '(environment)',
	guide: '(no API key)',
	userAction: '(or --password-env for the current one)',
	// One text for both consent questions (src/wizard/consent.ts), so a run that meets both names it once.
	sendProfilePassword: CONSENT_NOTE,
	sendPassword: CONSENT_NOTE,
};

/** The flags (or variables) that answer a wizard step, as the "missing flags" message names them. */
export function flagsForStep(stepId: string): string[] {
	return FLAGS.filter(row => row.answers?.includes(stepId)).map(row => (row.env ? row.name : `--${row.name}`));
}

/** The "missing flags" text for a step: its flags, "a, b or c", and a note where one is needed. */
export function missingText(stepId: string): string {
	const names = flagsForStep(stepId);
	if (names.length === 0) return `(step ${stepId}: no flag answers it)`;
	const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
	const note = MISSING_NOTES[stepId];
	return note ? `${list} ${note}` : list;
}
