/**
Certificate creation, the service behind `cert create-ca | create-node | create-client` and the wizard's
self-hosted steps: cockroach's behaviour and error texts, with one deliberate
difference: every check runs before the first byte is written, so a refused command changes nothing
(cockroach can leave a new CA key behind when it then refuses to overwrite ca.crt).
*/
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import forge from 'node-forge';
import {caSpec, clientSpec, lifetimeProblem, nodeSpec, serialFromBytes, type CertSpec} from '../core/cert-templates.js';
import {normalizeSqlUsername, sqlUsernameProblem, USERNAME_HINT} from '../core/sql-username.js';
import {
	certificateToPem,
	certificatesFromPem,
	keyMatchesCertificate,
	privateKeyFromPem,
	privateKeyToPem,
	privateKeyToPkcs8Der,
	nativeSigner,
	signCertificate,
	type RsaKeyPair,
	type Sha256RsaSigner,
} from '../core/x509.js';
import {CERT_FILE_MODE, checkKeyFilePermissions, ensureCertsDir, exists, KEY_FILE_MODE, readTextFile, writeFilesAtomically, type FileToWrite} from '../adapters/cert-files.js';
import {generateRsaKeyPair} from '../adapters/rsa-keygen.js';

/** A refusal: cockroach's message, and an optional hint line. */
export class CertError extends Error {
	override name = 'CertError';
	constructor(message: string, readonly hint?: string) {
		super(message);
	}
}

/** What the commands take from the world; tests may pin the clock. */
export interface CertContext {
	env: NodeJS.ProcessEnv;
	now: () => Date;
	generateKey: (bits: number) => Promise<RsaKeyPair>;
	randomSerial: () => string;
}

/** The real clock, key generator and serial source. */
export function realCertContext(env: NodeJS.ProcessEnv = process.env): CertContext {
	return {env, now: () => new Date(), generateKey: generateRsaKeyPair, randomSerial: () => serialFromBytes(randomBytes(16))};
}

/** Flags every create command shares. */
export interface CreateOptions {
	certsDir: string;
	caKey: string;
	keySize: number;
	lifetimeMs: number;
	overwrite: boolean;
}

/** What a create command wrote, and any warnings it printed. */
export interface CreateResult {
	written: string[];
	warnings: string[];
}

/** Wrap an error with cockroach's outer prefix, keeping a hint. */
async function prefixed<T>(prefix: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		const hint = error instanceof CertError ? error.hint : undefined;
		throw new CertError(`${prefix}: ${(error as Error).message}`, hint);
	}
}

function requireCaKey(options: CreateOptions): void {
	if (!options.caKey) throw new CertError('the path to the CA key is required', 'pass --ca-key <file> or set COCKROACH_CA_KEY');
	if (!options.certsDir) throw new CertError('the path to the certs directory is required', 'pass --certs-dir <dir> or set COCKROACH_CERTS_DIR');
}

/** Refuse to replace an existing file unless --overwrite, in cockroach's words. */
async function refuseExisting(file: string, what: string, overwrite: boolean): Promise<void> {
	if (!overwrite && (await exists(file))) {
		throw new CertError(`${what} ${file}: open ${file}: file exists`, 'rerun with --overwrite to replace it');
	}
}

