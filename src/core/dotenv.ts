/** Adding one KEY=value line to a .env file's text without losing or duplicating anything. Pure. */

/** What happens to the file. */
export type DotenvChange = {kind: 'unchanged'} | {kind: 'write'; text: string} | {kind: 'conflict'; existing: string};

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

function unquote(value: string): string {
	const m = /^(['"])(.*)\1$/.exec(value);
	return m ? m[2]! : value;
}

/** Set key=value: append when absent, leave alone when equal, and report a conflict unless replacing is allowed. */
export function setDotenvValue(text: string, key: string, value: string, replace: boolean): DotenvChange {
	const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
	const index = lines.findIndex(line => LINE.exec(line)?.[1] === key);
	if (index === -1) return {kind: 'write', text: [...lines, `${key}=${value}`].join('\n') + '\n'};
	const existing = unquote(LINE.exec(lines[index]!)![2]!);
	if (existing === value) return {kind: 'unchanged'};
	if (!replace) return {kind: 'conflict', existing};
	lines[index] = `${key}=${value}`;
	return {kind: 'write', text: lines.join('\n') + '\n'};
}
