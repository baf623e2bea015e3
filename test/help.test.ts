import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseCli} from '../src/args.js';
import {FLAGS, missingText} from '../src/flags.js';
import {flagLabel, HELP} from '../src/help.js';
import {FLOW} from '../src/wizard/flow.js';

/** The flags named in the first column of README's "## Flags" table. */
function readmeFlags(): Set<string> {
	const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
	const section = readme.split('\n## Flags\n')[1]!.split('\n## ')[0]!;
	const names = new Set<string>();
	for (const line of section.split('\n').filter(l => l.startsWith('| `'))) {
		const first = line.split(' | ')[0]!;
		for (const match of first.matchAll(/`(-{1,2}[a-z][a-z-]*)/g)) names.add(match[1]!);
	}

	return names;
}

describe('the flag table', () => {
	const flags = FLAGS.filter(row => !row.env);

	it('puts every flag into --help, with its value placeholder', () => {
		for (const row of flags) expect(HELP).toContain(`  ${flagLabel(row)}`);
	});

	it('is listed in full in README\'s flag table, and README names no flag the wizard lacks', () => {
		const readme = readmeFlags();
		const missing = flags.filter(row => !readme.has(`--${row.name}`)).map(row => `--${row.name}`);
		expect(missing).toEqual([]);
		const known = new Set(flags.flatMap(row => [`--${row.name}`, ...(row.short ? [`-${row.short}`] : [])]));
		expect([...readme].filter(name => !known.has(name))).toEqual([]);
	});

	it('parses every flag it lists (none is refused as unknown)', () => {
		for (const row of flags) {
			if (row.name === 'help' || row.name === 'version') continue;
			const argv = row.type === 'boolean' ? [`--${row.name}`] : [`--${row.name}`, 'x'];
			const request = parseCli(argv, {x: 'postgresql://h/d'});
			if (request.kind === 'error') expect(request.message).not.toMatch(/Unknown option/);
		}
	});

	it('names a flag (or variable) for every question of the wizard', () => {
		for (const {id} of FLOW.filter(step => step.kind !== 'task')) expect(missingText(id)).not.toMatch(/no flag answers it/);
	});
});