/** `cert create-ca`. */
export async function createCa(options: CreateOptions & {allowCaKeyReuse: boolean}, ctx: CertContext): Promise<CreateResult> {
	return prefixed('failed to generate CA cert and key', async () => {
		requireCaKey(options);
		const caCertPath = path.join(options.certsDir, 'ca.crt');
		let key: RsaKeyPair | undefined;
		let existingKey: forge.pki.rsa.PrivateKey | undefined;
		if (await exists(options.caKey)) {
			if (!options.allowCaKeyReuse) {
				throw new CertError(`CA key ${options.caKey} exists, but key reuse is disabled`, 'rerun with --allow-ca-key-reuse to sign with that key, or choose another --ca-key path');
			}

			await checkKeyFilePermissions(options.caKey, ctx.env);
			existingKey = privateKeyFromPem(await readTextFile(options.caKey), options.caKey);
		} else if (!(await exists(path.dirname(options.caKey)))) {
			throw new CertError(`could not write CA key file ${options.caKey}: open ${options.caKey}: no such file or directory`, `create the directory ${path.dirname(options.caKey)} first (keep it outside the certs directory)`);
		}

		let previous: string[] = [];
		if (await exists(caCertPath)) {
			if (!options.overwrite) {
				throw new CertError(`could not write CA certificate file ${caCertPath}: open ${caCertPath}: file exists`, 'rerun with --overwrite to add a new CA in front of the existing one');
			}

			// The new CA goes first; the old ones stay, so certificates they signed keep verifying.
			previous = certificatesFromPem(await readTextFile(caCertPath), caCertPath).map(certificateToPem);
		}

		if (!existingKey) key = await ctx.generateKey(options.keySize);
		const privateKey = existingKey ?? key!.privateKey;
		const publicKey = key?.publicKey ?? publicKeyOf(privateKey);
		const now = ctx.now();
		const cert = signCertificate(caSpec({now, lifetimeMs: options.lifetimeMs, serialHex: ctx.randomSerial()}), publicKey, {sign: nativeSigner(privateKeyToPem(privateKey))});
		const files: FileToWrite[] = [];
		// New files are created exclusively: a run racing for the same name fails instead of silently replacing it.
		if (key) files.push({path: options.caKey, data: privateKeyToPem(key.privateKey), mode: KEY_FILE_MODE, exclusive: true});
		files.push({path: caCertPath, data: [certificateToPem(cert), ...previous].join(''), mode: CERT_FILE_MODE, exclusive: previous.length === 0});
		await ensureCertsDir(options.certsDir);
		await writeFilesAtomically(files);
		return {written: files.map(f => f.path), warnings: []};
	});
}

