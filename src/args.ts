/**
Command-line parsing for the wizard. Pure: argv and environment in, a decision out. Secrets are refused in
argv; they are read only by name from the environment.
*/
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {isSecretParam, parseConnectionUrl} from './core/connection-url.js';
import {clusterDependentFlags, EXCLUSIVE, FLAGS, networkFlags, parseOptions} from './flags.js';
import type {GivenAnswers} from './wizard/machine.js';

/** What the command line asks for. */
export type CliRequest =
	| {kind: 'help'}
	| {kind: 'version'}
	| {kind: 'wizard'; given: GivenAnswers; yes: boolean; plain: boolean; execute: string[]; ipLookupUrl?: string; profile?: string; dryRun: boolean; json: boolean}
	| {kind: 'error'; message: string};

/** parseArgs options, from the flag table. */
const OPTIONS: ParseArgsConfig['options'] = parseOptions(FLAGS.filter(row => !row.env));

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

	const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
	if (values.help) return {kind: 'help'};
	if (values.version) return {kind: 'version'};
	if (parsed.positionals.length > 0) return {kind: 'error', message: `unknown command "${parsed.positionals[0]}"; see crdb-connect --help`};
	const clash = EXCLUSIVE.find(({flags: [a, b]}) => given(values[a]) && given(values[b]));
	if (clash) return {kind: 'error', message: clash.message};
	const path = networkPath(values);
	if ('error' in path) return {kind: 'error', message: path.error};
	const lonely = FLAGS.find(row => row.requires && given(values[row.name]) && !row.requires.some(name => given(values[name])));
	if (lonely) return {kind: 'error', message: `--${lonely.name} does nothing without ${lonely.requires!.map(name => `--${name}`).join(' or ')}: add it, or drop --${lonely.name}`};

	const inputs: GivenAnswers['inputs'] = {};
	for (const row of FLAGS) {
		const value = values[row.name];
		if (!given(value)) continue;
		if (row.apply) row.apply(value, inputs);
		else if (row.input) inputs[row.input] = value as string | boolean;
	}

	// A new cluster (--create-cluster): --region names its region, and --cloud only means something with it.
	if (inputs.newClusterName !== undefined && inputs.region !== undefined) {
		inputs.newClusterRegion = inputs.region;
		delete inputs.region;
	}

	if (inputs.newClusterCloud !== undefined && inputs.newClusterName === undefined) return {kind: 'error', message: '--cloud chooses where a new cluster goes: use it with --create-cluster NAME'};
	if (values['replace-client-ca'] === true && values.auth !== 'client-ca') return {kind: 'error', message: '--replace-client-ca is for --auth client-ca: add it, or drop --replace-client-ca'};
	const passwordFlag = ['password-env', 'password-file', 'reset-password'].find(name => given(values[name]));
	if (values.auth === 'client-ca' && passwordFlag) return {kind: 'error', message: `--auth client-ca signs in with a client certificate, no password: drop --${passwordFlag}`};

	if (values['create-database'] === true && !given(values.database)) return {kind: 'error', message: '--create-database needs the name: add --database NAME'};
	const secrets = readSecrets(values, env);
	if ('error' in secrets) return {kind: 'error', message: secrets.error};
	Object.assign(inputs, secrets.inputs);
	for (const row of FLAGS) if (row.preset && typeof values[row.name] === 'string') (secrets.presets as Record<string, unknown>)[row.preset] = values[row.name];
	// Flags only some clusters can use are checked against the cluster once the Cloud API names it.
	const dependent = clusterDependentFlags().filter(name => given(values[name]));
	if (dependent.length > 0) secrets.presets.givenFlags = dependent;
	// Any private-connectivity flag selects the private path; any allowlist flag the public one.
	if (path.netMode && inputs.netMode === undefined) inputs.netMode = path.netMode;
	// Where the cluster is: a Cloud cluster, else a host, else a connection string.
	if (inputs.cluster !== undefined) inputs.source = 'cloud';
	else if (inputs.host !== undefined) inputs.source = 'host';
	else if (inputs.url !== undefined) inputs.source = 'url';
	// The way the user logs in follows from the flags that were given, unless --auth says it outright.
	if (inputs.auth === undefined) {
		if (given(values['client-cert']) || given(values['client-key'])) inputs.auth = 'cert';
		else if (given(values['password-env'])) inputs.auth = 'password';
	}

	const presets = values['create-database'] === true ? {...secrets.presets, createDatabase: true} : secrets.presets;
	const request: CliRequest = {
		kind: 'wizard',
		given: {inputs, presets},
		// --json is for scripts: it takes the defaults, as --yes does.
		yes: values.yes === true || values.json === true,
		plain: values.plain === true,
		execute: (values.execute as string[] | undefined) ?? [],
		dryRun: values['dry-run'] === true,
		json: values.json === true,
	};
	if (typeof values['ip-lookup-url'] === 'string') request.ipLookupUrl = values['ip-lookup-url'];
	if (typeof values.profile === 'string') request.profile = values.profile;
	return request;
}

