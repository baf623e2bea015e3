/** The `cert list` table, laid out as cockroach's table format prints it. Pure. */

/** One row of `cert list`. */
export interface CertListRow {
	usage: string;
	certificateFile: string;
	keyFile: string;
	/** YYYY/MM/DD of the first certificate's NotAfter; 0001/01/01 when the file has an error. */
	expires: string;
	notes: string;
	error: string;
}

const HEADERS = ['Usage', 'Certificate File', 'Key File', 'Expires', 'Notes', 'Error'] as const;

function center(text: string, width: number): string {
	const left = Math.floor((width - text.length) / 2);
	return ' '.repeat(left) + text + ' '.repeat(width - text.length - left);
}

/** The table: centred headers, left-aligned cells, a dashed rule, and an `(N rows)` footer. */
export function formatCertTable(rows: readonly CertListRow[]): string {
	const cells = rows.map(r => [r.usage, r.certificateFile, r.keyFile, r.expires, r.notes, r.error]);
	const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map(c => c[i]!.length)));
	const line = (values: string[], align: (v: string, w: number) => string) => values.map((v, i) => ` ${align(v, widths[i]!)} `).join('|').trimEnd();
	return [
		line([...HEADERS], center),
		widths.map(w => '-'.repeat(w + 2)).join('+'),
		...cells.map(c => line(c, (v, w) => v.padEnd(w))),
		`(${rows.length} row${rows.length === 1 ? '' : 's'})`,
	].join('\n');
}

/** Go's `2006/01/02` layout, in UTC (certificate times are UTC). */
export function formatExpiry(date: Date | undefined): string {
	if (!date) return '0001/01/01';
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}
