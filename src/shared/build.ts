/**
 * Build-time switches. `TEST_BUILD` is true only in the test build (`LENET_TEST_BUILD=1 vite build`,
 * which the e2e tests and the bench serve) and under Vitest; it is a compile-time constant, so a
 * production build drops every test-only path (hooks, fault injection, test configs) as dead code.
 */
declare const __LENET_TEST_BUILD__: boolean;

export const TEST_BUILD: boolean = __LENET_TEST_BUILD__;
