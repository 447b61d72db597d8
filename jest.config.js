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
  testTimeout: 60000,
  // Pulumi's mock runtime and servers under test keep handles briefly after a file ends.
  forceExit: true,
};
