/**
The wizard's flow as data: four stages, each a sequence of steps. A step asks one question or runs one
task through the injected ports. No Ink, no I/O: front-ends interpret these steps.
*/
import {parseConnectionUrl, parsePort, DEFAULT_PORT} from '../core/connection-url.js';
import {checkHostInput} from '../core/host.js';
import {passwordProblem, isPlaceholderPassword} from '../core/password.js';
import {resolveUserPath} from '../core/paths.js';
import {checkSqlUsername} from '../core/sql-username.js';
import {isSslMode, OFFERED_SSL_MODES, verifiesServer} from '../core/sslmode.js';
import {pickShell, shellQuote} from '../core/launch-plan.js';
import {FORMATS} from '../core/connection-formats.js';
import {CLOUD_METHOD_STEPS, CLOUD_NETWORK_STEPS, CLOUD_USER_STEPS, defaultSqlUser, guided, withKey} from './cloud-steps.js';
import {SELF_HOSTED_USER_STEP} from './user-steps.js';
import {PROFILE_PASSWORD_STEP, UNVERIFIED_PASSWORD_STEP} from './consent.js';
	// Creating the database logs in too: after the consent above.
import {asksDatabaseByName, CREATE_CLUSTER_STEPS, DATABASE_CREATE_STEP, DATABASE_PICK_STEPS, REGION_LATENCY_STEP} from './beyond-steps.js';
import {databaseNameProblem} from '../core/database-name.js';
import {caKeyPlacementProblem, defaultNodeHosts, defaultStoreDir, isLocalHost, startSingleNodeCommand} from '../core/local-cluster.js';
import path from 'node:path';
import {DEFAULT_DATABASE, toSetup, type Answers, type AuthMethod, type Field} from './answers.js';
import type {WizardContext, WizardPorts} from './ports.js';
import type {Journal} from './journal.js';

/** The four stages, in order. */
export const STAGES = [
	{id: 'network', title: 'Authorize network'},
	{id: 'user', title: 'Create SQL user'},
	{id: 'method', title: 'Choose connection method'},
	{id: 'connect', title: 'Connect'},
] as const;

/** One of the stage ids. */
export type StageId = (typeof STAGES)[number]['id'];

/** One option of a select question. */
export interface Choice {
	value: string;
	label: string;
	/** How the choice reads once made (defaults to the label up to its " — "). */
	short?: string;
	/** A letter that picks this choice at once (e.g. "e" for "Edit"). */
	key?: string;
}

/** The result of accepting an answer: fields to merge, or a one-line error to show. */
export type Acceptance = {patch: Partial<Answers>} | {error: string};

interface StepBase {
	id: string;
	stage: StageId;
	/** Whether the step applies given the answers so far (default: always). */
	when?: (answers: Answers) => boolean;
}

/** A step that asks the person one thing. */
export interface QuestionStep extends StepBase {
	kind: 'select' | 'text' | 'password' | 'confirm';
	message: string;
	/**
	Scripted runs: a missing answer stops the run only when this step is reached, so the tasks before it can
	show what to do first (the commands that create a private endpoint, before its id can be given).
	*/
	deferred?: boolean;
	/** The answers this step sets; the step is skipped when flags or a pasted URL fixed all of them. */
	fills: Field[];
	choices?: (answers: Answers) => Choice[];
	/** How the answer reads in the transcript, when the stored value is not one of the choices. */
	describe?: (answers: Answers) => string;
	/** Lines shown under the question (e.g. the plan a review screen accepts). */
	detail?: (answers: Answers, ctx: WizardContext) => string[];
	/** The suggested answer (the previous answer when the person came back), if any. */
	initial: (answers: Answers, ctx: WizardContext) => string | boolean | undefined;
	/** Parse and validate an answer (typed text, a choice's value, or a confirm's boolean). */
	accept: (value: string | boolean, answers: Answers, ctx: WizardContext) => Acceptance;
}

/** What a finished task adds to the answers, and a one-line detail to show next to its tick. */
export interface TaskResult {
	patch?: Partial<Answers>;
	detail: string;
}

