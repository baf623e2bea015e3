/**
The wizard's certificate step: reuse what is already there (a CA with its key, a node or client
certificate), make what is missing with the same code as `crdb-connect cert`, then list the directory.
*/
import {chmod, mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {formatCertTable} from '../core/cert-table.js';
import {DEFAULT_CA_LIFETIME_MS, DEFAULT_CERT_LIFETIME_MS} from '../core/cert-templates.js';
import {normalizeSqlUsername} from '../core/sql-username.js';
import {certificateAddresses, certificatesFromPem} from '../core/x509.js';
import {createCa, createClient, createNode, realCertContext, type CertContext} from '../certs/create.js';
import {listCertificates} from '../certs/list.js';
import type {CertificateOutcome, CertificateRequest} from '../wizard/ports.js';
import {exists} from './cert-files.js';

/** Make or reuse the CA, node and client certificates for the request. */
export async function generateCertificates(request: CertificateRequest, ctx: CertContext = realCertContext()): Promise<CertificateOutcome> {
	const {certsDir, caKey, nodeHosts} = request;
	const user = normalizeSqlUsername(request.user);
	const common = {certsDir, caKey, keySize: 2048, overwrite: false};
	const caCert = path.join(certsDir, 'ca.crt');
	const nodeCert = path.join(certsDir, 'node.crt');
	const clientCert = path.join(certsDir, `client.${user}.crt`);
	const created: string[] = [];
	const kept: string[] = [];
	const [haveKey, haveCa] = [await exists(caKey), await exists(caCert)];
	if (haveCa && !haveKey) {
		throw new Error(`${caCert} exists but the CA key ${caKey} does not: point the CA key at the key that made it, or choose another certificates directory`);
	}

	if (haveCa) {
		kept.push(caCert);
	} else {
		if (!(await exists(path.dirname(caKey)))) {
			// The wizard makes the key's directory itself, private to its owner.
			await mkdir(path.dirname(caKey), {recursive: true, mode: 0o700});
			await chmod(path.dirname(caKey), 0o700);
		}

		created.push(...(await createCa({...common, lifetimeMs: DEFAULT_CA_LIFETIME_MS, allowCaKeyReuse: haveKey}, ctx)).written);
	}

	let nodeHostsMissing: CertificateOutcome['nodeHostsMissing'];
	if (await exists(nodeCert)) {
		kept.push(nodeCert);
		nodeHostsMissing = await hostsNotCovered(nodeCert, nodeHosts);
	} else created.push(...(await createNode({...common, lifetimeMs: DEFAULT_CERT_LIFETIME_MS, hosts: nodeHosts}, ctx)).written);
	if (await exists(clientCert)) kept.push(clientCert);
	else created.push(...(await createClient({...common, lifetimeMs: DEFAULT_CERT_LIFETIME_MS, user, pkcs8: false, disableUsernameValidation: false}, ctx)).written);
	const rows = await listCertificates(certsDir, ctx.env);
	return {created, kept, caCert, clientCert, clientKey: clientCert.replace(/\.crt$/, '.key'), table: formatCertTable(rows), ...(nodeHostsMissing ? {nodeHostsMissing} : {})};
}

/** The hosts asked for that a kept node certificate does not hold (names case-insensitively), or undefined when it holds them all. */
async function hostsNotCovered(nodeCert: string, hosts: readonly string[]): Promise<CertificateOutcome['nodeHostsMissing']> {
	let held: string[];
	try {
		const [cert] = certificatesFromPem(await readFile(nodeCert, 'utf8'), nodeCert);
		held = cert ? certificateAddresses(cert) : [];
	} catch {
		// An unreadable node.crt shows in the `cert list` table with its error.
		return undefined;
	}

	const missing = hosts.filter(host => !held.some(h => h.toLowerCase() === host.toLowerCase()));
	return missing.length > 0 ? {missing, held} : undefined;
}
