/** Read the facts about this machine that the wizard uses for its defaults. */
import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {WizardContext} from '../wizard/ports.js';
import {defaultRootCertPath} from '../core/ca-bundle.js';

/** The default CockroachDB certs directory: $COCKROACH_CERTS_DIR, else ~/.cockroach-certs. */
function defaultCertsDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
	return env.COCKROACH_CERTS_DIR || path.join(home, '.cockroach-certs');
}

/** The working directory, home, and the CA files that exist where cockroach and libpq look by default. */
export function readWizardContext(env: NodeJS.ProcessEnv = process.env): WizardContext {
	const home = os.homedir();
	const candidates = [path.join(defaultCertsDir(env, home), 'ca.crt'), path.join(home, '.postgresql', 'root.crt')];
	if (process.platform === 'win32' && env.APPDATA) candidates.push(path.join(env.APPDATA, 'postgresql', 'root.crt'));
	let userName = env.USER || env.LOGNAME;
	try {
		userName ||= os.userInfo().username;
	} catch {
		// No passwd entry (some containers): the defaults that use it fall back (e.g. app_user).
	}

	return {cwd: process.cwd(), home, caCandidates: candidates.filter(p => existsSync(p)), certsDir: defaultCertsDir(env, home), rootCertPath: defaultRootCertPath(process.platform, home, env.APPDATA), userName};
}
