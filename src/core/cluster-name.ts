/** Names for new CockroachDB Cloud clusters, by the API's rule. Pure. */

/** The API's rule, as its CreateClusterRequest.name describes it. */
const CLUSTER_NAME_RULE = '6–20 characters: lowercase letters, digits and dashes, no dash at either end';

/** Why a name breaks the API's rule (with what to do), or undefined when it is valid. */
export function clusterNameProblem(name: string): string | undefined {
	if (name.length < 6 || name.length > 20) return `"${name}" has ${name.length} characters: a cluster name needs ${CLUSTER_NAME_RULE}`;
	if (!/^[a-z0-9-]+$/.test(name)) return `"${name}" has characters a cluster name cannot hold: use ${CLUSTER_NAME_RULE}`;
	if (name.startsWith('-') || name.endsWith('-')) return `"${name}" starts or ends with a dash: a cluster name needs ${CLUSTER_NAME_RULE}`;
	return undefined;
}

/**
A valid name made from the person's user name ("Ana.María" → "ana-maria-cluster"), not one of `taken`.
Accents are dropped, anything else outside the rule becomes a dash; short names get "-cluster".
*/
export function defaultClusterName(userName: string | undefined, taken: readonly string[] = []): string {
	const base = (userName ?? '')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 12)
		.replace(/-+$/, '');
	const stem = base ? `${base}-cluster` : 'my-cluster';
	const fits = (suffix: string) => `${stem.slice(0, 20 - suffix.length).replace(/-+$/, '')}${suffix}`;
	for (let n = 1; ; n++) {
		const candidate = fits(n === 1 ? '' : `-${n}`);
		if (!taken.includes(candidate)) return candidate;
	}
}