/** The public half of an RSA private key (it holds n and e). */
function publicKeyOf(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PublicKey {
	return forge.pki.setRsaPublicKey(key.n, key.e);
}

/** A CA ready to sign leaves. */
interface LoadedCa {
	certificate: forge.pki.Certificate;
	sign: Sha256RsaSigner;
}

/** The CA used to sign leaves: the first certificate of the CA file and the key, which must match. */
async function loadCa(caCertPath: string, caKeyPath: string, env: NodeJS.ProcessEnv): Promise<LoadedCa> {
	try {
		const [certificate] = certificatesFromPem(await readTextFile(caCertPath), caCertPath);
		const keyText = await readTextFile(caKeyPath);
		await checkKeyFilePermissions(caKeyPath, env);
		const privateKey = privateKeyFromPem(keyText, caKeyPath);
		if (!keyMatchesCertificate(privateKey, certificate!)) throw new Error('tls: private key does not match public key');
		return {certificate: certificate!, sign: nativeSigner(keyText)};
	} catch (error) {
		const message = (error as Error).message;
		const hint = message.startsWith('key file') ? `run chmod 600 ${caKeyPath}: a CA key must be readable by its owner only` : 'check --certs-dir and --ca-key: they must hold the CA made by create-ca';
		throw new CertError(`error loading CA certificate ${caCertPath} and key ${caKeyPath}: ${message}`, hint);
	}
}

/** Refuse a leaf that would outlive its CA (checked before a key is generated, so a refusal is quick). */
function refuseOutlivingCa(ca: {certificate: forge.pki.Certificate}, spec: CertSpec, now: Date, lifetimeMs: number, what: string): void {
	const problem = lifetimeProblem(ca.certificate.validity.notAfter, spec.notAfter, now, lifetimeMs);
	if (problem) throw new CertError(`error creating ${what} certificate and key: ${problem}`);
}

/** `cert create-node <host>…`. */
export async function createNode(options: CreateOptions & {hosts: readonly string[]}, ctx: CertContext): Promise<CreateResult> {
	if (options.hosts.length === 0) throw new CertError('create-node requires at least one host name or address, none was specified', 'name every address clients will use, e.g. localhost 127.0.0.1 db.example.com');
	return prefixed('failed to generate node certificate and key', async () => {
		requireCaKey(options);
		const certPath = path.join(options.certsDir, 'node.crt');
		const keyPath = path.join(options.certsDir, 'node.key');
		const ca = await loadCa(path.join(options.certsDir, 'ca.crt'), options.caKey, ctx.env);
		await refuseExisting(certPath, 'error writing node server certificate to', options.overwrite);
		await refuseExisting(keyPath, 'error writing node server key to', options.overwrite);
		const now = ctx.now();
		const spec = nodeSpec({now, lifetimeMs: options.lifetimeMs, serialHex: ctx.randomSerial(), hosts: options.hosts});
		refuseOutlivingCa(ca, spec, now, options.lifetimeMs, 'node server');
		const key = await ctx.generateKey(options.keySize);
		const cert = signCertificate(spec, key.publicKey, {sign: ca.sign, issuer: ca});
		const files: FileToWrite[] = [
			{path: certPath, data: certificateToPem(cert), mode: CERT_FILE_MODE, exclusive: !options.overwrite},
			{path: keyPath, data: privateKeyToPem(key.privateKey), mode: KEY_FILE_MODE, exclusive: !options.overwrite},
		];
		await writeFilesAtomically(files);
		return {written: files.map(f => f.path), warnings: []};
	});
}

/** `cert create-client <user>`. */
export async function createClient(
	options: CreateOptions & {user: string; pkcs8: boolean; disableUsernameValidation: boolean},
	ctx: CertContext,
): Promise<CreateResult> {
	return prefixed('failed to generate client certificate and key', async () => {
		const user = normalizeSqlUsername(options.user);
		const warnings: string[] = [];
		const problem = sqlUsernameProblem(user);
		if (problem) {
			if (!options.disableUsernameValidation) throw new CertError(problem, USERNAME_HINT);
			warnings.push(`warning: the specified identity "${options.user}" is not a valid SQL username.\nBefore it can be used to log in, an identity map rule will need to be set on the server.`);
		}

		if (user === '') throw new CertError('user cannot be empty');
		requireCaKey(options);
		// A separate client CA, when there is one, signs client certificates.
		const clientCa = path.join(options.certsDir, 'ca-client.crt');
		const caCertPath = (await exists(clientCa)) ? clientCa : path.join(options.certsDir, 'ca.crt');
		const ca = await loadCa(caCertPath, options.caKey, ctx.env);
		const base = path.join(options.certsDir, `client.${user}`);
		await refuseExisting(`${base}.crt`, 'error writing client certificate to', options.overwrite);
		await refuseExisting(`${base}.key`, 'error writing client key to', options.overwrite);
		if (options.pkcs8) await refuseExisting(`${base}.key.pk8`, 'error writing client PKCS8 key to', options.overwrite);
		const now = ctx.now();
		const spec = clientSpec({now, lifetimeMs: options.lifetimeMs, serialHex: ctx.randomSerial(), user});
		refuseOutlivingCa(ca, spec, now, options.lifetimeMs, 'client');
		const key = await ctx.generateKey(options.keySize);
		const cert = signCertificate(spec, key.publicKey, {sign: ca.sign, issuer: ca});
		const files: FileToWrite[] = [
			{path: `${base}.crt`, data: certificateToPem(cert), mode: CERT_FILE_MODE, exclusive: !options.overwrite},
			{path: `${base}.key`, data: privateKeyToPem(key.privateKey), mode: KEY_FILE_MODE, exclusive: !options.overwrite},
		];
		if (options.pkcs8) files.push({path: `${base}.key.pk8`, data: privateKeyToPkcs8Der(key.privateKey), mode: KEY_FILE_MODE, exclusive: !options.overwrite});
		await writeFilesAtomically(files);
		return {written: files.map(f => f.path), warnings};
	});
}
