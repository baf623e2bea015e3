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
		expect(packed!.files.map(f => f.path).filter(p => !p.startsWith('dist/chunks/')).sort()).toEqual(['README.md', 'bin/crdb-connect.js', 'dist/cli.js', 'package.json']);
		const prefix = path.join(out, 'install');
		// An unreachable registry proves nothing is fetched.
		execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--registry', 'http://127.0.0.1:9', '--prefix', prefix, path.join(out, packed!.filename)], {encoding: 'utf8'});
		const version = execFileSync(path.join(prefix, 'node_modules', '.bin', 'crdb-connect'), ['--version'], {encoding: 'utf8'});
		expect(version.trim()).toBe(pkg.version);
		const help = execFileSync(path.join(prefix, 'node_modules', '.bin', 'crdb-connect'), ['--help'], {encoding: 'utf8'});
		expect(help).toContain('--password-env <NAME>');
	});
});
