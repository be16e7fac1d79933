/** The counters `stats()` gives for an install with no router: every one zero. */
export { NO_ROUTING_STATS as NO_STATS } from '../../src/core/stats.js'
