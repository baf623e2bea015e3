/** The doctor's checklist as text. Pure. */

/** One stage's outcome. */
export interface DoctorCheck {
	id: string;
	title: string;
	status: 'pass' | 'warn' | 'fail' | 'skip';
	ms: number;
	/** What was found, or on failure the cause and the fix. */
	detail: string;
	/** Extra lines: warnings, the certificate seen. */
	notes?: string[];
}

const MARK: Record<DoctorCheck['status'], string> = {pass: '✔', warn: '!', fail: '✖', skip: '-'};

/** One line per check (mark, title, time, detail), notes indented below, then a verdict. */
export function formatChecklist(checks: readonly DoctorCheck[]): string {
	const width = Math.max(...checks.map(c => c.title.length));
	const lines: string[] = [];
	for (const check of checks) {
		const time = check.status === 'skip' ? '' : `${check.ms.toFixed(0)} ms`;
		lines.push(`${MARK[check.status]} ${check.title.padEnd(width)}  ${time.padStart(7)}  ${check.detail}`.trimEnd());
		for (const note of check.notes ?? []) lines.push(`    ${note}`);
	}

	const failed = checks.find(c => c.status === 'fail');
	const warned = checks.filter(c => c.status === 'warn').length;
	lines.push('');
	lines.push(failed ? `Stopped at "${failed.title}".` : `All ${checks.length} checks passed${warned ? ` (${warned} with warnings)` : ''}.`);
	return lines.join('\n');
}
