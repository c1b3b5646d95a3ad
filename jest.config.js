/** ts-jest's ESM preset: the project is native ESM, so tests run with --experimental-vm-modules. */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/tests/bench/'],
  // Sources import with `.js` (NodeNext); map back to the `.ts` file for ts-jest.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // One seeded database for the whole run; each suite copies it (tests/support/template.ts).
  globalSetup: '<rootDir>/tests/support/global-setup.js',
  globalTeardown: '<rootDir>/tests/support/global-teardown.js',
  testTimeout: 60_000,
};
