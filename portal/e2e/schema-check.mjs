// Runs the portal's JSON Schema checker (portal/assets/schema.js) on
// cases read as JSON from stdin, [{"schema": …, "body": …}, …], and
// prints the JSON pointers of each case's problems, so that a Go test can
// hold them against the server's answers to the same bodies.

import { check } from '../assets/schema.js';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
console.log(JSON.stringify(cases.map((c) => [...new Set(check(c.schema, c.body).map((e) => e.pointer))].sort())));
