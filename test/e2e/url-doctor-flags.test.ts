/** `url --format`/`--json` and the subcommands' -h/--help through the real binary (the --dotenv flags: hostile.test.ts). */
import {describe, expect, it} from 'vitest';
import {FORMATS} from '../../src/core/connection-formats.js';
import {runCli, type CliResult} from '../helpers/cli.js';

const connection = ['--host', 'db.example', '--user', 'app', '--sslmode', 'disable'];

describe('url and doctor flags through the real binary', () => {
	it('url --format prints that one format; --json every format; an unknown format is a usage error', async () => {
		const pgx = await runCli(['url', ...connection, '--format', 'node-pg'], {env: {HOME: '/nonexistent'}});
		expect(pgx.code, pgx.stderr).toBe(0);
		expect(pgx.stdout).toContain('host: "db.example"');
		expect(pgx.stdout).toContain('password: process.env.COCKROACH_PASSWORD');
		const all = await runCli(['url', ...connection, '--json'], {env: {HOME: '/nonexistent'}});
		expect(all.code, all.stderr).toBe(0);
		const parsed = JSON.parse(all.stdout) as Record<string, string>;
		expect(Object.keys(parsed)).toEqual([...FORMATS]);
		expect(parsed.url).toBe('postgresql://app@db.example:26257/defaultdb?sslmode=disable');
		const bad = await runCli(['url', ...connection, '--format', 'cobol']);
		expect(bad).toMatchObject({code: 2, stdout: ''});
		expect(bad.stderr).toBe(`crdb-connect: unknown --format "cobol": use one of ${FORMATS.join(', ')}\n`);
	});

	/** Both forms print the same help, naming the command and listing a flag of its own and -h, --help; exit 0. */
	async function sameHelp(command: string, long: Promise<CliResult>, short: Promise<CliResult>, own: string) {
		const [a, b] = await Promise.all([long, short]);
		expect(a.code).toBe(0);
		expect(a.stdout).toMatch(new RegExp(`^crdb-connect ${command} — `));
		expect(a.stdout).toContain('  -h, --help              show this help');
		expect(a.stdout).toContain(own);
		expect(b).toEqual(a);
	}

	it('url -h and --help print the same help', async () => {
		await sameHelp('url', runCli(['url', '--help']), runCli(['url', '-h']), '  --dotenv-key <key>');
	});

	it('doctor -h and --help print the same help', async () => {
		await sameHelp('doctor', runCli(['doctor', '--help']), runCli(['doctor', '-h']), '  --timeout <duration>');
	});
});
