/**
Command-line parsing for the wizard. Pure: argv and environment in, a decision out. Secrets are refused in
argv; they are read only by name from the environment.
*/
import {parseArgs} from 'node:util';
import {parseConnectionUrl} from './core/connection-url.js';
import type {GivenAnswers} from './wizard/machine.js';

/** What the command line asks for. */
export type CliRequest =
	| {kind: 'help'}
	| {kind: 'version'}
	| {kind: 'wizard'; given: GivenAnswers; yes: boolean; plain: boolean; execute: string[]; ipLookupUrl?: string; profile?: string; dryRun: boolean}
	| {kind: 'error'; message: string};

const OPTIONS = {
	host: {type: 'string'},
	port: {type: 'string'},
	url: {type: 'string'},
	'url-env': {type: 'string'},
	user: {type: 'string'},
	'password-env': {type: 'string'},
	database: {type: 'string'},
	sslmode: {type: 'string'},
	'ca-cert': {type: 'string'},
	auth: {type: 'string'},
	'client-cert': {type: 'string'},
	'client-key': {type: 'string'},
	'certs-dir': {type: 'string'},
	'ca-key': {type: 'string'},
	'node-hosts': {type: 'string'},
	'start-local': {type: 'boolean'},
	execute: {type: 'string', short: 'e', multiple: true},
	format: {type: 'string'},
	cluster: {type: 'string'},
	region: {type: 'string'},
	'allow-current-ip': {type: 'boolean'},
	'allow-cidr': {type: 'string', multiple: true},
	'sql-user': {type: 'string'},
	'create-user': {type: 'boolean'},
	'reset-password': {type: 'boolean'},
	'ip-lookup-url': {type: 'string'},
	'confirm-open-network': {type: 'boolean'},
	'private-endpoint': {type: 'string'},
	'allow-ui': {type: 'boolean'},
	'replace-open-network': {type: 'boolean'},
	'trusted-owner': {type: 'string'},
	profile: {type: 'string'},
	'save-profile': {type: 'string'},
	'dry-run': {type: 'boolean'},
	'endpoint-network': {type: 'string'},
	'endpoint-subnets': {type: 'string'},
	'endpoint-security-groups': {type: 'string'},
	'endpoint-resource-group': {type: 'string'},
	yes: {type: 'boolean', short: 'y'},
	plain: {type: 'boolean'},
	'no-launch': {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
} as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Read an environment variable named by a flag; an error message when the name or the value is missing. */
function fromEnv(flag: string, name: string, env: NodeJS.ProcessEnv): {value: string} | {error: string} {
	if (!ENV_NAME.test(name)) return {error: `${flag} takes the NAME of an environment variable (like CRDB_PASSWORD), not a value`};
	const value = env[name];
	if (value === undefined || value === '') return {error: `${flag} ${name}: the environment variable ${name} is not set; export it first`};
	return {value};
}

/** Parse argv (without node and the script). */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliRequest {
	if (argv.some(a => a === '--password' || a.startsWith('--password='))) {
		return {kind: 'error', message: 'never put a password on the command line (ps and shell history show it): use --password-env NAME'};
	}

	let parsed;
	try {
		parsed = parseArgs({args: [...argv], options: OPTIONS, allowPositionals: true, strict: true});
	} catch (error) {
		return {kind: 'error', message: `${(error as Error).message.split('\n')[0]}; see crdb-connect --help`};
	}

	const {values, positionals} = parsed;
	if (values.help) return {kind: 'help'};
	if (values.version) return {kind: 'version'};
	if (positionals.length > 0) return {kind: 'error', message: `unknown command "${positionals[0]}"; see crdb-connect --help`};
	if (values.url !== undefined && values['url-env'] !== undefined) return {kind: 'error', message: 'give --url or --url-env, not both'};
	if (values.url !== undefined && values.host !== undefined) return {kind: 'error', message: 'give --url or --host, not both: the URL already names the host'};

	const inputs: GivenAnswers['inputs'] = {};
	const presets: GivenAnswers['presets'] = {};
	let url = values.url;
	if (url !== undefined) {
		const check = parseConnectionUrl(url);
		if (check.ok && check.parts.password !== undefined) {
			return {kind: 'error', message: '--url holds a password, which ps and shell history would show: put the URL in an environment variable and use --url-env NAME'};
		}
	}

	if (values['url-env'] !== undefined) {
		const read = fromEnv('--url-env', values['url-env'], env);
		if ('error' in read) return {kind: 'error', message: read.error};
		url = read.value;
	}

	if (url !== undefined) {
		inputs.source = 'url';
		inputs.url = url;
	}

	if (values.host !== undefined) {
		inputs.source = 'host';
		inputs.host = values.host;
	}

	if (values.port !== undefined) inputs.port = values.port;
	if (values.user !== undefined) inputs.user = values.user;
	if (values.database !== undefined) inputs.database = values.database;
	if (values.sslmode !== undefined) inputs.sslmode = values.sslmode;
	if (values['ca-cert'] !== undefined) inputs.caCert = values['ca-cert'];
	if (values['no-launch']) inputs.launch = false;
	if (values['client-cert'] !== undefined) inputs.clientCert = values['client-cert'];
	if (values['client-key'] !== undefined) inputs.clientKey = values['client-key'];
	if (values['certs-dir'] !== undefined) inputs.certsDir = values['certs-dir'];
	if (values['ca-key'] !== undefined) inputs.caKey = values['ca-key'];
	if (values['node-hosts'] !== undefined) inputs.nodeHosts = values['node-hosts'];
	if (values['start-local']) inputs.startLocal = true;
	if (values.format !== undefined) inputs.output = values.format;
	if (values.cluster !== undefined) {
		inputs.source = 'cloud';
		inputs.cluster = values.cluster;
	}

	if (values.region !== undefined) inputs.region = values.region;
	if (values['sql-user'] !== undefined) inputs.user = values['sql-user'];
	if (values['allow-current-ip'] && values['allow-cidr']) return {kind: 'error', message: 'give --allow-current-ip or --allow-cidr, not both'};
	if (values['private-endpoint'] !== undefined && (values['allow-current-ip'] || values['allow-cidr'])) return {kind: 'error', message: 'give --private-endpoint or an allowlist flag, not both'};
	if (values['private-endpoint'] !== undefined) {
		inputs.netMode = 'private';
		inputs.peEndpoint = values['private-endpoint'];
	}

	if (values['endpoint-network'] !== undefined) inputs.peNetwork = values['endpoint-network'];
	if (values['endpoint-subnets'] !== undefined) inputs.peSubnets = values['endpoint-subnets'];
	if (values['endpoint-security-groups'] !== undefined) inputs.peGroups = values['endpoint-security-groups'];
	if (values['endpoint-resource-group'] !== undefined) inputs.peResourceGroup = values['endpoint-resource-group'];
	if (values['allow-current-ip'] || values['allow-cidr']) inputs.netMode = 'allowlist';
	if (values['allow-current-ip']) inputs.allowChoice = 'current';
	if (values['allow-cidr']) {
		inputs.allowChoice = 'cidr';
		inputs.allowCidr = values['allow-cidr'].join(',');
	}

	if (values['confirm-open-network']) inputs.allowAll = true;
	if (values['allow-ui']) inputs.allowUi = true;
	if (values['replace-open-network']) inputs.replaceOpen = true;
	if (values['trusted-owner'] !== undefined) inputs.peOwner = values['trusted-owner'];
	if (values['save-profile'] !== undefined) inputs.saveProfile = values['save-profile'];
	if (values['create-user'] && values['reset-password']) return {kind: 'error', message: 'give --create-user or --reset-password, not both'};
	if (values['create-user']) inputs.userAction = 'create';
	if (values['reset-password']) inputs.userAction = 'reset';
	// The API key comes only from the environment (or is typed into the wizard); it is kept in memory only.
	if (env.COCKROACH_API_KEY) presets.apiKey = env.COCKROACH_API_KEY;
	if (values['password-env'] !== undefined) {
		const read = fromEnv('--password-env', values['password-env'], env);
		if ('error' in read) return {kind: 'error', message: read.error};
		inputs.password = read.value;
		presets.passwordEnv = values['password-env'];
	}

	// The way the user logs in follows from the flags that were given, unless --auth says it outright.
	if (values.auth !== undefined) inputs.auth = values.auth;
	else if (values['client-cert'] !== undefined || values['client-key'] !== undefined) inputs.auth = 'cert';
	else if (values['password-env'] !== undefined) inputs.auth = 'password';

	const request: CliRequest = {kind: 'wizard', given: {inputs, presets}, yes: values.yes ?? false, plain: values.plain ?? false, execute: values.execute ?? [], dryRun: values['dry-run'] ?? false};
	if (values['ip-lookup-url'] !== undefined) request.ipLookupUrl = values['ip-lookup-url'];
	if (values.profile !== undefined) request.profile = values.profile;
	return request;
}
