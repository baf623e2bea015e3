/**
The client CA for passwordless sign-in on Advanced, made (or reused) with the project's own certificate code:
its key stays at --ca-key (0600, outside the certs directory) with its certificate beside it; a copy of the
certificate goes into the certs directory as ca-client.crt (cockroach's name for a separate client CA), and
client.<user>.crt/.key (+ .key.pk8 for Java) are signed by it.
*/
import {X509Certificate} from 'node:crypto';
import {constants} from 'node:fs';
import {copyFile, mkdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {createCa, createClient, realCertContext} from '../certs/create.js';
import {DEFAULT_CA_LIFETIME_MS, DEFAULT_CERT_LIFETIME_MS} from '../core/cert-templates.js';
import {pemFingerprint} from '../core/client-ca.js';
import {readRegularFile} from './regular-file.js';

/** A CA certificate is a few KB; anything past this is not one. */
const MAX_PEM_BYTES = 1024 * 1024;

/** Where the files are, which were made now, and the CA's PEM to upload. */
export interface ClientCaFiles {
	caPem: string;
	caCert: string;
	clientCert: string;
	clientKey: string;
	clientKeyPk8: string;
	created: string[];
}

const exists = (file: string) => stat(file).then(() => true, () => false);

/** Make (or reuse) the client CA and the user's client certificate. */
export async function ensureClientCaFiles(request: {certsDir: string; caKey: string; user: string}, env: NodeJS.ProcessEnv = process.env): Promise<ClientCaFiles> {
	const ctx = realCertContext(env);
	const keyDir = path.dirname(request.caKey);
	const caCert = path.join(keyDir, 'ca.crt');
	const created: string[] = [];
	const common = {keySize: 2048, overwrite: false};
	if (!(await exists(caCert))) {
		await mkdir(keyDir, {recursive: true, mode: 0o700});
		const made = await createCa({...common, certsDir: keyDir, caKey: request.caKey, lifetimeMs: DEFAULT_CA_LIFETIME_MS, allowCaKeyReuse: true}, ctx);
		created.push(...made.written);
	}

	const clientCa = path.join(request.certsDir, 'ca-client.crt');
	const caPem = await readRegularFile(caCert, MAX_PEM_BYTES);
	if (!(await exists(clientCa))) {
		await mkdir(request.certsDir, {recursive: true, mode: 0o700});
		// Exclusive: a file that appeared meanwhile is never replaced.
		await copyFile(caCert, clientCa, constants.COPYFILE_EXCL);
		created.push(clientCa);
	} else if (pemFingerprint(await readRegularFile(clientCa, MAX_PEM_BYTES)) !== pemFingerprint(caPem)) {
		// Client certificates in this directory are signed by that other CA: replacing it would orphan them.
		throw new Error(`${clientCa} holds another client CA than ${caCert}: use another --certs-dir, or the --ca-key of that CA`);
	}

	const base = path.join(request.certsDir, `client.${request.user}`);
	if (await exists(`${base}.crt`)) {
		// A certificate signed by another CA would be refused by the cluster once it trusts ours: say so now.
		const cert = new X509Certificate(await readRegularFile(`${base}.crt`, MAX_PEM_BYTES));
		if (!cert.verify(new X509Certificate(caPem).publicKey)) throw new Error(`${base}.crt was signed by another CA than ${caCert}: use another --certs-dir, or move it aside`);
	}

	if (!(await exists(`${base}.crt`)) || !(await exists(`${base}.key`))) {
		const made = await createClient({...common, certsDir: request.certsDir, caKey: request.caKey, lifetimeMs: DEFAULT_CERT_LIFETIME_MS, user: request.user, pkcs8: true, disableUsernameValidation: false}, ctx);
		created.push(...made.written);
	}

	return {caPem, caCert: clientCa, clientCert: `${base}.crt`, clientKey: `${base}.key`, clientKeyPk8: `${base}.key.pk8`, created};
}

/** Keep a copy of a client CA the cluster no longer trusts (a public certificate), for its undo; never replaces a file. */
export async function saveReplacedClientCa(certsDir: string, pem: string): Promise<string> {
	await mkdir(certsDir, {recursive: true, mode: 0o700});
	for (let n = 1; ; n++) {
		const file = path.join(certsDir, n === 1 ? 'ca-client.replaced.crt' : `ca-client.replaced-${n}.crt`);
		try {
			await writeFile(file, pem, {flag: 'wx', mode: 0o644});
			return file;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
}
