/**
Stage 2, create SQL user: the user name; on the Cloud path with an API key, whether it exists, and creating
it or setting a new password through the API; self-hosted, how it logs in (password, client certificate
files, or certificates generated now, with a local node started on them), and --create-user over SQL with an
admin login. Pure data, like the rest of the flow.
*/
import path from 'node:path';
import {DEFAULT_PORT} from '../core/connection-url.js';
import {installCommand, shellQuote} from '../core/launch-plan.js';
import {caKeyPlacementProblem, defaultNodeHosts, defaultStoreDir, isLocalHost, startSingleNodeCommand} from '../core/local-cluster.js';
import {MIN_NEW_PASSWORD_LENGTH, passwordProblem} from '../core/password.js';
import {resolveUserPath} from '../core/paths.js';
import {checkSqlUsername} from '../core/sql-username.js';
import {DEFAULT_DATABASE, toSetup, type Answers, type AuthMethod} from '../wizard/answers.js';
import {cloudUndo, type Journal} from '../wizard/journal.js';
import type {WizardPorts} from '../wizard/ports.js';
import {chosenCluster, generating, text, withKey} from '../wizard/step-helpers.js';
import {TaskFailure, type Acceptance, type Choice, type Step, type TaskResult} from '../wizard/step-types.js';
import {defaultClientCaKey, offersClientCa, usesClientCa} from './client-ca.js';
import {defaultSqlUser} from './plan.js';

/** Cloud Advanced: a password, or passwordless sign-in with a client CA of the person's own (stages/client-ca.ts). */
const CLOUD_AUTH_CHOICES: Choice[] = [
	{value: 'password', label: 'Password', short: 'password'},
	{value: 'client-ca', label: 'Client certificate (no password): your own client CA, uploaded to the cluster, signs it', short: 'client certificate (no password)'},
];

const AUTH_CHOICES: Choice[] = [
	{value: 'password', label: 'Password', short: 'password'},
	{value: 'cert', label: 'Client certificate files I already have (client.<user>.crt and .key)', short: 'client certificate'},
	{value: 'generate', label: 'Generate a CA, node and client certificates now (self-hosted secure cluster)', short: 'generate certificates'},
];

/** A comma- or space-separated host list, each a DNS name (wildcards allowed) or an IP address. */
function acceptHostList(value: string | boolean): Acceptance {
	const hosts = text(value).split(/[,\s]+/).filter(Boolean);
	if (hosts.length === 0) return {error: 'name at least one host: every address clients will use to reach the node'};
	const bad = hosts.find(h => !/^(\*\.)?[A-Za-z0-9_.:-]+$/.test(h));
	return bad ? {error: `"${bad}" is not a host name or IP address`} : {patch: {nodeHosts: hosts}};
}

/** Whether the user logs in with a password (the default when nothing says otherwise). */
const usesPassword = (a: Answers): boolean => (a.auth ?? 'password') === 'password';

/**
Write a generated password to --password-file (a new file, 0600) before the user is made: `remove` takes it
back if that fails, `keep` records it in the journal once it holds a working password.
*/
async function writePasswordFile(ports: WizardPorts, file: string, password: string, journal: Journal): Promise<{remove: () => Promise<void>; keep: () => void}> {
	await ports.writeSecretFile(file, `${password}\n`);
	return {
		remove: () => ports.removeFile(file),
		keep: () => journal.record({kind: 'file-written', description: `wrote the generated password to ${file} (mode 0600)`, undo: `rm ${shellQuote(file)}`, key: file}),
	};
}

/** The SQL user's name (a new Cloud user gets a default that does not clash with the cluster's users). */
export const USER_NAME_STEP: Step = {
	id: 'user',
	stage: 'user',
	kind: 'text',
	message: 'SQL user name',
	fills: ['user'],
	// A new Cloud user gets a sensible name that does not clash with the cluster's users.
	initial: (a, ctx) => a.user ?? (withKey(a) ? defaultSqlUser(ctx.userName, a.cloudUsers ?? []) : undefined),
	accept(value) {
		const checked = checkSqlUsername(text(value));
		return checked.ok ? {patch: {user: checked.username}} : {error: checked.error};
	},
};

/**
Create a Cloud SQL user that signs in with its client certificate. The API requires a password to create a user,
so a random one is set and kept nowhere (not shown, not in the answers): nobody can log in with it.
*/
async function createCertificateUser(ports: WizardPorts, a: Answers, journal: Journal): Promise<TaskResult> {
	const cluster = chosenCluster(a)!;
	const key = `${cluster.id}/${a.user}`;
	if (journal.has('sql-user-created', key)) return {detail: 'created earlier in this run'};
	await ports.cloud(a.apiKey!).createSqlUser(cluster.id, a.user!, ports.generatePassword());
	journal.record({kind: 'sql-user-created', description: `created SQL user ${a.user} on ${cluster.name}`, undo: `Console → ${cluster.name} → SQL Users → delete ${a.user}   (or: ${cloudUndo('DELETE', `/api/v1/clusters/${cluster.id}/sql-users/${encodeURIComponent(a.user!)}`)})`, key});
	return {detail: `created; it signs in with ${a.sslcert ? path.basename(a.sslcert) : 'its client certificate'} (the API requires a password: a random one was set and not kept)`};
}

