/**
 * The two builds the e2e suite serves, written once: `playwright.config.ts` runs them before serving
 * (unless `npm test` built them already), and `scripts/test.ts` runs them beside the unit tests.
 */
/** The test build (hooks and fault injection compiled in), in `dist/`. */
export const TEST_BUILD_CMD = 'LENET_TEST_BUILD=1 npx vite build --logLevel warn';
/** The production build, in `dist-prod/`. */
export const PROD_BUILD_CMD = 'npx vite build --outDir dist-prod --emptyOutDir --logLevel warn';
