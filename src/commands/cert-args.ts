/** Flags of `crdb-connect cert …`, as `cockroach cert` takes them. Pure: argv and environment in, options out. */
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {DEFAULT_CA_LIFETIME_MS, DEFAULT_CERT_LIFETIME_MS} from '../core/cert-templates.js';
import {parseGoDuration} from '../core/go-duration.js';
import {expandEnv} from '../core/paths.js';
import {CERT_FLAGS, parseOptions, type CommandFlag} from '../flags.js';
import {flagLines} from '../help.js';

/** The four subcommands. */
const CERT_COMMANDS = ['create-ca', 'create-node', 'create-client', 'list'] as const;
/** One of CERT_COMMANDS. */
export type CertCommand = (typeof CERT_COMMANDS)[number];

/** Everything any cert subcommand may use. */
export interface CertOptions {
	command: CertCommand;
	args: string[];
	certsDir: string;
	caKey: string;
	keySize: number;
	lifetimeMs: number;
	overwrite: boolean;
	allowCaKeyReuse: boolean;
	pkcs8: boolean;
	disableUsernameValidation: boolean;
	json: boolean;
}

const OPTIONS = parseOptions(CERT_FLAGS);

/** The flags a subcommand accepts (as cockroach registers them), from the table's `only`; --help is always taken. */
function allowed(cmd: CertCommand): string[] {
	return CERT_FLAGS.filter((row: CommandFlag) => row.name !== 'help' && (!row.only || row.only.includes(cmd))).map(row => row.name);
}

/** The result of parsing: options, a request for help, or a usage error. */
export type CertArgs = {kind: 'run'; options: CertOptions} | {kind: 'help'} | {kind: 'error'; message: string};

/** Parse `cert` argv (after the word `cert`). */
export function parseCertArgs(argv: readonly string[], env: NodeJS.ProcessEnv, home = os.homedir(), cwd = process.cwd()): CertArgs {
	let parsed;
	try {
		parsed = parseArgs({args: [...argv], options: OPTIONS, allowPositionals: true, strict: true});
	} catch (error) {
		return {kind: 'error', message: `${(error as Error).message.split('\n')[0]}; see crdb-connect cert --help`};
	}

	const {values, positionals} = parsed;
	if (values.help || positionals.length === 0) return {kind: 'help'};
	const [command, ...args] = positionals as [string, ...string[]];
	if (!(CERT_COMMANDS as readonly string[]).includes(command)) {
		return {kind: 'error', message: `unknown cert command "${command}": use create-ca, create-node, create-client or list`};
	}

	const cmd = command as CertCommand;
	const takes = allowed(cmd);
	for (const flag of Object.keys(values)) {
		if (flag !== 'help' && !takes.includes(flag)) return {kind: 'error', message: `unknown flag: --${flag} (cert ${cmd} takes ${takes.map(f => `--${f}`).join(', ')})`};
	}

	if (cmd === 'create-ca' && args.length > 0) return {kind: 'error', message: `cert create-ca takes no arguments, got "${args.join(' ')}"`};
	if (cmd === 'list' && args.length > 0) return {kind: 'error', message: `cert list takes no arguments, got "${args.join(' ')}"`};
	if (cmd === 'create-client' && args.length !== 1) return {kind: 'error', message: `cert create-client accepts 1 arg(s), received ${args.length}: give the SQL user name`};

	const keySize = values['key-size'] === undefined ? 2048 : Number(values['key-size']);
	if (!Number.isInteger(keySize) || keySize < 1024 || keySize > 16_384) {
		return {kind: 'error', message: `--key-size "${values['key-size']}": give a whole number of bits from 1024 to 16384 (default 2048)`};
	}

	let lifetimeMs = cmd === 'create-ca' ? DEFAULT_CA_LIFETIME_MS : DEFAULT_CERT_LIFETIME_MS;
	if (values.lifetime !== undefined) {
		const parsedLifetime = parseGoDuration(values.lifetime);
		if (parsedLifetime === undefined || parsedLifetime <= 0) {
			return {kind: 'error', message: `--lifetime "${values.lifetime}": give a positive duration such as 8760h or 1h30m`};
		}

		lifetimeMs = parsedLifetime;
	}

	const resolve = (p: string) => (p ? path.resolve(cwd, expandEnv(p, env)) : '');
	return {
		kind: 'run',
		options: {
			command: cmd,
			args,
			certsDir: resolve(values['certs-dir'] ?? env.COCKROACH_CERTS_DIR ?? path.join(home, '.cockroach-certs')),
			caKey: resolve(values['ca-key'] ?? env.COCKROACH_CA_KEY ?? ''),
			keySize,
			lifetimeMs,
			overwrite: values.overwrite ?? false,
			allowCaKeyReuse: values['allow-ca-key-reuse'] ?? false,
			pkcs8: values['also-generate-pkcs8-key'] ?? false,
			disableUsernameValidation: values['disable-username-validation'] ?? false,
			json: values.json ?? false,
		},
	};
}

/** `crdb-connect cert --help`; its flag lines come from the flag table (CERT_FLAGS). */
export const CERT_HELP = `crdb-connect cert — make and list CockroachDB certificates, as \`cockroach cert\` does

Usage
  crdb-connect cert create-ca     --certs-dir <dir> --ca-key <file> [--allow-ca-key-reuse] [--overwrite]
  crdb-connect cert create-node   <host>… --certs-dir <dir> --ca-key <file> [--overwrite]
  crdb-connect cert create-client <user> --certs-dir <dir> --ca-key <file> [--also-generate-pkcs8-key]
  crdb-connect cert list          [--certs-dir <dir>] [--json]

Flags
${flagLines(CERT_FLAGS, 34)}

Files: certificates 0644, keys 0600, the certs directory 0700, each written atomically. A refused
command changes nothing on disk.
`;
