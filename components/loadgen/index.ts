/** The load generator: the program that writes orders into the source MySQL, and its bundle (the component that deploys it: loadGenerator.ts). */
export { pacingDelayMs, runLoadGenerator } from "./generator";
export type { LoadGeneratorOptions, LoadGeneratorStats } from "./generator";
export { loadGeneratorBundle } from "./bundle";
