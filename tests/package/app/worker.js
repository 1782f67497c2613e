// The scratch project's module worker: the installed package by its published path (as a page
// served with its node_modules would load it), the tutorial example computed off the main thread.
import * as poolgrad from '/node_modules/poolgrad/dist/poolgrad.js';
import { computeExample } from './example.js';

computeExample(poolgrad).then(
  (results) => postMessage({ results }),
  (error) => postMessage({ error: String(error?.stack ?? error) }),
);