/** Stage 2 with an API key: does the user exist, and create it or set its password. */
export const CLOUD_USER_STEPS: Step[] = [
	{
		id: 'cloudUserCheck',
		stage: 'user',
		kind: 'task',
		canContinue: false,
		when: withKey,
		title: a => `Look up SQL user ${a.user}`,
		uses: ['clusterRef', 'user', 'userAction'],
		async run(ports, a, _ctx, journal) {
			const cluster = chosenCluster(a)!;
			const users = await ports.cloud(a.apiKey!).sqlUsers(cluster.id);
			const exists = users.includes(a.user!);
			// Cloud users log in with a password, or on Advanced with a certificate from the client CA (no password asked or set).
			const auth = a.auth === 'client-ca' ? 'client-ca' : 'password';
			if (!exists) return {patch: {sqlUserExists: false, auth, userAction: 'create'}, detail: `${a.user} does not exist yet: it will be created`};
			if (auth === 'client-ca') return {patch: {sqlUserExists: true, auth, userAction: 'existing'}, detail: `${a.user} exists${journal.has('sql-user-created', `${cluster.id}/${a.user}`) ? ' (created by this run)' : ''}: it signs in with its client certificate`};
			// Made by this very run (the person went back): it is ours, and stays "created".
			if (journal.has('sql-user-created', `${cluster.id}/${a.user}`)) return {patch: {sqlUserExists: true, auth: 'password'}, detail: `${a.user} exists (created by this run)`};
			// --create-user on a second run: converge rather than POST again; the login check tries the password.
			if (a.userAction === 'create') {
				if (a.password === undefined) throw new TaskFailure(`${a.user} exists already: give its password (--password-env), or --reset-password to set a new one`, ['user']);
				return {patch: {sqlUserExists: true, auth: 'password', userAction: 'existing', userExisted: true}, detail: `${a.user} exists already: not created again; its password is tried at login`};
			}

			return {patch: {sqlUserExists: true, auth: 'password'}, detail: `${a.user} exists`};
		},
	},
	{
		id: 'userAction',
		stage: 'user',
		kind: 'select',
		when: a => withKey(a) && a.auth !== 'client-ca' && a.sqlUserExists !== false,
		message: 'The SQL user exists. Its password?',
		fills: ['userAction'],
		choices: () => [
			{value: 'existing', label: 'I know it', short: 'known'},
			{value: 'reset', label: 'Set a new password', short: 'set a new one'},
		],
		initial: a => a.userAction ?? 'existing',
		accept: value => (['existing', 'reset', 'create'].includes(text(value)) ? {patch: {userAction: text(value) as Answers['userAction']}} : {error: 'choose existing or reset'}),
	},
	{
		id: 'newPassword',
		stage: 'user',
		kind: 'password',
		when: a => withKey(a) && a.auth !== 'client-ca' && (a.userAction === 'create' || a.userAction === 'reset') && !a.passwordFile,
		message: `New password (at least ${MIN_NEW_PASSWORD_LENGTH} characters; Enter to generate a strong one, shown once)`,
		fills: ['password'],
		initial: () => undefined,
		accept(value) {
			if (text(value) === '') return {patch: {password: undefined, generatePassword: true}};
			const problem = passwordProblem(text(value), 'create');
			return problem ? {error: problem} : {patch: {password: text(value), generatePassword: false}};
		},
	},
	{
		id: 'cloudUserApply',
		stage: 'user',
		kind: 'task',
		canContinue: false,
		when: a => withKey(a) && (a.userAction === 'create' || a.userAction === 'reset'),
		title: a => `${a.userAction === 'create' ? 'Create' : 'Set the password of'} SQL user ${a.user}`,
		uses: ['clusterRef', 'user', 'userAction', 'password', 'generatePassword'],
		async run(ports, a, _ctx, journal) {
			if (a.auth === 'client-ca') return createCertificateUser(ports, a, journal);
			const session = ports.cloud(a.apiKey!);
			const generated = a.password === undefined ? ports.generatePassword() : undefined;
			const password = a.password ?? generated!;
			// A password given by flag skipped the question, and its length rule, so check it here.
			const problem = passwordProblem(password, 'create');
			if (problem) throw new Error(problem);
			const cluster = chosenCluster(a)!;
			const key = `${cluster.id}/${a.user}`;
			// --password-file: the generated password goes into a new 0600 file first, and only there.
			const file = generated && a.passwordFile ? await writePasswordFile(ports, a.passwordFile, generated, journal) : undefined;
			// A user this run created already is never POSTed again (going back and on): its password is set instead.
			const create = a.userAction === 'create' && !journal.has('sql-user-created', key);
			try {
				await (create ? session.createSqlUser(cluster.id, a.user!, password) : session.setSqlUserPassword(cluster.id, a.user!, password));
			} catch (error) {
				if (file) await file.remove();
				throw error;
			}

			if (create) {
				journal.record({kind: 'sql-user-created', description: `created SQL user ${a.user} on ${cluster.name}`, undo: `Console → ${cluster.name} → SQL Users → delete ${a.user}   (or: ${cloudUndo('DELETE', `/api/v1/clusters/${cluster.id}/sql-users/${encodeURIComponent(a.user!)}`)})`, key});
			} else {
				if (!journal.has('sql-user-created', key)) {
					journal.record({kind: 'sql-user-password', description: `set a new password for SQL user ${a.user} on ${cluster.name}`, undo: `the old password cannot be restored: set the one you want under Console → ${cluster.name} → SQL Users → Change password`, key});
				}
			}

			const done = create ? 'created' : a.userAction === 'create' ? 'created earlier in this run; password set' : 'password set';
			if (file) {
				file.keep();
				return {patch: {password}, detail: `${done}; generated password written only to ${a.passwordFile} (mode 0600)`};
			}

			// The one and only time a generated password is shown.
			return {patch: {password}, detail: generated ? `${done}; generated password (shown once, stored nowhere): ${generated}` : done};
		},
	},
];

