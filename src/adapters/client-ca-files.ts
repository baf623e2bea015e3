/**
The client CA for passwordless sign-in on Advanced, made (or reused) with the project's own certificate code:
its key stays at --ca-key (0600, outside the certs directory) with its certificate beside it; a copy of the
certificate goes into the certs directory as ca-client.crt (cockroach's name for a separate client CA), and
client.<user>.crt/.key (+ .key.pk8 for Java) are signed by it.
*/
import {copyFile, mkdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {createCa, createClient, realCertContext} from '../certs/create.js';
import {DEFAULT_CA_LIFETIME_MS, DEFAULT_CERT_LIFETIME_MS} from '../core/cert-templates.js';

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
	const caPem = await readFile(caCert, 'utf8');
	if (!(await exists(clientCa)) || (await readFile(clientCa, 'utf8')) !== caPem) {
		await mkdir(request.certsDir, {recursive: true, mode: 0o700});
		await copyFile(caCert, clientCa);
		created.push(clientCa);
	}

	const base = path.join(request.certsDir, `client.${request.user}`);
	if (!(await exists(`${base}.crt`)) || !(await exists(`${base}.key`))) {
		const made = await createClient({...common, certsDir: request.certsDir, caKey: request.caKey, lifetimeMs: DEFAULT_CERT_LIFETIME_MS, user: request.user, pkcs8: true, disableUsernameValidation: false}, ctx);
		created.push(...made.written);
	}

	return {caPem, caCert: clientCa, clientCert: `${base}.crt`, clientKey: `${base}.key`, clientKeyPk8: `${base}.key.pk8`, created};
}
