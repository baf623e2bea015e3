/** The published shape: one tarball with no runtime dependencies that installs and runs with no registry. */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

describe('npm pack', () => {
	it('makes one tarball that installs offline and runs', () => {
		const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string; dependencies?: object};
		expect(pkg.dependencies).toBeUndefined();
		const out = mkdtempSync(path.join(os.tmpdir(), 'crdb-pack-'));
		// The suite has just built dist/, so skip the prepack build.
		const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {encoding: 'utf8'})) as Array<{filename: string; files: Array<{path: string}>}>;
		expect(packed!.files.map(f => f.path).sort()).toEqual(['LICENSE', 'README.md', 'bin/crdb-connect.js', 'dist/THIRD_PARTY_NOTICES.md', 'dist/cli.js', 'dist/main.js', 'dist/main.js.LEGAL.txt', 'package.json']);
		const prefix = path.join(out, 'install');
		// An unreachable registry proves nothing is fetched.
		execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--registry', 'http://127.0.0.1:9', '--prefix', prefix, path.join(out, packed!.filename)], {encoding: 'utf8'});
		const version = execFileSync(path.join(prefix, 'node_modules', '.bin', 'crdb-connect'), ['--version'], {encoding: 'utf8'});
		expect(version.trim()).toBe(pkg.version);
		const help = execFileSync(path.join(prefix, 'node_modules', '.bin', 'crdb-connect'), ['--help'], {encoding: 'utf8'});
		expect(help).toContain('--password-env <NAME>');
	});

	it('names every bundled package, with its licence text, in the notices it ships', () => {
		// The build keeps esbuild's metafile (unpublished): it lists every file that went into dist/.
		const meta = JSON.parse(readFileSync('.cache/build-meta.json', 'utf8')) as {outputs: Record<string, {inputs: Record<string, unknown>}>};
		const packages = new Set<string>();
		for (const output of Object.values(meta.outputs)) {
			for (const input of Object.keys(output.inputs)) {
				const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
				if (!match) continue;
				const pkg = JSON.parse(readFileSync(path.join(match[1]!, 'package.json'), 'utf8')) as {name: string; version: string};
				packages.add(`${pkg.name} ${pkg.version}`);
			}
		}

		const notices = readFileSync('dist/THIRD_PARTY_NOTICES.md', 'utf8');
		const listed = new Set([...notices.matchAll(/^## (.+)$/gm)].map(m => m[1]!));
		expect(packages.size).toBeGreaterThan(50);
		for (const name of ['ink 6.8.0', 'react 19.2.4', 'node-forge 1.4.3', 'execa 9.6.0', '@inquirer/prompts 8.7.5', 'pg 8.23.1']) expect(packages).toContain(name);
		expect([...packages].filter(name => !listed.has(name))).toEqual([]);
		// Each entry carries a licence text, not just a name.
		for (const entry of notices.split(/^## /m).slice(1)) expect(entry).toMatch(/\nLicence: [^\n]+\n\n(?!\(No licence text in the package)\S/);
		expect(notices).toContain('Permission is hereby granted, free of charge');
		// Ink's devtools (react-devtools-core and its `ws` polyfill) load only with DEV=true: not shipped.
		expect([...packages].some(name => /^(ws|react-devtools-core) /.test(name))).toBe(false);
	});
});