/**
How the user logs in. Self-hosted (or a pasted string): a password, client certificate files, or certificates made
now. On the Cloud path only Advanced clusters are asked (a password, or a client certificate from a client CA of
your own; the API takes one only there), and not when the accepted plan said.
*/
export const AUTH_STEP: Step = {
	id: 'auth',
	stage: 'user',
	kind: 'select',
	when: a => !withKey(a) || (offersClientCa(a) && !a.planAccepted),
	message: 'How does this user log in?',
	fills: ['auth'],
	choices: a => (withKey(a) ? CLOUD_AUTH_CHOICES : AUTH_CHOICES),
	initial: a => a.auth ?? 'password',
	accept(value, a) {
		// A flag is read before the cluster is known: the cluster check refuses client-ca on a plan without it.
		if (value === 'client-ca') return a.source === undefined || a.source === 'cloud' ? {patch: {auth: 'client-ca'}} : {error: 'client-ca is for CockroachDB Cloud Advanced clusters (with an API key): use cert or generate on a self-hosted cluster'};
		return AUTH_CHOICES.some(c => c.value === value) ? {patch: {auth: value as AuthMethod}} : {error: 'choose password, cert, generate or client-ca'};
	},
};

/** Self-hosted (or a pasted string): the password or the client certificate files. */
export const LOGIN_STEPS: Step[] = [
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
];

/** Whether the certificates directory and the CA key are asked: certificates made now, or a client CA not settled by the accepted plan. */
const placesCertificates = (a: Answers): boolean => generating(a) || (usesClientCa(a) && !a.planAccepted);

/** Where certificates go and where the CA key lives: for --auth generate, and for the client CA (stages/client-ca.ts). */
export const CA_PLACE_STEPS: Step[] = [
	{
		id: 'certsDir',
		stage: 'user',
		kind: 'text',
		when: placesCertificates,
		message: 'Certificates directory',
		fills: ['certsDir'],
		initial: (a, ctx) => a.certsDir ?? ctx.certsDir,
		accept: (value, _a, ctx) => (text(value).trim() ? {patch: {certsDir: resolveUserPath(text(value), ctx)}} : {error: 'type a directory for ca.crt, node.crt and client certificates'}),
	},
	{
		id: 'caKey',
		stage: 'user',
		kind: 'text',
		when: placesCertificates,
		message: 'CA key file (an existing key is reused; a new one is made if none is there)',
		fills: ['caKey'],
		initial: (a, ctx) => a.caKey ?? (a.auth === 'client-ca' ? defaultClientCaKey(ctx.home) : path.join(ctx.home, '.cockroach-ca', 'ca.key')),
		accept(value, a, ctx) {
			if (!text(value).trim()) return {error: 'type where the CA key lives (outside the certs directory)'};
			const caKey = resolveUserPath(text(value), ctx);
			const problem = caKeyPlacementProblem(caKey, a.certsDir ?? ctx.certsDir);
			return problem ? {error: problem} : {patch: {caKey}};
		},
	},
];

