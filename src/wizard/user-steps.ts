/**
Stage 2 on a self-hosted cluster: --create-user makes the SQL user over SQL with an admin login (root's client
certificate, or a password user with CREATEROLE), grants it CONNECT on the database, and the run then logs in
as the new user. Pure data, like the rest of the flow.
*/
import path from 'node:path';
import {DEFAULT_DATABASE, toSetup} from './answers.js';
import {writePasswordFile} from './cloud-steps.js';
import {TaskFailure, type Step} from './flow.js';
import {passwordProblem} from '../core/password.js';

/** The admin that creates users when none is named: root, with its client certificate. */
export const DEFAULT_ADMIN = 'root';

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
