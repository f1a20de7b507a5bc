// Validate CycloneDX JSON files with @cyclonedx/cyclonedx-library's strict validator.
// Usage: NODE_PATH=<folder holding node_modules> node validate.js SPEC_VERSION FILE...
// Exit 0: every file is valid; 1: a file is invalid (its errors are printed); 3: failure.
'use strict'
const fs = require('fs')
const CDX = require('@cyclonedx/cyclonedx-library')

async function main (specVersion, files) {
  const validator = new CDX.Validation.JsonStrictValidator(specVersion)
  let invalid = 0
  for (const file of files) {
    const errors = await validator.validate(fs.readFileSync(file, 'utf8'))
    if (errors === null) {
      console.log(`valid: ${file}`)
    } else {
      invalid += 1
      console.log(`invalid: ${file}\n${JSON.stringify(errors, null, 2)}`)
    }
  }
  return invalid === 0 ? 0 : 1
}

main(process.argv[2], process.argv.slice(3)).then(
  (status) => process.exit(status),
  (error) => { console.error(String(error)); process.exit(3) }
)
