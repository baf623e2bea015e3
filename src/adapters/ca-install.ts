/** Fetch a CA certificate from a URL, and place it where drivers look, appended to what is there. */
import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {mergeCaBundle, pemCertificates} from '../core/ca-bundle.js';
import {exists, writeFilesAtomically} from './cert-files.js';

/** How long a CA download may take. */
export const CA_DOWNLOAD_TIMEOUT_MS = 10_000;

/** Download a PEM CA certificate; rejects with what went wrong and what to do. Never run without being asked. */
export async function downloadCaCertificate(url: string, timeoutMs = CA_DOWNLOAD_TIMEOUT_MS): Promise<string> {
	let response: Response;
	try {
		response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs), headers: {accept: 'application/x-pem-file, text/plain, */*'}});
	} catch (error) {
		const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (error as Error).message;
		throw new Error(`could not download the CA certificate from ${url} (${reason}): check the address, or download it in a browser and give its path`, {cause: error});
	}

	if (!response.ok) throw new Error(`downloading the CA certificate from ${url} failed with HTTP ${response.status}: check the address`);
	const text = await response.text();
	if (pemCertificates(text).length === 0) throw new Error(`${url} did not return a PEM certificate: is it the CA certificate link?`);
	return text;
}

/** Add the certificates to the bundle at target (created 0644 in a 0700 directory); never duplicates one. */
export async function installCaCertificate(pem: string, target: string): Promise<{path: string; added: number}> {
	const dir = path.dirname(target);
	if (!(await exists(dir))) await mkdir(dir, {recursive: true, mode: 0o700});
	const existing = (await exists(target)) ? await readFile(target, 'utf8') : '';
	const merged = mergeCaBundle(existing, pem);
	if (merged.added > 0) await writeFilesAtomically([{path: target, data: merged.text, mode: 0o644}]);
	return {path: target, added: merged.added};
}
