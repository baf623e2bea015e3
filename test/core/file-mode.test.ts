import {describe, expect, it} from 'vitest';
import {formatFileMode, keyPermissionProblem, maxKeyMode} from '../../src/core/file-mode.js';

describe('key file permissions', () => {
	it('prints modes as Go does', () => {
		expect(formatFileMode(0o644)).toBe('-rw-r--r--');
		expect(formatFileMode(0o700)).toBe('-rwx------');
		expect(formatFileMode(0o740)).toBe('-rwxr-----');
	});

	it('allows 0740 only for a key owned by root and the process group', () => {
		expect(maxKeyMode({uid: 0, gid: 5}, 5)).toBe(0o740);
		expect(maxKeyMode({uid: 0, gid: 6}, 5)).toBe(0o700);
		expect(maxKeyMode({uid: 1000, gid: 5}, 5)).toBe(0o700);
	});

	it('refuses group or world access with cockroach\'s message', () => {
		expect(keyPermissionProblem('certs/node.key', 0o100644, 0o700)).toBe('key file certs/node.key has permissions -rw-r--r--, exceeds -rwx------');
		expect(keyPermissionProblem('certs/node.key', 0o100600, 0o700)).toBeUndefined();
		expect(keyPermissionProblem('certs/node.key', 0o100640, 0o740)).toBeUndefined();
	});
});
