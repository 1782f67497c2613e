// The scratch project's Node 20 ESM script: node node-check.mjs PATH/TO/cases_seed.json
import { readFileSync } from 'node:fs';
import * as poolgrad from 'poolgrad';
import { checkExample, computeExample } from './example.js';

const seedCases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const problems = checkExample(await computeExample(poolgrad), seedCases);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('ok: the tutorial 6x6 example matches PyTorch (max and avg, stride 2 and 1, forward, backward, routing counts)');
