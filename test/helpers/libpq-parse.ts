/**
libpq's own connection-string parser, reached through Debian's python3-psycopg2 (`parse_dsn` calls libpq's
PQconninfoParse). Every input goes to one Python process as JSON; each answer is libpq's keyword → value map or
its error text.
*/
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';

/** The system Python that has psycopg2 (apt-get install python3-psycopg2), if present. */
export const LIBPQ_PYTHON = ['/usr/bin/python3'].find(p => existsSync(p) && hasPsycopg(p));

function hasPsycopg(python: string): boolean {
	try {
		execFileSync(python, ['-c', 'import psycopg2.extensions'], {stdio: 'pipe'});
		return true;
	} catch {
		return false;
	}
}

const SCRIPT = `
import json, sys
from psycopg2.extensions import parse_dsn
out = []
for text in json.load(sys.stdin):
    try:
        out.append({"values": parse_dsn(text)})
    except Exception as e:
        msg = str(e).strip()
        out.append({"error": msg[len("invalid dsn: "):] if msg.startswith("invalid dsn: ") else msg})
json.dump(out, sys.stdout)
`;

/** libpq's answer for each input, in order. */
export function libpqParse(inputs: readonly string[]): Array<{values: Record<string, string>} | {error: string}> {
	if (!LIBPQ_PYTHON) throw new Error('python3-psycopg2 is not installed: apt-get install -y python3-psycopg2');
	return JSON.parse(execFileSync(LIBPQ_PYTHON, ['-c', SCRIPT], {input: JSON.stringify(inputs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})) as Array<{values: Record<string, string>} | {error: string}>;
}
