/** Jest: TypeScript through ts-jest in transpile-only mode (type-checking is `npm run build`). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/components", "<rootDir>/policy", "<rootDir>/tools", "<rootDir>/sql", "<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
  },
  globalSetup: "<rootDir>/test/support/globalSetup.ts",
  globalTeardown: "<rootDir>/test/support/globalTeardown.ts",
  // Generous for a loaded 2-core CI: a program run under the mock runtime (test/program, test/policy)
  // took 60-240 s here with other work on the machine (load average 12-16); no test asserts on time.
  testTimeout: 480000,
  // Pulumi's mock runtime and servers under test keep handles briefly after a file ends.
  forceExit: true,
};