/** Self-hosted secure cluster: generate the CA, node and client certificates, and start a local node on them. */
export const CERTIFICATE_STEPS: Step[] = [
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
			// Kept files are never replaced: a node.crt made earlier for other hosts is said so, with how to remake it.
			if (outcome.nodeHostsMissing) {
				const {missing, held} = outcome.nodeHostsMissing;
				const nodeFiles = ['node.crt', 'node.key'].map(f => shellQuote(path.join(a.certsDir!, f))).join(' ');
				lines.unshift(`node.crt was kept and does not cover ${missing.join(', ')} (it holds ${held.join(', ') || 'no host'}): a node reached by that name fails the TLS check. To make it again: rm -- ${nodeFiles}, then run this step again`);
			}
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
			// Looked up again on each attempt: after "not installed", Retry finds a cockroach installed meanwhile.
			const shells = a.shells?.cockroach ? a.shells : await ports.locateShells();
			const cockroach = shells.cockroach;
			if (!cockroach) {
				throw new TaskFailure(`cockroach is not installed (not found on PATH), so no local node can be started. Install it:\n  ${installCommand(process.platform, process.arch, 'cockroach')}\nthen Retry (or run crdb-connect again)`, []);
			}

			await ports.startLocalCluster({cockroach, certsDir: a.certsDir!, port, storeDir});
			journal.record({kind: 'local-node', description: `started a local node on localhost:${port} (data in ${storeDir})`, undo: `${cockroach} node drain --self --shutdown --certs-dir=${shellQuote(a.certsDir!)} --host=localhost:${port}`});
			return {patch: {shells}, detail: `running; data in ${storeDir}`};
		},
	},
];

/** The admin that creates users when none is named: root, with its client certificate. */
const DEFAULT_ADMIN = 'root';

/** Create the SQL user over SQL (self-hosted --create-user). */
export const SELF_HOSTED_USER_STEP: Step = {
	id: 'sqlUserCreate',
	stage: 'user',
	kind: 'task',
	canContinue: false,
	when: a => a.source !== 'cloud' && a.userAction === 'create',
	title: a => `Create SQL user ${a.user} as ${a.adminUser ?? DEFAULT_ADMIN} and grant it CONNECT on ${a.database ?? DEFAULT_DATABASE}`,
	uses: ['host', 'port', 'user', 'password', 'database', 'adminUser', 'adminPassword', 'passwordFile', 'auth'],
	async run(ports, a, ctx, journal) {
		const admin = a.adminUser ?? DEFAULT_ADMIN;
		const passwordLogin = (a.auth ?? 'password') === 'password';
		const generated = passwordLogin && a.password === undefined && a.passwordFile ? ports.generatePassword() : undefined;
		const password = passwordLogin ? a.password ?? generated : undefined;
		if (passwordLogin && password === undefined) throw new TaskFailure('a new user that logs in with a password needs one: --password-env NAME, or --password-file FILE to generate it', ['password']);
		const problem = password === undefined ? undefined : passwordProblem(password, 'create');
		if (problem) throw new TaskFailure(problem, ['password']);
		// The admin logs in to the same server, as itself: by password, else with its client certificate.
		const setup = toSetup({...a, user: admin, password: a.adminPassword, passwordEnv: undefined});
		if (a.adminPassword === undefined) {
			const certsDir = a.certsDir ?? ctx.certsDir;
			setup.sslcert = path.join(certsDir, `client.${admin}.crt`);
			setup.sslkey = path.join(certsDir, `client.${admin}.key`);
		} else {
			delete setup.sslcert;
			delete setup.sslkey;
		}

		const file = generated ? await writePasswordFile(ports, a.passwordFile!, generated, journal) : undefined;
		const database = a.database ?? DEFAULT_DATABASE;
		let outcome: 'created' | 'exists';
		try {
			outcome = await ports.createSqlUser(setup, {user: a.user!, password, database});
		} catch (error) {
			if (file) await file.remove();
			throw error;
		}

		if (outcome === 'exists') {
			if (file) await file.remove();
			if (generated) throw new TaskFailure(`${a.user} exists already: nothing was changed; log in with its own password (--password-env) instead of --password-file`, ['user']);
			return {patch: {userExisted: true}, detail: `${a.user} exists already: not created again`};
		}

		journal.record({kind: 'sql-user-created', description: `created SQL user ${a.user} on ${a.host}:${a.port ?? 26257}, with CONNECT on ${database}`, undo: `DROP USER ${a.user};   (as ${admin}, in cockroach sql)`, key: `${a.host}/${a.user}`});
		file?.keep();
		const how = password === undefined ? 'certificate-only' : generated ? `generated password written only to ${a.passwordFile} (mode 0600)` : 'with the given password';
		return {patch: {password}, detail: `created (${how}); granted CONNECT on ${database}`};
	},
};
