/** The build's ESM-to-script step for the wizard's bundle (scripts/main-script.mjs), on esbuild's import forms. */
import {createRequire} from 'node:module';
import {Script} from 'node:vm';
import {describe, expect, it} from 'vitest';
// @ts-expect-error -- a build script in plain JavaScript, without types
import {HEAD, toScript} from '../../scripts/main-script.mjs';

/** Run `code` as the entry runs dist/main.js, and return what it handed to exportMain. */
async function run(code: string): Promise<unknown> {
	const bundle = new Script(`${HEAD}${(toScript as (code: string) => string)(code)}\n})`).runInThisContext() as (require: NodeJS.Require, url: string, exportMain: (value: unknown) => void) => Promise<void>;
	let exported: unknown;
	await bundle(createRequire(import.meta.url), 'file:///x/main.js', value => {
		exported = value;
	});
	return exported;
}

describe('toScript', () => {
	it('turns every import form of a built-in into a require() made before any code runs', async () => {
		const code = [
			'function use(){return [typeof a, b("/p/q"), c.sep, typeof d, e === f, j("a", "b")]}',
			// Used before its import statements, as ESM allows: the requires are hoisted.
			'const early=use();',
			'import a from"node:path";import{basename as b}from"node:path";',
			'var x=1;import*as c from"node:path";import d,{default as e,join as j}from"node:path";import f from"path";',
			'import"node:os";__crdbExportMain(early);',
		].join('');
		expect(await run(code)).toEqual(['object', 'q', '/', 'object', true, 'a/b']);
	});

	it('gives import("node:…") the module\'s exports with a default', async () => {
		expect(await run('const m=await import("node:path");__crdbExportMain([m.sep,m.default.sep]);')).toEqual(['/', '/']);
	});

	it('refuses anything else left outside the bundle', () => {
		expect(() => toScript('import x from"left-pad";')).toThrow(/only Node's built-in modules/);
		expect(() => toScript('await import(name);')).toThrow(/named by a literal/);
		expect(() => toScript('await import("./chunk.js");')).toThrow(/named by a literal/);
	});
});
