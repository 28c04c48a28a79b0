import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
const j = await parse('main.tf', readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify(eval('j' + process.argv[3]), null, 1).slice(0, 3000));
