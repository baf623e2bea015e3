import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		globalSetup: ['test/helpers/global-pg.ts'],
		// Ink renders only its last frame when CI=true (ink-notes §4.2); colours off for plain-text assertions.
		env: {CI: 'false', FORCE_COLOR: '0'},
		pool: 'forks',
		testTimeout: 30_000,
		hookTimeout: 60_000,
	},
});
