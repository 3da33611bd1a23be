// The browser's way to the chart parts. A `.client` module is empty in the server build, which
// keeps this dynamic import() out of build/index.js: the server loads its build through tsx, and
// a module with a dynamic import there cost the server some 170 MB of resident memory from the
// start (issue 18; tests/e2e/bundle.e2e.ts holds the server build to none).
export const importRecharts = () => import('./recharts-used')
