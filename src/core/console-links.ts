/**
Links into the CockroachDB Cloud Console for the guided path (no API key). The Console addresses a cluster by
its id (a UUID): given one, the links open the exact pages; given a name, a host or a routing id, they open the
cluster list and say which cluster to pick. Pure. See shared/reference/cloud-api.md §5.4.
*/

/** The Console pages the guided path needs, and which cluster they are for. */
export interface ConsoleLinks {
	/** The cluster as the person will see it in the Console. */
	cluster: string;
	/** Whether the links open the cluster's own pages (its id was known) or the cluster list. */
	exact: boolean;
	networking: string;
	sqlUsers: string;
	connect: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
The cluster's name from a reference: a host (`shop-prod-1234.aws-us-east-1.cockroachlabs.cloud` or
`shop-prod-abc.gcp-us-east1.crdb.io`) loses its suffix; a name or routing id is kept as given.
*/
export function clusterNameOf(ref: string): string {
	const value = ref.trim();
	if (!value.includes('.')) return value;
	// A host's first label is the name plus a short suffix (and internal-/private- for private hosts).
	const label = value.toLowerCase().split('.')[0]!.replace(/^(internal|private)-/, '');
	return label.replace(/-[0-9a-z]{3,6}$/, '');
}

/** The Console links for a cluster reference (id, name, host or routing id). */
export function consoleLinks(origin: string, ref: string | undefined): ConsoleLinks {
	const base = origin.replace(/\/+$/, '');
	const value = ref?.trim() ?? '';
	if (UUID.test(value)) {
		const id = value.toLowerCase();
		return {
			cluster: id,
			exact: true,
			networking: `${base}/cluster/${id}/networking/allowlist`,
			sqlUsers: `${base}/cluster/${id}/users`,
			connect: `${base}/cluster/${id}/overview`,
		};
	}

	const list = `${base}/clusters`;
	return {cluster: value ? clusterNameOf(value) : 'your cluster', exact: false, networking: list, sqlUsers: list, connect: list};
}

/** The links as lines to show, saying what to do on each page. */
export function consoleLinkLines(links: ConsoleLinks): string[] {
	const open = links.exact ? '' : `open ${links.cluster}, then `;
	return [
		`1. allow your network: ${links.networking}  (${open}Networking → IP Allowlist → Add Network)`,
		`2. make a SQL user:   ${links.sqlUsers}  (${open}SQL Users → Add User)`,
		`3. copy the connection string: ${links.connect}  (${open}Connect → Connection string)`,
	];
}
