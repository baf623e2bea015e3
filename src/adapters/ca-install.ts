/**
Fetch a CA certificate from a URL, and place it where drivers look, appended to what is there. The bundle is
the trust store of every psql connection, so only https:// links are fetched (http:// only from loopback),
and no more than CA_MAX_BYTES is read.
*/
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {mergeCaBundle, pemCertificates} from '../core/ca-bundle.js';
import {readCappedBody} from '../core/capped-body.js';
import {isLoopbackUrl} from '../core/loopback.js';
import {exists, writeFilesAtomically} from './cert-files.js';
import {readRegularFile} from './regular-file.js';

/** The largest CA certificate file or bundle read or downloaded (a real bundle of every public root is ~220 KB). */
const CA_MAX_BYTES = 1024 * 1024;

/** Why a CA link is refused before anything is fetched; undefined when it may be fetched. */
function caUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `"${url}" is not a link: give an https:// link or the path of the file`;
	}

	if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackUrl(parsed))) return undefined;
	return `refusing to download the CA certificate from ${url}: over ${parsed.protocol.replace(':', '')} anyone on the way could swap it, and it would be trusted by every psql connection; use an https:// link`;
}

/** How long a CA download may take. */
const CA_DOWNLOAD_TIMEOUT_MS = 10_000;

/** Download a PEM CA certificate; rejects with what went wrong and what to do. Never run without being asked. */
export async function downloadCaCertificate(url: string, timeoutMs = CA_DOWNLOAD_TIMEOUT_MS): Promise<string> {
	const problem = caUrlProblem(url);
	if (problem) throw new Error(problem);
	let response: Response;
	try {
		response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs), headers: {accept: 'application/x-pem-file, text/plain, */*'}});
	} catch (error) {
		const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (error as Error).message;
		throw new Error(`could not download the CA certificate from ${url} (${reason}): check the address, or download it in a browser and give its path`, {cause: error});
	}

	// A redirect may not lead from https:// to plain http://.
	const landed = caUrlProblem(response.url || url);
	if (landed) throw new Error(`${url} redirected to ${response.url}: ${landed}`);
	if (!response.ok) throw new Error(`downloading the CA certificate from ${url} failed with HTTP ${response.status}: check the address`);
	// A hostile or broken server could send without end: no more than CA_MAX_BYTES is read.
	const text = await readCappedBody(response, CA_MAX_BYTES);
	if (text === undefined) throw new Error(`${url} sent more than ${CA_MAX_BYTES / (1024 * 1024)} MB, which is not a CA certificate: check the link`);
	if (pemCertificates(text).length === 0) throw new Error(`${url} did not return a PEM certificate: is it the CA certificate link?`);
	return text;
}

/** Add the certificates to the bundle at target (created 0644 in a 0700 directory); never duplicates one. */
export async function installCaCertificate(pem: string, target: string): Promise<{path: string; added: number}> {
	const dir = path.dirname(target);
	if (!(await exists(dir))) await mkdir(dir, {recursive: true, mode: 0o700});
	let existing = '';
	if (await exists(target)) {
		try {
			existing = await readRegularFile(target, CA_MAX_BYTES);
		} catch (error) {
			throw new Error(`cannot add to ${target} (${(error as Error).message}): move it aside, or give the CA certificate's path instead of a link`, {cause: error});
		}
	}

	const merged = mergeCaBundle(existing, pem);
	if (merged.added > 0) await writeFilesAtomically([{path: target, data: merged.text, mode: 0o644}]);
	return {path: target, added: merged.added};
}
