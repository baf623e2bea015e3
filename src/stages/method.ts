/**
Stage 3, choose connection method: the database (picked from the cluster's list on the Cloud path, or named),
the Cloud connection details, the TLS mode and the CA certificate (downloaded when a link is given, then read),
and how to connect: a SQL shell here, or one of the formats to copy. Pure data, like the rest of the flow.
*/
import path from 'node:path';
import {CONNECTION_FORMATS, FORMATS, type ConnectionFormat} from '../core/connection-formats.js';
import {databaseNameProblem} from '../core/database-name.js';
import {resolveUserPath} from '../core/paths.js';
import {isSslMode, OFFERED_SSL_MODES, verifiesServer} from '../core/sslmode.js';
import {DEFAULT_DATABASE, toSetup, type Answers} from '../wizard/answers.js';
import {profilePasswordUnconfirmed, unverifiedPasswordUnconfirmed} from '../wizard/consent.js';
import {DEFAULT_PORT} from '../core/connection-url.js';
import {chosenCluster, generating, text, withKey} from '../wizard/step-helpers.js';
import {TaskFailure, type Choice, type Step} from '../wizard/step-types.js';

/** The database-list choice that creates a new database. */
const NEW_DATABASE = '+new';

/** Whether the cluster's databases were listed (through the Cloud API, or a self-hosted login), so the list is offered. */
const listed = (a: Answers): boolean => (a.databaseList?.length ?? 0) > 0;

/**
Whether a self-hosted run at a keyboard lists the databases with the login: the user exists already (not
--create-user), a password or client certificate is at hand, no consent is still owed for sending the password,
and no database was named (by a flag, or an earlier answer). Scripted runs name --database instead.
*/
const listsSelfHosted = (a: Answers): boolean =>
	!withKey(a) && a.source !== 'cloud' && a.interactive === true && a.database === undefined && a.userAction !== 'create' && a.host !== undefined && a.user !== undefined && a.sslmode !== undefined
	&& ((a.auth ?? 'password') === 'password' ? a.password !== undefined : Boolean(a.sslcert && a.sslkey))
	&& !profilePasswordUnconfirmed(a) && !unverifiedPasswordUnconfirmed(a);

/** Whether the flow's plain database question applies (not when the list was shown). */
const asksDatabaseByName = (a: Answers): boolean => !listed(a);

/** Stage 3's answer: open a shell here, or show one of the formats (the registry's rows, in its order) to copy. */
const OUTPUT_CHOICES: Choice[] = [
	{value: 'shell', label: 'Open a SQL shell here (cockroach sql, or psql)', short: 'SQL shell'},
	...CONNECTION_FORMATS.map((f: ConnectionFormat) => ({value: f.name, label: f.label, short: f.short ?? f.label.replace(' — ', ' ')})),
];

