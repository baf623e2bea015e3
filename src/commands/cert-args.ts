/** Flags of `crdb-connect cert …`, as `cockroach cert` takes them. Pure: argv and environment in, options out. */
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {DEFAULT_CA_LIFETIME_MS, DEFAULT_CERT_LIFETIME_MS} from '../core/cert-templates.js';
import {parseGoDuration} from '../core/go-duration.js';
import {expandEnv} from '../core/paths.js';

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

const OPTIONS = {
	'certs-dir': {type: 'string'},
	'ca-key': {type: 'string'},
	'key-size': {type: 'string'},
	lifetime: {type: 'string'},
	overwrite: {type: 'boolean'},
	'allow-ca-key-reuse': {type: 'boolean'},
	'also-generate-pkcs8-key': {type: 'boolean'},
	'disable-username-validation': {type: 'boolean'},
	json: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
} as const;

/** Which flags each subcommand accepts (as cockroach registers them). */
const ALLOWED: Record<CertCommand, ReadonlyArray<keyof typeof OPTIONS>> = {
	'create-ca': ['certs-dir', 'ca-key', 'key-size', 'lifetime', 'overwrite', 'allow-ca-key-reuse'],
	'create-node': ['certs-dir', 'ca-key', 'key-size', 'lifetime', 'overwrite'],
	'create-client': ['certs-dir', 'ca-key', 'key-size', 'lifetime', 'overwrite', 'also-generate-pkcs8-key', 'disable-username-validation'],
	list: ['certs-dir', 'json'],
};

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
	for (const flag of Object.keys(values) as Array<keyof typeof OPTIONS>) {
		if (flag !== 'help' && !ALLOWED[cmd].includes(flag)) return {kind: 'error', message: `unknown flag: --${flag} (cert ${cmd} takes ${ALLOWED[cmd].map(f => `--${f}`).join(', ')})`};
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

/** `crdb-connect cert --help`. */
export const CERT_HELP = `crdb-connect cert — make and list CockroachDB certificates, as \`cockroach cert\` does

Usage
  crdb-connect cert create-ca     --certs-dir <dir> --ca-key <file> [--allow-ca-key-reuse] [--overwrite]
  crdb-connect cert create-node   <host>… --certs-dir <dir> --ca-key <file> [--overwrite]
  crdb-connect cert create-client <user> --certs-dir <dir> --ca-key <file> [--also-generate-pkcs8-key]
  crdb-connect cert list          [--certs-dir <dir>] [--json]

Flags
  --certs-dir <dir>                 certificates directory (env COCKROACH_CERTS_DIR; default ~/.cockroach-certs)
  --ca-key <file>                   the CA's private key; keep it outside the certs directory (env COCKROACH_CA_KEY)
  --key-size <bits>                 RSA key size (default 2048)
  --lifetime <duration>             e.g. 8760h or 1h30m (default 87840h for the CA, 43920h otherwise)
  --overwrite                       replace existing files; create-ca puts the new CA in front of the old ones
  --allow-ca-key-reuse              create-ca: sign with an existing CA key
  --also-generate-pkcs8-key         create-client: also write client.<user>.key.pk8 (DER, for Java)
  --disable-username-validation     create-client: issue a certificate for a name that is not a SQL username
  --json                            list: print the rows as JSON

Files: certificates 0644, keys 0600, the certs directory 0700, each written atomically. A refused
command changes nothing on disk.
`;
