import {readdirSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

// README's "How it is built" says what `ls src` shows; this keeps it true as modules come and go.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.split('\n## How it is built\n')[1]!.split('\n## ')[0]!;
const list = (dir: string) => readdirSync(new URL(`../src/${dir}`, import.meta.url), {withFileTypes: true});

describe('README\'s layout', () => {
	it('names every folder and module at the top of src/', () => {
		const entries = list('').map(e => (e.isDirectory() ? `src/${e.name}/` : `src/${e.name}`));
		expect(entries.filter(name => !section.includes(`\`${name}\``))).toEqual([]);
	});

	it('names every stage file of src/stages/, and the modules that compose them', () => {
		const stages = list('stages').map(e => e.name);
		expect(stages.length).toBeGreaterThanOrEqual(4);
		expect(stages.filter(name => !section.includes(`\`${name}\``))).toEqual([]);
		for (const name of ['flow.ts', 'step-types.ts', 'step-helpers.ts', 'machine.ts', 'ports.ts']) expect(section).toContain(`\`${name}\``);
	});
});
