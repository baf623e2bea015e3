// Third-party notices for the bundle: every npm package esbuild put into dist/, named with its version and
// licence, followed by the licence text it ships. Built from esbuild's metafile, so a dependency that starts
// being bundled is listed without anyone editing a list.
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';

/** The package directory (…/node_modules/name or …/node_modules/@scope/name) that holds a bundled input. */
export function packageDirOf(input) {
	const parts = input.split('/');
	const at = parts.lastIndexOf('node_modules');
	if (at === -1) return undefined;
	const width = parts[at + 1]?.startsWith('@') ? 2 : 1;
	return parts.slice(0, at + 1 + width).join('/');
}

/** Every package directory whose files esbuild bundled into the output, by the metafile. */
export function bundledPackageDirs(metafile) {
	const dirs = new Set();
	for (const output of Object.values(metafile.outputs)) {
		for (const input of Object.keys(output.inputs)) {
			const dir = packageDirOf(input);
			if (dir) dirs.add(dir);
		}
	}

	return [...dirs].sort();
}

const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following
conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions
of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
IN THE SOFTWARE.`;

/** The README's licence section (some packages put their licence only there), or ''. */
function readmeLicence(readme) {
	const lines = readme.split('\n');
	const start = lines.findIndex(line => /^#{1,4}\s*licen[cs]e\b/i.test(line));
	if (start === -1) return '';
	const level = /^#+/.exec(lines[start])[0].length;
	let end = start + 1;
	while (end < lines.length && !(new RegExp(`^#{1,${level}}\\s`).test(lines[end]))) end++;
	return lines.slice(start + 1, end).join('\n').trim();
}

/** The licence text a package ships: its licence files, else its README's licence section; '' if neither. */
async function licenceText(dir) {
	const names = await readdir(dir);
	const files = names.filter(name => /^(licen[cs]e|copying|notice)(\.|-|$)/i.test(name)).sort();
	const texts = [];
	for (const name of files) texts.push((await readFile(path.join(dir, name), 'utf8')).trim());
	if (texts.length > 0) return texts.join('\n\n');
	const readme = names.find(name => /^readme(\.|$)/i.test(name));
	return readme ? readmeLicence(await readFile(path.join(dir, readme), 'utf8')) : '';
}

/** When a package ships no text: the standard MIT terms under its package.json author, or say so plainly. */
function fallbackText(pkg, licence) {
	const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
	if (licence === 'MIT') return `(No licence file in the package; package.json says MIT${author ? `, author ${author}` : ''}. The MIT terms:)\n\nCopyright (c) ${author ?? `the ${pkg.name} authors`}\n\n${MIT}`;
	return `(No licence text in the package; package.json says ${licence}.)`;
}

/** The notices file's text for the given package directories. */
export async function noticesText(dirs) {
	const entries = new Map();
	for (const dir of dirs) {
		const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
		const key = `${pkg.name}@${pkg.version}`;
		if (entries.has(key)) continue;
		const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? (pkg.licenses ?? []).map(l => l.type).join(' OR ') ?? 'UNKNOWN';
		const text = await licenceText(dir);
		entries.set(key, `## ${pkg.name} ${pkg.version}\n\nLicence: ${licence}\n\n${text || fallbackText(pkg, licence)}\n`);
	}

	const sorted = [...entries.keys()].sort().map(key => entries.get(key));
	return `# Third-party notices\n\ncrdb-connect's bundle (dist/) includes the following ${sorted.length} npm packages. Each is listed with\nits version, its licence, and the licence text it ships.\n\n${sorted.join('\n')}`;
}
