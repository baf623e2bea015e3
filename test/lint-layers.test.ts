/**
The layering rule in eslint.config.js, run through ESLint's own Node API on in-memory files: modules under
core/, wizard/, stages/, adapters/, certs/, doctor/ and cloud/ may not import commands/ or front/, statically or with import().
*/
import {ESLint} from 'eslint';
import {describe, expect, it} from 'vitest';

const eslint = new ESLint({cwd: process.cwd()});

/** The layering errors ESLint reports for `code` saved as `file` (a path that need not exist). */
async function layerErrors(code: string, file: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, {filePath: file});
	return result!.messages.filter(m => /must not import commands\/ or front\//.test(m.message)).map(m => `${m.ruleId}:${m.line}`);
}

describe('the import-boundary lint rule', () => {
	it('refuses a static import of front/ or commands/ from an inner module', async () => {
		expect(await layerErrors("import {runPlain} from '../front/plain/run-plain.js';\nexport const x = runPlain;\n", 'src/core/fixture.ts')).toEqual(['no-restricted-imports:1']);
		expect(await layerErrors("export {runCert} from '../commands/cert.js';\n", 'src/certs/fixture.ts')).toEqual(['no-restricted-imports:1']);
	});

	it('refuses a dynamic import() of front/ or commands/, with a literal or a template path', async () => {
		const code = [
			'export async function load(name: string) {',
			"\tawait import('../front/scripted.js');",
			"\tawait import('../../commands/doctor.js');",
			'\treturn import(`../front/${name}.js`);',
			'}',
			'',
		].join('\n');
		for (const dir of ['core', 'wizard', 'stages', 'adapters', 'certs', 'doctor', 'cloud']) {
			expect(await layerErrors(code, `src/${dir}/fixture.ts`)).toEqual(['no-restricted-syntax:2', 'no-restricted-syntax:3', 'no-restricted-syntax:4']);
		}
	});

	it('lets commands/ and front/ import them, and inner modules import names that merely contain the words', async () => {
		const code = "export const a = () => import('../front/scripted.js');\nexport const b = () => import('./frontier.js');\n";
		expect(await layerErrors(code, 'src/commands/fixture.ts')).toEqual([]);
		expect(await layerErrors("export const b = () => import('./frontier.js');\nexport const c = () => import('../core/commands-list.js');\n", 'src/core/fixture.ts')).toEqual([]);
	});
});
