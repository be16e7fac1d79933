/**
 * The repo's `bench/` harness's one entry into the CLI: the measuring pieces `pulya bench` and
 * `bench/` share, so both measure the same way. `bench/` is not published and imports the build
 * (`dist/esm/cli/bench-kit.js`; every bench script builds first), never another CLI file, so the
 * CLI's files can move without breaking it. Internal: not in package.json "exports".
 */
export { autocannonRequests, importAutocannon, runLoad } from './load-generator.js'
export { LOADER_CPU, SERVER_CPU, detectPinning, pinnedCommand, spawnPinned } from './pinning.js'
export { IpcPeer } from './ipc-peer.js'
export { waitIdle } from './bench-run.js'
export { median } from './median.js'
export { bars, escapeXml, num } from './chart.js'
