/** Go's time.ParseDuration, for `--lifetime` values such as `8760h` or `1h30m`. Pure. */

const UNIT_MS: Record<string, number> = {ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** Parse a duration into milliseconds; undefined when it is not Go syntax. */
export function parseGoDuration(text: string): number | undefined {
	const trimmed = text.trim();
	if (trimmed === '0') return 0;
	const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(trimmed);
	if (!match) return undefined;
	let total = 0;
	for (const part of trimmed.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
		total += Number(part[1]) * UNIT_MS[part[2]!]!;
	}

	return match[1] === '-' ? -total : total;
}
