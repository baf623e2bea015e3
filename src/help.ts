/** The --help text, drawn from the flag table (src/flags.ts); README's flag table is checked against it. */
import {FLAGS, SECTIONS, type FlagRow, type FlagSpec} from './flags.js';

const COLUMN = 24;

/** The left column of a row: `-y, --yes`, `--host <name>` or an environment variable's name. */
export function flagLabel(row: FlagSpec & {env?: boolean}): string {
	if (row.env) return row.name;
	return `${row.short ? `-${row.short}, ` : ''}--${row.name}${row.value ? ` <${row.value}>` : ''}`;
}

function renderRow(row: FlagRow | FlagSpec, column = COLUMN): string {
	const [first, ...more] = row.help.split('\n');
	const label = flagLabel(row);
	// A label too long for the column gets a line of its own.
	const lines = label.length < column ? [`  ${label.padEnd(column)}${first}`] : [`  ${label}`, `${' '.repeat(column + 2)}${first}`];
	for (const line of more) lines.push(`${' '.repeat(column + 2)}${line}`);
	return lines.join('\n');
}

/** A subcommand's flag table as --help lines, the text starting `column` characters after the indent. */
export function flagLines(rows: readonly FlagSpec[], column = COLUMN): string {
	return rows.map(row => renderRow(row, column)).join('\n');
}

const sections = SECTIONS.map(({id, title}) => [title, ...FLAGS.filter(row => row.section === id).map(row => renderRow(row))].join('\n')).join('\n\n');

/** The --help text. */
export const HELP = `crdb-connect — from "I have a CockroachDB cluster" to a SQL shell on it

Usage
  crdb-connect [options]
  crdb-connect url [flags] [--format NAME|--json] [--dotenv FILE]  (see crdb-connect url --help)
  crdb-connect doctor <url>                                          (see crdb-connect doctor --help)
  crdb-connect cert create-ca|create-node|create-client|list [flags]   (see crdb-connect cert --help)

With no options on a terminal, a wizard asks for everything (Esc goes back, Ctrl-C quits).
Without a terminal, or with --yes, nothing is asked: missing answers are an error that names the flags.

${sections}

Exit status: the SQL shell's own status after a hand-off; 0 when done without one; 1 on a failed check;
2 on bad or missing flags; 130 when cancelled with Ctrl-C.
`;