/** A step that runs one piece of I/O through the ports. */
export interface TaskStep extends StepBase {
	kind: 'task';
	title: (answers: Answers) => string;
	/** Whether "continue anyway" is offered when the task fails. */
	canContinue: boolean;
	/** The answers the task reads: on the way forward it runs again only when one of them changed (undefined: always runs). */
	uses?: Field[];
	/** Run it; every change made to the world is recorded in the journal as soon as it is made. */
	run: (ports: WizardPorts, answers: Answers, ctx: WizardContext, journal: Journal) => Promise<TaskResult>;
}

/** A task failure that names the answers it rests on, so "Back" goes to the question that set them. */
export class TaskFailure extends Error {
	override name = 'TaskFailure';
	constructor(message: string, readonly fields: Field[]) {
		super(message);
	}
}

/** Any step. */
export type Step = QuestionStep | TaskStep;

const text = (value: string | boolean): string => (typeof value === 'string' ? value : String(value));

const SOURCE_CHOICES: Choice[] = [
	{value: 'host', label: 'I have a host (self-hosted, or any cluster whose address I know)', short: 'a host'},
	{value: 'url', label: 'Paste a connection string (e.g. from the Cloud Console\'s Connect dialog)', short: 'a connection string'},
	{value: 'cloud', label: 'A CockroachDB Cloud cluster (with an API key, or guided through the Console)', short: 'CockroachDB Cloud'},
];

/** Parse a pasted connection string into answers; a placeholder password is dropped so it gets asked. */
function acceptUrl(value: string | boolean, ctx: WizardContext): Acceptance {
	const parsed = parseConnectionUrl(text(value));
	if (!parsed.ok) return {error: parsed.error};
	const {parts} = parsed;
	const patch: Partial<Answers> = {url: text(value).trim(), host: parts.host, port: parts.port};
	if (parts.user) patch.user = parts.user;
	if (parts.password && !isPlaceholderPassword(parts.password)) patch.password = parts.password;
	if (parts.database) patch.database = parts.database;
	if (parts.sslmode) patch.sslmode = parts.sslmode;
	if (parts.sslrootcert) patch.caCert = resolveUserPath(parts.sslrootcert, ctx);
	if (parts.sslcert) patch.sslcert = resolveUserPath(parts.sslcert, ctx);
	if (parts.sslkey) patch.sslkey = resolveUserPath(parts.sslkey, ctx);
	if (parts.params) patch.params = parts.params;
	// A string that carries a client certificate, or a password, already says how the user logs in.
	if (patch.sslcert && patch.sslkey) patch.auth = 'cert';
	else if (patch.password !== undefined) patch.auth = 'password';
	return {patch};
}

const AUTH_CHOICES: Choice[] = [
	{value: 'password', label: 'Password', short: 'password'},
	{value: 'cert', label: 'Client certificate files I already have (client.<user>.crt and .key)', short: 'client certificate'},
	{value: 'generate', label: 'Generate a CA, node and client certificates now (self-hosted secure cluster)', short: 'generate certificates'},
];

