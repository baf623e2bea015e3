import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// The secret scan runs over all output and the hostile suites' files once the run ends (global-secret-scan.ts).
		globalSetup: ['test/helpers/global-pg.ts', 'test/helpers/global-secret-scan.ts'],
		// Ink renders only its last frame when CI=true (ink-notes §4.2); colours off for plain-text assertions.
		env: {CI: 'false', FORCE_COLOR: '0'},
		pool: 'forks',
		testTimeout: 30_000,
		hookTimeout: 60_000,
	},
});
