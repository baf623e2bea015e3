/** Certificate listing (behind `cert list` and the wizard): every certificate in the certs directory, one row per file, each with its own error. */
import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {formatExpiry, type CertListRow} from '../core/cert-table.js';
import {printable} from '../core/printable.js';
import {certificateAddresses, certificatesFromPem, commonNameOf} from '../core/x509.js';
import {checkKeyFilePermissions, readTextFile} from '../adapters/cert-files.js';

type Usage = 'CA' | 'Client CA' | 'UI CA' | 'Node' | 'UI' | 'Client';

/** File prefixes that must be exactly `<prefix>.crt`, and the usage each lists as (cockroach's order). */
const FIXED: Array<[string, Usage]> = [['ca', 'CA'], ['ca-client', 'Client CA'], ['ca-ui', 'UI CA'], ['node', 'Node'], ['ui', 'UI']];
const IS_CA = new Set<Usage>(['CA', 'Client CA', 'UI CA']);

interface Found {
	usage: Usage;
	file: string;
	/** For client certificates: the user named by the file name. */
	user?: string;
}

/** Sort the directory's `.crt` files into usages; files cockroach would skip are skipped. */
function classifyCertFiles(names: readonly string[]): Found[] {
	const found: Found[] = [];
	for (const [prefix, usage] of FIXED) if (names.includes(`${prefix}.crt`)) found.push({usage, file: `${prefix}.crt`});
	const clients = names
		.filter(n => n.endsWith('.crt') && n.split('.')[0] === 'client')
		.map(n => ({usage: 'Client' as const, file: n, user: n.split('.').slice(1, -1).join('.')}))
		.filter(c => c.user !== '')
		.sort((a, b) => a.user.localeCompare(b.user));
	return [...found, ...clients];
}

async function rowFor(dir: string, found: Found, env: NodeJS.ProcessEnv): Promise<CertListRow> {
	const isCa = IS_CA.has(found.usage);
	const keyFile = isCa ? '' : found.file.replace(/\.crt$/, '.key');
	const row: CertListRow = {usage: found.usage, certificateFile: found.file, keyFile, expires: formatExpiry(undefined), notes: '', error: ''};
	try {
		const certs = certificatesFromPem(await readTextFile(path.join(dir, found.file)), found.file);
		const first = certs[0]!;
		const cn = commonNameOf(first);
		if (found.usage === 'Client' && cn !== found.user) {
			throw new Error(`failed to validate certificate 0 in file ${found.file}: client certificate has principals ["${cn}"], expected "${found.user}"`);
		}

		if (found.usage === 'Node' && cn !== 'node') {
			throw new Error(`failed to validate certificate 0 in file ${found.file}: client/server node certificate has principals ["${cn}"], expected "node"`);
		}

		if (!isCa) {
			const keyPath = path.join(dir, keyFile);
			try {
				await stat(keyPath);
			} catch {
				throw new Error(`could not stat key file ${keyPath}: stat ${keyPath}: no such file or directory`);
			}

			await checkKeyFilePermissions(keyPath, env);
		}

		row.expires = formatExpiry(first.validity.notAfter);
		row.notes = isCa ? `num certs: ${certs.length}` : found.usage === 'Client' ? `user: ${cn}` : `addresses: ${certificateAddresses(first).join(',')}`;
	} catch (error) {
		row.error = (error as Error).message;
		row.notes = isCa ? '' : found.usage === 'Client' ? 'user: <unknown>' : 'addresses: <unknown>';
	}

	return row;
}

/** The rows for a certs directory; a missing directory lists nothing. */
export async function listCertificates(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<CertListRow[]> {
	let entries;
	try {
		entries = await readdir(dir, {withFileTypes: true});
	} catch {
		return [];
	}

	const names = entries.filter(e => e.isFile()).map(e => e.name);
	const rows = await Promise.all(classifyCertFiles(names).map(found => rowFor(dir, found, env)));
	// Names come from files others made (subjects, SANs, file names): nothing in them may drive the terminal.
	return rows.map(row => ({...row, certificateFile: printable(row.certificateFile), keyFile: printable(row.keyFile), notes: printable(row.notes), error: printable(row.error)}));
}
