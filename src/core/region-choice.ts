/** Choosing a region: the nearest by measured latency, or (for new clusters) by the API's distance. Pure. */

/** One region's measured round trip; `ms` is absent when it did not answer in time. */
export interface RegionLatency {
	name: string;
	ms?: number;
	/** Why it is unreachable (refused, no answer within the budget, …). */
	problem?: string;
}

/** The region that answered fastest, if any answered. */
export function fastestRegion(measured: readonly RegionLatency[]): RegionLatency | undefined {
	return measured.filter(m => m.ms !== undefined).sort((a, b) => a.ms! - b.ms!)[0];
}

/** Differences smaller than this are noise on one connect: the primary region is kept. */
const LATENCY_MARGIN_MS = 5;

/** The region to suggest: the fastest, unless the primary answered within the margin of it. */
export function preferredRegion(measured: readonly RegionLatency[], primary?: string): RegionLatency | undefined {
	const fastest = fastestRegion(measured);
	const first = measured.find(m => m.name === primary);
	if (fastest && first?.ms !== undefined && first.ms - fastest.ms! < LATENCY_MARGIN_MS) return first;
	return fastest;
}

/** "12 ms" or "unreachable", as shown beside a region. */
export function latencyLabel(measured: RegionLatency | undefined): string {
	if (!measured) return 'not measured';
	return measured.ms === undefined ? 'unreachable' : `${Math.max(1, Math.round(measured.ms))} ms`;
}

/** One line saying what was measured and which region was chosen, and why. */
export function latencySummary(measured: readonly RegionLatency[], budgetMs: number, primary?: string): string {
	const fastest = fastestRegion(measured);
	const all = measured.map(m => `${m.name} ${latencyLabel(m)}`).join(', ');
	if (!fastest) return `no region answered within ${budgetMs / 1000} s (${all}): the primary region is suggested`;
	const chosen = preferredRegion(measured, primary)!;
	if (chosen.name !== fastest.name) return `${all}; keeping the primary ${chosen.name} (within ${LATENCY_MARGIN_MS} ms of the fastest)`;
	return `${all}; nearest: ${fastest.name} (answered first)`;
}

/** A region a new cluster can be created in, as the available-regions endpoint lists it. */
export interface AvailableRegion {
	provider: string;
	name: string;
	location: string;
	/** Miles from the caller's IP address, as the API computes it. */
	distance: number;
}

/** The nearest region, optionally of one cloud. */
export function nearestAvailable(regions: readonly AvailableRegion[], provider?: string): AvailableRegion | undefined {
	return regions.filter(r => provider === undefined || r.provider === provider).sort((a, b) => a.distance - b.distance)[0];
}

/** The clouds that offer regions, nearest first. */
export function cloudsByDistance(regions: readonly AvailableRegion[]): string[] {
	return [...new Set([...regions].sort((a, b) => a.distance - b.distance).map(r => r.provider))];
}

/** "us-east1 — South Carolina, 310 mi". */
export function availableRegionLabel(region: AvailableRegion): string {
	return `${region.name} — ${region.location}, ${Math.round(region.distance).toLocaleString('en-US')} mi`;
}
