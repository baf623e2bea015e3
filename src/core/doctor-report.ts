/** The doctor's checklist as text. Pure. */

/** One stage's outcome. */
export interface DoctorCheck {
	id: string;
	title: string;
	status: 'pass' | 'warn' | 'fail' | 'skip';
	ms: number;
	/** What was found, or on failure the cause and the fix. */
	detail: string;
	/** Extra lines: warnings, the certificate seen, the server's HINT. */
	notes?: string[];
	/** On failure: the classifier row that named the cause, and where its match key comes from. */
	diagnosis?: {rule: string; source: string};
}

const MARK: Record<DoctorCheck['status'], string> = {pass: '✔', warn: '!', fail: '✖', skip: '-'};

/** Wide enough for every stage title, so lines printed one at a time still line up. */
const TITLE_WIDTH = 28;

/** One check: mark, title, time, detail, then its notes indented below. */
export function formatCheck(check: DoctorCheck): string {
	const time = check.status === 'skip' ? '' : `${check.ms.toFixed(0)} ms`;
	const lines = [`${MARK[check.status]} ${check.title.padEnd(TITLE_WIDTH)}  ${time.padStart(7)}  ${check.detail}`.trimEnd()];
	for (const note of check.notes ?? []) lines.push(`    ${note}`);
	return lines.join('\n');
}

/** The closing line: where it stopped, or how many passed. */
export function formatVerdict(checks: readonly DoctorCheck[]): string {
	const failed = checks.find(c => c.status === 'fail');
	const warned = checks.filter(c => c.status === 'warn').length;
	return failed ? `Stopped at "${failed.title}".` : `All ${checks.filter(c => c.status !== 'skip').length} checks passed${warned ? ` (${warned} with warnings)` : ''}.`;
}
