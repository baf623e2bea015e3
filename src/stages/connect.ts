/**
Stage 4, connect: create the database when asked, log in and run SELECT version() (a failure names the
answers it rests on, so "Back" goes to the question that set them), find a SQL shell, and offer to save the
setup as a profile. The hand-off itself is the front-end's. Pure data, like the rest of the flow.
*/
import {pickShell} from '../core/launch-plan.js';
import {databaseNameProblem} from '../core/database-name.js';
import {resolveUserPath} from '../core/paths.js';
import {toSetup, type Answers, type Field} from '../wizard/answers.js';
import {cloudUndo} from '../wizard/journal.js';
import {chosenCluster, hostOrigin, text, withKey} from '../wizard/step-helpers.js';
import {TaskFailure, type Step} from '../wizard/step-types.js';

/** Which answers a failed stage of the login check rests on (the doctor's stage ids). */
export function blamedBy(stage: string | undefined, a: Answers): Field[] {
	switch (stage) {
		// A name that does not resolve is the host's (or the pasted URL's) fault, never the port's.
		case 'dns':
			return ['host', 'url'];
		case 'url':
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

/**
Why a login with a client certificate failed under sslmode=disable: the certificate was never sent (it goes only
inside TLS), whatever the server then asked for. Without this the failure reads as if no credential was given.
*/
function certificateNotSent(sslcert: string, failure: string): string {
	const cause = failure.replace(/^Log in: /, '').split('. Fix:')[0]!;
	const said = /asks for a password/.test(cause) ? 'the server then asked for a password' : `the server: ${cause}`;
	return `the client certificate ${sslcert} was not sent: a certificate goes only over TLS, and sslmode=disable turns TLS off (${said}). Fix: use sslmode=verify-full with the cluster's CA certificate (--sslmode verify-full --ca-cert FILE), so the certificate is sent`;
}

/** Before the login check: create the database when asked (it is fine when it exists). */
export const DATABASE_CREATE_STEP: Step = {
	id: 'databaseCreate',
	stage: 'connect',
	kind: 'task',
	canContinue: false,
	when: a => a.createDatabase === true && a.database !== undefined,
	title: a => `Create database ${a.database} (unless it exists)`,
	async run(ports, a, _ctx, journal) {
		const name = a.database!;
		const problem = databaseNameProblem(name);
		if (problem) throw new Error(problem);
		// Cloud: through the API. Self-hosted: logged in as the user, from the database every cluster has.
		const outcome = withKey(a)
			? await ports.cloud(a.apiKey!).createDatabase(chosenCluster(a)!.id, name)
			: await ports.createDatabase({...toSetup(a), database: 'defaultdb'}, name);
		if (outcome === 'created') {
			const cluster = withKey(a) ? chosenCluster(a) : undefined;
			journal.record({
				kind: 'database-created',
				description: `created database ${name} on ${cluster ? cluster.name : `${a.host}:${a.port ?? 26257}`}`,
				undo: cluster ? cloudUndo('DELETE', `/api/v1/clusters/${cluster.id}/databases/${encodeURIComponent(name)}`) : `DROP DATABASE ${name} (as ${a.user}, once nothing uses it)`,
				key: `${cluster?.id ?? a.host}/${name}`,
			});
		}

		return {detail: outcome === 'created' ? 'created' : 'it exists already: using it'};
	},
};

/** The login check, a SQL shell to hand over to, and saving the setup as a profile. */
export const CONNECT_STEPS: Step[] = [
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
				({serverVersion} = await ports.checkConnection(toSetup(a), hostOrigin(a)));
			} catch (error) {
				const stage = (error as {stage?: string}).stage;
				// --create-user found the user there already: a password that does not log in is not ours to replace unasked.
				if (a.userExisted && stage === 'login') {
					// The server's "wrong password or no such user" is half known here: the user exists.
					const said = /password authentication failed/.test((error as Error).message) ? `password authentication failed for user "${a.user}"` : (error as Error).message;
					throw new TaskFailure(`SQL user ${a.user} exists and the given password does not log in (${said}): run again with --reset-password to set it`, ['password']);
				}
				if (stage === 'login' && a.sslcert && a.sslmode === 'disable') throw new TaskFailure(certificateNotSent(a.sslcert, (error as Error).message), ['sslmode', ...blamedBy(stage, a)]);
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
