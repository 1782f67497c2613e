// The scratch project's Vite page: the tutorial example through `import ... from 'poolgrad'`.
import * as poolgrad from 'poolgrad';
import { reportExample } from './example.js';

reportExample(poolgrad);
