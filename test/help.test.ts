import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseCli} from '../src/args.js';
import {runCert} from '../src/commands/cert.js';
import {parseCertArgs} from '../src/commands/cert-args.js';
import {runDoctorCommand} from '../src/commands/doctor.js';
import {runUrlCommand} from '../src/commands/url.js';
import {CERT_FLAGS, COMMAND_FLAGS, FLAGS, missingText, type CommandFlag} from '../src/flags.js';
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

/** What `crdb-connect <command> --help` prints, run in-process. */
async function subcommandHelp(command: 'doctor' | 'url' | 'cert'): Promise<string> {
	let out = '';
	const io = {out: (t: string) => (out += t), err: (t: string) => (out += t)};
	const code = command === 'doctor' ? await runDoctorCommand(['--help'], {}, io) : command === 'url' ? await runUrlCommand(['--help'], {}, io) : await runCert(['--help'], {}, io);
	expect(code).toBe(0);
	return out;
}

/** The flag labels in the first column of a help text's flag lines (`  --name <value>   text`), in order. */
function helpLabels(help: string): string[] {
	return help.split('\n').filter(line => /^ {2}(-[a-z], )?--[a-z]/.test(line)).map(line => line.trim().split(/ {2,}/)[0]!);
}

/** The first-column flags of the first table in README's section for a subcommand, with the rest of each row. */
function readmeRows(heading: string): Array<{flags: string[]; cells: string[]}> {
	const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
	const section = readme.split(`\n${heading}\n`)[1]!.split('\n## ')[0]!;
	return section.split('\n').filter(l => l.startsWith('| `')).map(line => {
		const cells = line.split(' | ').map(cell => cell.replace(/^\| |\s*\|$/g, ''));
		return {flags: [...cells[0]!.matchAll(/`(-{1,2}[a-z][a-z0-9-]*)/g)].map(m => m[1]!), cells};
	});
}

describe('the subcommands\' flag tables (doctor, url, cert)', () => {
	const headings = {doctor: '## `crdb-connect doctor <url>`', url: '## `crdb-connect url`', cert: '## `crdb-connect cert`'} as const;

	for (const command of ['doctor', 'url', 'cert'] as const) {
		it(`${command} --help lists exactly its table's rows, in order, with their placeholders`, async () => {
			expect(helpLabels(await subcommandHelp(command))).toEqual(COMMAND_FLAGS[command].map(row => flagLabel(row)));
		});

		it(`README's ${command} flag table names exactly its table's flags`, () => {
			const readme = readmeRows(headings[command]).flatMap(row => row.flags).sort();
			const table = COMMAND_FLAGS[command].flatMap(row => [`--${row.name}`, ...(row.short ? [`-${row.short}`] : [])]).sort();
			expect(readme).toEqual(table);
		});

	}

	it('cert takes each flag on exactly the subcommands its row names (`only`), and refuses it on the others', () => {
		const subcommands = ['create-ca', 'create-node', 'create-client', 'list'];
		const positional: Record<string, string[]> = {'create-node': ['localhost'], 'create-client': ['alice']};
		for (const row of CERT_FLAGS.filter(r => r.name !== 'help') as readonly CommandFlag[]) {
			for (const sub of subcommands) {
				const result = parseCertArgs([sub, ...positional[sub] ?? [], `--${row.name}`, ...(row.type === 'string' ? ['2048'] : [])], {}, '/home/u', '/work');
				const refused = result.kind === 'error' && result.message.startsWith(`unknown flag: --${row.name} `);
				expect(refused, `${sub} --${row.name}`).toBe(Boolean(row.only && !row.only.includes(sub)));
			}
		}
	});

	it('README\'s cert table names the subcommands that take each flag, as the table\'s `only` does', () => {
		const create = ['create-ca', 'create-node', 'create-client'];
		for (const {flags, cells} of readmeRows(headings.cert)) {
			const row = CERT_FLAGS.find(r => flags.includes(`--${r.name}`))! as CommandFlag;
			const named = cells[1] === 'all' ? undefined : cells[1] === 'create-*' ? create : cells[1]!.split(', ');
			expect(row.only ? [...row.only] : undefined, row.name).toEqual(named);
		}
	});
});