/** The way to a Cloud cluster the flags choose; an error naming the flags when they choose both. */
function networkPath(values: Record<string, unknown>): {netMode?: 'allowlist' | 'private'} | {error: string} {
	const named = (kind: 'allowlist' | 'private') => networkFlags(kind).filter(name => given(values[name])).map(name => `--${name}`);
	const [publicFlags, privateFlags] = [named('allowlist'), named('private')];
	if (publicFlags.length > 0 && privateFlags.length > 0) {
		return {error: `${privateFlags.join(', ')} choose${privateFlags.length === 1 ? 's' : ''} private connectivity, which ${publicFlags.join(', ')} cannot be used with (they change the public IP allowlist): give one or the other`};
	}

	return privateFlags.length > 0 ? {netMode: 'private'} : publicFlags.length > 0 ? {netMode: 'allowlist'} : {};
}

/** A flag counts as given when it has a value (a false boolean or an empty list does not). */
function given<T>(value: T | undefined | false): value is T {
	return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
}

/** The secrets: a URL only from the environment when it holds a password, the password by variable name, the API key. */
function readSecrets(values: Record<string, unknown>, env: NodeJS.ProcessEnv): {inputs: GivenAnswers['inputs']; presets: NonNullable<GivenAnswers['presets']>} | {error: string} {
	const inputs: GivenAnswers['inputs'] = {};
	const presets: NonNullable<GivenAnswers['presets']> = {};
	if (typeof values.url === 'string') {
		const check = parseConnectionUrl(values.url);
		if (check.ok && check.parts.password !== undefined) {
			return {error: '--url holds a password, which ps and shell history would show: put the URL in an environment variable and use --url-env NAME'};
		}

		if (check.ok && Object.keys(check.parts.params ?? {}).some(isSecretParam)) {
			return {error: '--url holds sslpassword (the client key\'s passphrase), which ps and shell history would show: put the URL in an environment variable and use --url-env NAME'};
		}
	}

	if (typeof values['url-env'] === 'string') {
		const read = fromEnv('--url-env', values['url-env'], env);
		if ('error' in read) return read;
		inputs.url = read.value;
		// A password in a URL the person named on the command line goes where that URL says (consent.ts).
		const parsed = parseConnectionUrl(read.value);
		if (parsed.ok && parsed.parts.password !== undefined) presets.passwordConsent = true;
	}

	if (typeof values['admin-password-env'] === 'string') {
		const read = fromEnv('--admin-password-env', values['admin-password-env'], env);
		if ('error' in read) return read;
		presets.adminPassword = read.value;
	}

	// The API key comes only from the environment (or is typed into the wizard); it is kept in memory only.
	if (env.COCKROACH_API_KEY) presets.apiKey = env.COCKROACH_API_KEY;
	if (typeof values['password-env'] === 'string') {
		const read = fromEnv('--password-env', values['password-env'], env);
		if ('error' in read) return read;
		inputs.password = read.value;
		presets.passwordEnv = values['password-env'];
		// Naming the variable on the command line is the consent to send it to the host the run connects to (consent.ts).
		presets.passwordConsent = true;
	}

	return {inputs, presets};
}
