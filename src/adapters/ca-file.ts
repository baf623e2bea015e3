/** Read a PEM CA certificate (or bundle) from disk and say what it is. */
import {X509Certificate} from 'node:crypto';
import {pemCertificates} from '../core/ca-bundle.js';
import {FileReadError, readRegularFile} from './regular-file.js';
import type {CaCertificateInfo} from '../wizard/ports.js';

/** The largest CA file read (a bundle of every public root is ~220 KB). */
const CA_FILE_MAX_BYTES = 1024 * 1024;

/** Parse the file; rejects with a message that says what to do when it is missing or not a certificate. */
export async function readCaCertificate(path: string): Promise<CaCertificateInfo> {
	let text: string;
	try {
		// Only a regular file, at most 1 MB: a FIFO would hang the run and /dev/zero would fill memory.
		text = await readRegularFile(path, CA_FILE_MAX_BYTES);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (error instanceof FileReadError && (code === 'NOT_REGULAR' || code === 'TOO_LARGE')) throw new Error(`${path} is ${code === 'TOO_LARGE' ? error.message : error.message.replace('not a regular file (', 'not a certificate file (')}: give the path of the CA certificate (ca.crt or root.crt)`, {cause: error});
		if (code === 'ENOENT') {
			throw new Error(`no file at ${path}: download the cluster's CA certificate (Cloud Console → Connect) or use your certs directory's ca.crt`, {cause: error});
		}

		throw new Error(`cannot read ${path} (${code ?? 'error'}): check the path and its permissions`, {cause: error});
	}

	const blocks = pemCertificates(text);
	if (blocks.length === 0) throw new Error(`${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block): is it the right file?`);
	let first: X509Certificate;
	try {
		first = new X509Certificate(blocks[0]!);
	} catch {
		throw new Error(`${path} holds a certificate block that does not parse: download it again`);
	}

	return {subject: first.subject.replace(/\n/g, ', '), notAfter: new Date(first.validTo), count: blocks.length};
}