/** The text as a sentence (ending in . ! or ?), so another sentence can follow it on the same line. */
const sentence = (text: string) => (/[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`);

const generating = (a: Answers) => a.auth === 'generate';

/** Stage 3's answer: open a shell, or show one of the formats to copy. */
const OUTPUT_CHOICES: Choice[] = [
	{value: 'shell', label: 'Open a SQL shell here (cockroach sql, or psql)', short: 'SQL shell'},
	{value: 'cockroach-sql', label: 'Show the cockroach sql command', short: 'cockroach sql command'},
	{value: 'url', label: 'Show the connection string', short: 'connection string'},
	{value: 'params', label: 'Show the connection parameters (host, port, database, user, TLS)', short: 'parameters'},
	{value: 'psycopg2', label: 'Python — psycopg2'},
	{value: 'psycopg3', label: 'Python — psycopg 3'},
	{value: 'sqlalchemy', label: 'Python — SQLAlchemy (cockroachdb dialect)'},
	{value: 'pgx', label: 'Go — pgx'},
	{value: 'gorm', label: 'Go — GORM'},
	{value: 'node-pg', label: 'Node.js — pg'},
	{value: 'sequelize', label: 'Node.js — Sequelize'},
	{value: 'prisma', label: 'Node.js — Prisma (DATABASE_URL)'},
	{value: 'jdbc', label: 'Java — JDBC'},
	{value: 'hibernate', label: 'Java — Hibernate'},
].map(c => ({short: c.label.replace(' — ', ' '), ...c}));

/** A comma- or space-separated host list, each a DNS name (wildcards allowed) or an IP address. */
function acceptHostList(value: string | boolean): Acceptance {
	const hosts = text(value).split(/[,\s]+/).filter(Boolean);
	if (hosts.length === 0) return {error: 'name at least one host: every address clients will use to reach the node'};
	const bad = hosts.find(h => !/^(\*\.)?[A-Za-z0-9_.:-]+$/.test(h));
	return bad ? {error: `"${bad}" is not a host name or IP address`} : {patch: {nodeHosts: hosts}};
}

/** Whether the user logs in with a password (the default when nothing says otherwise). */
const usesPassword = (a: Answers): boolean => (a.auth ?? 'password') === 'password';

/** The whole flow, in order. */
export const FLOW: readonly Step[] = [
	{
		id: 'source',
		stage: 'network',
		kind: 'select',
		message: 'How do you reach the cluster?',
		fills: ['source'],
		// With an API key in the environment the Cloud path comes first and is the default.
		choices: a => (a.apiKey ? [SOURCE_CHOICES[2]!, SOURCE_CHOICES[0]!, SOURCE_CHOICES[1]!] : SOURCE_CHOICES),
		initial: a => a.source ?? (a.apiKey ? 'cloud' : 'host'),
		accept: value => (value === 'host' || value === 'url' || value === 'cloud' ? {patch: {source: value}} : {error: 'choose host, url or cloud'}),
	},
	...withBeyondSteps(CLOUD_NETWORK_STEPS),
	{
		id: 'url',
		stage: 'network',
		kind: 'text',
		when: a => a.source === 'url' || guided(a),
		message: 'Paste the connection string',
		fills: ['url'],
		initial: () => undefined,
		accept: (value, _a, ctx) => acceptUrl(value, ctx),
	},
	{
		id: 'host',
		stage: 'network',
		kind: 'text',
		when: a => a.source === 'host',
		message: 'Host name or IP address of a node or load balancer',
		fills: ['host'],
		initial: a => a.host ?? 'localhost',
		accept(value) {
			const checked = checkHostInput(text(value));
			if (!checked.ok) return {error: checked.error};
			return {patch: checked.port === undefined ? {host: checked.host} : {host: checked.host, port: checked.port}};
		},
	},
	{
		id: 'port',
		stage: 'network',
		kind: 'text',
		when: a => a.source === 'host',
		message: 'SQL port',
		fills: ['port'],
		initial: a => String(a.port ?? DEFAULT_PORT),
		accept(value) {
			const port = parsePort(text(value));
			if (port === undefined) return {error: 'the port must be a number from 1 to 65535 (CockroachDB uses 26257; 8080 is the DB Console)'};
			return {patch: {port}};
		},
	},
	{
		id: 'reach',
		stage: 'network',
		kind: 'task',
		canContinue: true,
		// Skipped when the flags already say a local node will be started later in the flow.
		when: a => a.startLocal !== true,
		title: a => `Reach ${a.host}:${a.port ?? DEFAULT_PORT} over TCP`,
		uses: ['host', 'port'],
		async run(ports, a) {
			try {
				const {address} = await ports.probeTcp(a.host!, a.port ?? DEFAULT_PORT);
				return {detail: `reached ${address}`};
			} catch (error) {
				if (!isLocalHost(a.host)) throw new TaskFailure((error as Error).message, ['host', 'port']);
				throw new TaskFailure(`${sentence((error as Error).message)} Setting up a new local cluster? Choose "Continue anyway": the wizard can make certificates and start a node.`, ['host', 'port']);
			}
		},
	},
	{
		id: 'user',
		stage: 'user',
		kind: 'text',
		when: a => !(a.planAccepted && a.user),
		message: 'SQL user name',
		fills: ['user'],
		// A new Cloud user gets a sensible name that does not clash with the cluster's users.
		initial: (a, ctx) => a.user ?? (withKey(a) ? defaultSqlUser(ctx.userName, a.cloudUsers ?? []) : undefined),
		accept(value) {
			const checked = checkSqlUsername(text(value));
			return checked.ok ? {patch: {user: checked.username}} : {error: checked.error};
		},
	},
	// A password a replayed profile pointed at is not sent anywhere (not even to the Cloud API) before this is answered.
	PROFILE_PASSWORD_STEP,
	...CLOUD_USER_STEPS,
	{
		id: 'auth',
		stage: 'user',
		kind: 'select',
		// Cloud users made or checked through the API log in with a password.
		when: a => !withKey(a),
		message: 'How does this user log in?',
		fills: ['auth'],
		choices: () => AUTH_CHOICES,
		initial: a => a.auth ?? 'password',
		accept: value => (AUTH_CHOICES.some(c => c.value === value) ? {patch: {auth: value as AuthMethod}} : {error: 'choose password, cert or generate'}),
	},
	{
		id: 'password',
		stage: 'user',
		kind: 'password',
		// Not asked when a new user's password is generated into --password-file.
		when: a => usesPassword(a) && !(withKey(a) && (a.userAction === 'create' || a.userAction === 'reset')) && !(a.userAction === 'create' && a.passwordFile),
		message: 'Password for the SQL user',
		fills: ['password'],
		initial: () => undefined,
		accept(value) {
			const problem = passwordProblem(text(value), 'existing');
			return problem ? {error: problem} : {patch: {password: text(value)}};
		},
	},
	{
		id: 'clientCert',
		stage: 'user',
		kind: 'text',
		when: a => a.auth === 'cert',
		message: 'Client certificate file',
		fills: ['sslcert'],
		initial: (a, ctx) => a.sslcert ?? path.join(ctx.certsDir, `client.${a.user}.crt`),
		accept: (value, _a, ctx) => (text(value).trim() ? {patch: {sslcert: resolveUserPath(text(value), ctx)}} : {error: 'type the path of client.<user>.crt'}),
	},
	{
		id: 'clientKey',
		stage: 'user',
		kind: 'text',
		when: a => a.auth === 'cert',
		message: 'Client key file',
		fills: ['sslkey'],
		initial: a => a.sslkey ?? a.sslcert?.replace(/\.crt$/, '.key'),
		accept: (value, _a, ctx) => (text(value).trim() ? {patch: {sslkey: resolveUserPath(text(value), ctx)}} : {error: 'type the path of client.<user>.key'}),
	},
	{
		id: 'certsDir',
		stage: 'user',
		kind: 'text',
		when: generating,
		message: 'Certificates directory',
		fills: ['certsDir'],
		initial: (a, ctx) => a.certsDir ?? ctx.certsDir,
		accept: (value, _a, ctx) => (text(value).trim() ? {patch: {certsDir: resolveUserPath(text(value), ctx)}} : {error: 'type a directory for ca.crt, node.crt and client certificates'}),
	},
	{
		id: 'caKey',
		stage: 'user',
		kind: 'text',
		when: generating,
		message: 'CA key file (an existing key is reused; a new one is made if none is there)',
		fills: ['caKey'],
		initial: (a, ctx) => a.caKey ?? path.join(ctx.home, '.cockroach-ca', 'ca.key'),
		accept(value, a, ctx) {
			if (!text(value).trim()) return {error: 'type where the CA key lives (outside the certs directory)'};
			const caKey = resolveUserPath(text(value), ctx);
			const problem = caKeyPlacementProblem(caKey, a.certsDir ?? ctx.certsDir);
			return problem ? {error: problem} : {patch: {caKey}};
		},
	},
	{
		id: 'nodeHosts',
		stage: 'user',
		kind: 'text',
		when: generating,
		message: 'Node certificate hosts (every address clients use, comma-separated)',
		fills: ['nodeHosts'],
		initial: a => (a.nodeHosts ?? defaultNodeHosts(a.host)).join(','),
		accept: acceptHostList,
	},
	{
		id: 'certs',
		stage: 'user',
		kind: 'task',
		canContinue: false,
		when: generating,
		title: a => `Make certificates in ${a.certsDir}`,
		uses: ['certsDir', 'caKey', 'nodeHosts', 'user', 'host'],
		async run(ports, a, _ctx, journal) {
			const outcome = await ports.generateCertificates({certsDir: a.certsDir!, caKey: a.caKey!, nodeHosts: a.nodeHosts ?? defaultNodeHosts(a.host), user: a.user!});
			if (outcome.created.length > 0) {
				journal.record({kind: 'file-written', description: `wrote ${outcome.created.join(', ')}`, undo: `rm -- ${outcome.created.map(shellQuote).join(' ')}`, key: outcome.created.join(',')});
			}

			const shells = await ports.locateShells();
			const made = outcome.created.length > 0 ? `made ${outcome.created.map(f => path.basename(f)).join(', ')}` : 'made nothing';
			const kept = outcome.kept.length > 0 ? `; kept ${outcome.kept.map(f => path.basename(f)).join(', ')}` : '';
			const lines = [made + kept, ...outcome.table.split('\n')];
			if (!shells.cockroach) {
				lines.push(`To start a local node with them: ${startSingleNodeCommand({certsDir: a.certsDir!, port: a.port ?? DEFAULT_PORT, storeDir: defaultStoreDir(a.certsDir!)})}`);
			}

			return {patch: {sslcert: outcome.clientCert, sslkey: outcome.clientKey, caCert: outcome.caCert, sslmode: a.sslmode ?? 'verify-full', shells}, detail: lines.join('\n')};
		},
	},
	{
		id: 'startLocal',
		stage: 'user',
		kind: 'confirm',
		// Before the certificates task ran (a dry pass) the shells are unknown: count the question as asked.
		when: a => generating(a) && isLocalHost(a.host) && (a.shells === undefined || Boolean(a.shells.cockroach)),
		message: 'Start a local secure single-node cluster with these certificates?',
		fills: ['startLocal'],
		initial: a => a.startLocal ?? false,
		accept: value => ({patch: {startLocal: value === true || value === 'true'}}),
	},
	{
		id: 'startCluster',
		stage: 'user',
		kind: 'task',
		canContinue: true,
		when: a => generating(a) && a.startLocal === true,
		title: a => `Start cockroach start-single-node on localhost:${a.port ?? DEFAULT_PORT}`,
		uses: ['certsDir', 'port', 'startLocal'],
		async run(ports, a, _ctx, journal) {
			const storeDir = defaultStoreDir(a.certsDir!);
			const port = a.port ?? DEFAULT_PORT;
			await ports.startLocalCluster({cockroach: a.shells!.cockroach!, certsDir: a.certsDir!, port, storeDir});
			journal.record({kind: 'local-node', description: `started a local node on localhost:${port} (data in ${storeDir})`, undo: `${a.shells!.cockroach} node drain --self --shutdown --certs-dir=${shellQuote(a.certsDir!)} --host=localhost:${port}`});
			return {detail: `running; data in ${storeDir}`};
		},
	},
	...DATABASE_PICK_STEPS,
	{
		id: 'database',
		stage: 'method',
		kind: 'text',
		// On the Cloud path the list is offered instead, when it could be read; the accepted plan named it.
		when: a => asksDatabaseByName(a) && !(a.planAccepted && a.database),
		message: 'Database',
		fills: ['database'],
		initial: a => a.database ?? DEFAULT_DATABASE,
		accept(value, a) {
			const database = text(value).trim();
			if (!database) return {error: `the database name is empty: CockroachDB always has "${DEFAULT_DATABASE}"`};
			// A database we are to create must have a name every driver takes unquoted.
			const problem = a.createDatabase ? databaseNameProblem(database) : undefined;
			return problem ? {error: problem} : {patch: {database}};
		},
	},
	...CLOUD_METHOD_STEPS,
	{
		id: 'sslmode',
		stage: 'method',
		kind: 'select',
		// Cloud clusters are always verify-full, against the cluster's CA.
		when: a => !withKey(a),
		message: 'TLS mode (sslmode)',
		fills: ['sslmode'],
		choices(a) {
			const offered: Choice[] = OFFERED_SSL_MODES.map(m => ({value: m.value, label: m.label}));
			// Keep a mode that came from a pasted string selectable even though we never suggest it.
			if (a.sslmode && !offered.some(c => c.value === a.sslmode)) offered.push({value: a.sslmode, label: `${a.sslmode} (from the connection string)`});
			return offered;
		},
		initial: a => a.sslmode ?? 'verify-full',
		accept(value) {
			const mode = text(value);
			return isSslMode(mode) ? {patch: {sslmode: mode}} : {error: `unrecognized sslmode "${mode}": use verify-full, verify-ca, require or disable`};
		},
	},
	{
		id: 'caCert',
		stage: 'method',
		kind: 'text',
		when: a => a.sslmode !== undefined && verifiesServer(a.sslmode) && !withKey(a),
		message: 'CA certificate file or https:// link (ca.crt, or root.crt from the Console)',
		fills: ['caCert'],
		// Generated certificates put ca.crt in the certs directory (known before the task runs, for dry passes).
		initial: (a, ctx) => a.caCert ?? (generating(a) && a.certsDir ? path.join(a.certsDir, 'ca.crt') : ctx.caCandidates[0]),
		accept(value, _a, ctx) {
			const typed = text(value).trim();
			if (!typed) return {error: 'type the path (or https:// link) of the CA certificate: with verify-full the server is checked against it'};
			// A link is downloaded by the next step into the file drivers read by default.
			if (/^https?:\/\//i.test(typed)) return {patch: {caUrl: typed, caCert: ctx.rootCertPath}};
			return {patch: {caCert: resolveUserPath(typed, ctx), caUrl: undefined}};
		},
	},
	{
		id: 'caFetch',
		stage: 'method',
		kind: 'task',
		canContinue: false,
		when: a => a.caUrl !== undefined && a.sslmode !== undefined && verifiesServer(a.sslmode),
		title: a => `Download the CA certificate into ${a.caCert}`,
		uses: ['caUrl', 'caCert'],
		async run(ports, a, _ctx, journal) {
			const {path: placed, added} = await ports.fetchCaCertificate(a.caUrl!, a.caCert!);
			if (added > 0) journal.record({kind: 'ca-bundle-append', description: `added the CA certificate from ${a.caUrl} to ${placed}`, undo: `delete the last certificate (BEGIN … END CERTIFICATE) from ${placed}, or the file if it held nothing else`, key: placed});
			return {detail: added > 0 ? `added to ${placed}` : `${placed} already holds it`};
		},
	},
	{
		id: 'caCheck',
		stage: 'method',
		kind: 'task',
		canContinue: false,
		when: a => a.sslmode !== undefined && verifiesServer(a.sslmode),
		title: a => `Read the CA certificate ${a.caCert}`,
		uses: ['caCert'],
		async run(ports, a) {
			let info;
			try {
				info = await ports.readCaCertificate(a.caCert!);
			} catch (error) {
				throw new TaskFailure((error as Error).message, ['caCert']);
			}

			const day = info.notAfter.toISOString().slice(0, 10);
			return {detail: `${info.subject}, valid until ${day}${info.count > 1 ? ` (+${info.count - 1} more in the bundle)` : ''}`};
		},
	},
	{
		id: 'output',
		stage: 'method',
		kind: 'select',
		when: a => !(a.planAccepted && a.output),
		message: 'How will you connect?',
		fills: ['output'],
		choices: () => OUTPUT_CHOICES,
		initial: a => a.output ?? 'shell',
		accept: value => (OUTPUT_CHOICES.some(c => c.value === value) ? {patch: {output: value as Answers['output']}} : {error: `choose shell or one of: ${FORMATS.join(', ')}`}),
	},
	// Nothing sends the password before this point; it asks when the connection would not verify the server.
	UNVERIFIED_PASSWORD_STEP,
	// Creating the database logs in too: after the consent above.
	DATABASE_CREATE_STEP,
	SELF_HOSTED_USER_STEP,
	{
		id: 'check',
		stage: 'connect',
		kind: 'task',
		canContinue: true,
		title: a => `Log in as ${a.user} and run SELECT version()`,
		uses: ['host', 'port', 'user', 'password', 'database', 'sslmode', 'caCert', 'sslcert', 'sslkey', 'params'],
		async run(ports, a) {
			let serverVersion: string;
			try {
				({serverVersion} = await ports.checkConnection(toSetup(a)));
			} catch (error) {
				const stage = (error as {stage?: string}).stage;
				// --create-user found the user there already: a password that does not log in is not ours to replace unasked.
				if (a.userExisted && stage === 'login') throw new TaskFailure(`SQL user ${a.user} exists and the given password does not log in (${(error as Error).message}): run again with --reset-password to set it`, ['password']);
				throw new TaskFailure((error as Error).message, blamedBy(stage, a));
			}

			// "PostgreSQL 15.18 (Debian …) on x86_64-pc-linux-gnu, compiled by …" / "CockroachDB CCL v24.1.0 (…)": keep the head.
			const version = serverVersion.split(' on ')[0]!;
			return {patch: {serverVersion}, detail: a.userExisted ? `${version}; ${a.user} exists; your password works` : version};
		},
	},
	{
		id: 'shells',
		stage: 'connect',
		kind: 'task',
		canContinue: true,
		title: () => 'Find a SQL shell (cockroach, cockroach-sql, psql)',
		uses: [],
		async run(ports) {
			const shells = await ports.locateShells();
			const picked = pickShell(shells);
			return {patch: {shells}, detail: picked ? `${picked.shell} at ${picked.path}` : 'neither cockroach nor psql is on PATH'};
		},
	},
	{
		id: 'launch',
		stage: 'connect',
		kind: 'confirm',
		// Never asked: "Open a SQL shell here" already said so. The step stays so --no-launch and profiles can answer it.
		when: () => false,
		message: 'Open the SQL shell now?',
		fills: ['launch'],
		initial: a => a.launch ?? true,
		accept: value => ({patch: {launch: value === true || value === 'true'}}),
	},
	{
		id: 'saveProfile',
		stage: 'connect',
		kind: 'text',
		when: a => a.offerSave === true,
		message: 'Save this setup as a profile to replay later? File (no secrets are written; Enter to skip)',
		fills: ['profilePath'],
		initial: a => a.profilePath ?? '',
		accept: (value, _a, ctx) => (text(value).trim() ? {patch: {profilePath: resolveUserPath(text(value), ctx)}} : {patch: {profilePath: ''}}),
	},
];

/** Which answers a failed stage of the login check rests on (the doctor's stage ids). */
export function blamedBy(stage: string | undefined, a: Answers): Field[] {
	switch (stage) {
		case 'url':
		case 'dns':
		case 'tcp':
			return ['host', 'port', 'url'];
		case 'files':
			return a.sslcert ? ['sslcert', 'sslkey', 'caCert'] : ['caCert'];
		case 'tls':
			return ['caCert', 'sslmode'];
		case 'login':
			return a.sslcert ? ['sslcert', 'sslkey', 'user'] : ['password', 'user'];
		case 'database':
		case 'query':
			return ['database'];
		default:
			return [];
	}
}

/** The Cloud network steps with cluster creation after the cluster question and the latency measure before the region one. */
function withBeyondSteps(steps: readonly Step[]): Step[] {
	return steps.flatMap(step => {
		if (step.id === 'cluster') return [step, ...CREATE_CLUSTER_STEPS];
		if (step.id === 'region') return [REGION_LATENCY_STEP, step];
		return [step];
	});
}

/** The 1-based number of a stage, for "Step n of 4". */
export function stageNumber(stage: StageId): number {
	return STAGES.findIndex(s => s.id === stage) + 1;
}

/** A stage's title. */
export function stageTitle(stage: StageId): string {
	return STAGES.find(s => s.id === stage)!.title;
}
