/**
`crdb-connect url`: the connection, assembled from the same flags as the wizard, printed in one format or
all of them, and optionally written into a .env file. Offline: it runs none of the wizard's checks.
*/
import {chmod} from 'node:fs/promises';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {parseCli} from '../args.js';
import {parseOptions, URL_FLAGS} from '../flags.js';
import {flagLines} from '../help.js';
import {readWizardContext} from '../adapters/machine-context.js';
import {exists, writeFilesAtomically} from '../adapters/cert-files.js';
import {readRegularFile} from '../adapters/regular-file.js';
import {buildConnectionUrl} from '../core/connection-url.js';
import {FORMATS, isFormatName, renderAllFormats, renderFormat} from '../core/connection-formats.js';
import {setDotenvValue} from '../core/dotenv.js';
import {toSetup} from '../wizard/answers.js';
import {dryRun} from '../wizard/dry-pass.js';
import {FLOW} from '../wizard/flow.js';
import {createWizard, startWizard} from '../wizard/machine.js';
import type {CommandIo} from './io.js';

/** url's own flags (the table's rows but --help, which the argv split below answers itself); the rest are the wizard's. */
const OWN = parseOptions(URL_FLAGS.filter((row): row is Exclude<(typeof URL_FLAGS)[number], {name: 'help'}> => row.name !== 'help'));

/** `url --help`; its flag lines come from the flag table (URL_FLAGS). */
const URL_HELP = `crdb-connect url — print the connection for scripts and apps

Usage
  crdb-connect url [connection flags] [--format NAME | --json] [--dotenv FILE [--dotenv-key KEY] [--replace-dotenv]]

Connection flags are the wizard's (--host, --port, --url, --url-env, --user, --password-env, --database,
--sslmode, --ca-cert, --auth, --client-cert, --client-key); unanswered ones take their defaults.

${flagLines(URL_FLAGS)}

Snippets never hold the password: they read it from the --password-env variable (default COCKROACH_PASSWORD).
`;

/** Run `url` with argv after the word `url`. */
export async function runUrlCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: CommandIo): Promise<number> {
	const usage = (message: string) => {
		io.err(`crdb-connect: ${message}\n`);
		return 2;
	};

	// Take our own flags out; the rest are the wizard's.
	const own: string[] = [];
	const rest: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const name = arg.replace(/^--/, '').split('=')[0]!;
		if (arg.startsWith('--') && name in OWN) {
			own.push(arg);
			if (OWN[name as keyof typeof OWN].type === 'string' && !arg.includes('=') && i + 1 < argv.length) own.push(argv[++i]!);
		} else if (arg === '--help' || arg === '-h') {
			io.out(URL_HELP);
			return 0;
		} else {
			rest.push(arg);
		}
	}

	let values;
	try {
		values = parseArgs({args: own, options: OWN, strict: true}).values;
	} catch (error) {
		return usage(`${(error as Error).message.split('\n')[0]}; see crdb-connect url --help`);
	}

	const format = values.format ?? 'url';
	if (!isFormatName(format)) return usage(`unknown --format "${format}": use one of ${FORMATS.join(', ')}`);
	const request = parseCli(rest, env);
	if (request.kind === 'error') return usage(request.message);
	if (request.kind !== 'wizard') return usage('see crdb-connect url --help');
	// The Cloud path learns the host from the API; `url` stays offline, so it cannot.
	if (request.given.inputs.source === 'cloud') return usage('url works offline from --host or --url; for a Cloud cluster, run the wizard (crdb-connect --cluster … --no-launch --format url)');
	const wizard = createWizard(FLOW, readWizardContext(env));
	const started = startWizard(wizard, request.given);
	if ('errors' in started) {
		for (const message of started.errors) io.err(`crdb-connect: ${message}\n`);
		return 2;
	}

	// Defaults are taken as with --yes; a password is not needed to print a URL, only to write one.
	const {missing, state} = dryRun(wizard, started.state, true);
	const needed = missing.filter(flag => flag !== '--password-env');
	if (needed.length > 0) return usage(`missing: ${needed.join(', ')}`);
	const setup = toSetup(state.answers);

	// Not --env-file: Node claims that flag anywhere in argv, even after the script name (nodejs/node#54232).
	if (values.dotenv !== undefined) {
		const code = await writeEnvFile(values.dotenv, values['dotenv-key'] ?? 'DATABASE_URL', buildConnectionUrl(setup, 'include'), values['replace-dotenv'] ?? false, io);
		if (code !== 0) return code;
	}

	io.out(values.json ? `${JSON.stringify(renderAllFormats(setup), null, 2)}\n` : `${renderFormat(format, setup)}\n`);
	return 0;
}

/** The most a .env file may hold before --dotenv refuses to read it. */
const DOTENV_MAX_BYTES = 1024 * 1024;

async function writeEnvFile(file: string, key: string, value: string, replace: boolean, io: CommandIo): Promise<number> {
	if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
		io.err(`crdb-connect: --dotenv-key "${key}" is not a variable name\n`);
		return 2;
	}

	const target = path.resolve(file);
	const had = await exists(target);
	let before = '';
	if (had) {
		try {
			// Only a regular file of at most 1 MB: a FIFO would hang the run, /dev/zero would grow it without bound.
			before = await readRegularFile(target, DOTENV_MAX_BYTES);
		} catch (error) {
			io.err(`crdb-connect: --dotenv ${target}: ${(error as Error).message}; nothing was written. Give the path of a regular .env file (or a new one)\n`);
			return 2;
		}
	}

	const change = setDotenvValue(before, key, value, replace);
	if (change.kind === 'conflict') {
		io.err(`crdb-connect: ${key} is already set to something else in ${target}; nothing was written. Rerun with --replace-dotenv to replace it\n`);
		return 1;
	}

	if (change.kind === 'write') await writeFilesAtomically([{path: target, data: change.text, mode: 0o600}]);
	// The file now holds a password: make sure only its owner can read it.
	else await chmod(target, 0o600);
	io.err(`${change.kind === 'write' ? (had ? 'updated' : 'wrote') : 'already up to date:'} ${key} in ${target} (mode 0600)\n`);
	return 0;
}
