/** Read a PEM CA certificate (or bundle) from disk and say what it is. */
import {X509Certificate} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import type {CaCertificateInfo} from '../wizard/ports.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Parse the file; rejects with a message that says what to do when it is missing or not a certificate. */
export async function readCaCertificate(path: string): Promise<CaCertificateInfo> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			throw new Error(`no file at ${path}: download the cluster's CA certificate (Cloud Console → Connect) or use your certs directory's ca.crt`, {cause: error});
		}

		throw new Error(`cannot read ${path} (${code ?? 'error'}): check the path and its permissions`, {cause: error});
	}

	const blocks = text.match(PEM_BLOCK) ?? [];
	if (blocks.length === 0) throw new Error(`${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block): is it the right file?`);
	let first: X509Certificate;
	try {
		first = new X509Certificate(blocks[0]!);
	} catch {
		throw new Error(`${path} holds a certificate block that does not parse: download it again`);
	}

	return {subject: first.subject.replace(/\n/g, ', '), notAfter: new Date(first.validTo), count: blocks.length};
}
