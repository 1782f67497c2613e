// The scratch project's Vite page: the tutorial example through `import ... from 'poolgrad'`.
import * as poolgrad from 'poolgrad';
import { computeExample } from './example.js';

computeExample(poolgrad).then(
  (results) => {
    window.__poolgradResults = results;
    document.getElementById('out').textContent = JSON.stringify(results.routing);
    document.body.dataset.status = 'done';
  },
  (error) => {
    window.__poolgradError = String(error?.stack ?? error);
    document.body.dataset.status = 'error';
  },
);