/** The database: listed and picked (or created) from the Cloud API's list or, self-hosted, the login's; else named. */
export const DATABASE_STEPS: Step[] = [
	{
		id: 'databaseList',
		stage: 'method',
		kind: 'task',
		canContinue: true,
		when: withKey,
		title: a => `List the databases of ${chosenCluster(a)?.name}`,
		async run(ports, a) {
			const databases = await ports.cloud(a.apiKey!).databases(chosenCluster(a)!.id);
			const names = databases.map(d => d.name);
			// A database named up front that is not there would only fail at the login, less clearly.
			if (a.database !== undefined && !a.createDatabase && names.length > 0 && !names.includes(a.database)) {
				throw new Error(`the cluster has no database "${a.database}" (it has ${names.join(', ')}): choose one of those, or add --create-database to create it`);
			}

			return {patch: {databaseList: databases}, detail: names.join(', ') || '(none)'};
		},
	},
	{
		id: 'databaseListSql',
		stage: 'method',
		kind: 'task',
		canContinue: true,
		when: listsSelfHosted,
		title: a => `List the databases on ${a.host}:${a.port ?? DEFAULT_PORT} as ${a.user}`,
		uses: ['host', 'port', 'user', 'password', 'sslmode', 'caCert', 'sslcert', 'sslkey', 'params'],
		async run(ports, a) {
			// Never a failure: a login that does not work yet (a wrong password, no server) is the login check's to
			// explain, with its cause; the database is then asked by name.
			try {
				const names = await ports.listDatabases(toSetup({...a, database: DEFAULT_DATABASE}));
				return {patch: {databaseList: names.map(name => ({name}))}, detail: names.join(', ') || '(none)'};
			} catch (error) {
				return {patch: {databaseList: undefined}, detail: `could not list them (${(error as Error).message.split('\n')[0]}): the database is asked by name`};
			}
		},
	},
	{
		id: 'databasePick',
		stage: 'method',
		kind: 'select',
		when: listed,
		message: 'Which database?',
		fills: ['database'],
		choices: a => [
			...(a.databaseList ?? []).map(d => ({value: d.name, label: `${d.name}${d.tables === undefined ? '' : ` — ${d.tables} table${d.tables === 1 ? '' : 's'}`}`, short: d.name})),
			{value: NEW_DATABASE, label: 'Create a new database…', short: 'a new database'},
		],
		initial: a => (a.createDatabase ? NEW_DATABASE : a.databaseList?.find(d => d.name === a.database)?.name ?? a.databaseList?.find(d => d.name === 'defaultdb')?.name ?? a.databaseList?.[0]?.name),
		accept(value, a) {
			// The choice itself stands in until the next question names the database (so it reads "a new database").
			if (value === NEW_DATABASE) return {patch: {createDatabase: true, database: NEW_DATABASE}};
			const name = text(value).trim();
			// A profile or flag names it before the list is read: the list is checked only once it is known.
			if (!a.databaseList) return name ? {patch: {database: name}} : {error: 'the database name is empty'};
			return a.databaseList.some(d => d.name === name) ? {patch: {database: name, createDatabase: false}} : {error: `${name} is not among the databases: choose one, or "Create a new database…"`};
		},
	},
	{
		id: 'newDatabase',
		stage: 'method',
		kind: 'text',
		when: a => listed(a) && a.createDatabase === true,
		message: 'Name of the new database',
		fills: ['database'],
		initial: a => (a.database === NEW_DATABASE ? undefined : a.database),
		accept(value, a) {
			const name = text(value).trim();
			// Only a name to create must be a plain identifier; a profile may name any existing database.
			const problem = a.createDatabase ? databaseNameProblem(name) : name ? undefined : 'the database name is empty';
			return problem ? {error: problem} : {patch: {database: name}};
		},
	},
	{
		id: 'database',
		stage: 'method',
		kind: 'text',
		// On the Cloud path the list is offered instead, when it could be read.
		when: a => asksDatabaseByName(a),
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
];

/** With an API key: the connection details and the cluster's CA certificate. */
export const CLOUD_CONNECTION_STEP: Step = {
	id: 'cloudConnection',
	stage: 'method',
	kind: 'task',
	canContinue: false,
	when: withKey,
	title: a => `Get the connection details for ${a.user} on ${chosenCluster(a)?.name}`,
	uses: ['clusterRef', 'user', 'database', 'region'],
	async run(ports, a, ctx) {
		const cluster = chosenCluster(a)!;
		const details = await ports.cloud(a.apiKey!).connectionDetails(cluster.id, {database: a.database ?? 'defaultdb', user: a.user!});
		const region = cluster.regions.find(r => r.name === a.region);
		return {
			patch: {host: region?.host ?? details.host, port: details.port, sslmode: 'verify-full', caUrl: details.caUrl, caCert: ctx.rootCertPath},
			detail: `${region?.host ?? details.host}:${details.port}, CA from ${details.caUrl}`,
		};
	},
};

/** The TLS mode and the CA certificate that verifies the server (downloaded first when a link was given). */
export const TLS_STEPS: Step[] = [
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
];

/** How the person will connect: a SQL shell here, or a format to copy. */
export const OUTPUT_STEP: Step = {
	id: 'output',
	stage: 'method',
	kind: 'select',
	message: 'How will you connect?',
	fills: ['output'],
	choices: () => OUTPUT_CHOICES,
	initial: a => a.output ?? 'shell',
	accept: value => (OUTPUT_CHOICES.some(c => c.value === value) ? {patch: {output: value as Answers['output']}} : {error: `choose shell or one of: ${FORMATS.join(', ')}`}),
};
