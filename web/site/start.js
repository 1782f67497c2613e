// start.js: the page's entry. It starts loading the library's core at once (the wasm, which the
// page's <head> already fetches, compiles while the rest of the page's JavaScript loads), then
// loads the page itself (main.js). By the time <pool-grad> asks for the core it is ready, and the
// element's first render is complete, with no loading line and no frame in between.
import { init } from '../lib/loader.js';

init().catch(() => {}); // a failure is the element's to show: its own init() tries again
import('./main.js');
