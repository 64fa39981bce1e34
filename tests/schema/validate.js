// An independent check of the JSON Schemas in schemas/: ajv (with
// ajv-formats) validates YAML files read as yaml-language-server reads
// them (the yaml package, YAML 1.2).  Installed under build/schema-node by
// `make check` (tests/schema/package.json).
//
//   node tests/schema/validate.js SCHEMA.json FILE.yaml...
//       one line per file, "FILE: valid", "FILE: YAML error: ..." or
//       "FILE: invalid: /path: message"; exit 1 unless every file is valid
//   node tests/schema/validate.js --agreement docs/schemas.md DIR=SCHEMA...
//       checks the table of docs/schemas.md against every case of
//       tests/errors/ and tests/styles/sheets/: each row's schema verdict
//       (and for "rejects" the JSON pointer of the value rejected, the
//       first `...` of its last column) must be what the validator finds,
//       and every case must have a row;
//       a case whose file lies in DIR is checked against SCHEMA; prints
//       "N passed, N failed"
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const root = path.resolve(__dirname, '..', '..');
const need = createRequire(path.join(root, 'build', 'schema-node', 'package.json'));
const Ajv = need('ajv');
const addFormats = need('ajv-formats');
const YAML = need('yaml');

const validators = {};
function validator(schemaFile) {
  if (!validators[schemaFile]) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    validators[schemaFile] = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  }
  return validators[schemaFile];
}

// 'valid', 'YAML' or 'invalid', and the first message
function verdict(schemaFile, file) {
  const text = fs.readFileSync(file, 'utf8');
  const docs = YAML.parseAllDocuments(text, { version: '1.2', uniqueKeys: true });
  const bad = (docs.errors || []).concat(...docs.map((d) => d.errors || []));
  if (bad.length)
    return ['YAML', bad[0].message.split('\n')[0]];
  // an editor validates each document of a file on its own
  const validate = validator(schemaFile);
  for (const doc of docs.length ? docs : [null]) {
    let data = null;
    try {
      if (doc)
        data = doc.toJS({ maxAliasCount: -1 });
    } catch (e) {
      return ['YAML', e.message.split('\n')[0]];
    }
    if (validate(data === undefined ? null : data))
      continue;
    // the deepest error: the branches of a block's anyOf that do not
    // match report at the block, the mistake below it
    let e = validate.errors[0];
    for (const x of validate.errors)
      if (x.instancePath.split('/').length > e.instancePath.split('/').length)
        e = x;
    return ['invalid', `${e.instancePath || '/'}: ${e.message}`, e.instancePath || '/'];
  }
  return ['valid', ''];
}

function files(schemaFile, list) {
  let ok = true;
  for (const f of list) {
    const [v, msg] = verdict(schemaFile, f);
    if (v !== 'valid') ok = false;
    console.log(`${f}: ${v === 'valid' ? 'valid' : v === 'YAML' ? 'YAML error: ' + msg : 'invalid: ' + msg}`);
  }
  return ok;
}

// The file a golden case's mistake is in: the first path of its messages.
function caseFile(errFile) {
  const first = fs.readFileSync(errFile, 'utf8').split('\n')[0];
  return first.slice(0, first.indexOf(':'));
}

// pairs: "DIR=SCHEMA": a case whose file lies in DIR is checked against
// SCHEMA (the longest DIR wins)
function agreement(doc, pairs) {
  const schemaOf = (file) => {
    let best = null;
    for (const p of pairs) {
      const [dir, schema] = p.split('=');
      if (file.startsWith(dir + '/') && (!best || dir.length > best[0].length))
        best = [dir, schema];
    }
    if (!best) throw new Error(`no schema given for ${file}`);
    return best[1];
  };
  const rows = {};
  for (const line of fs.readFileSync(doc, 'utf8').split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \| [^|]* \| (rejects|accepts|YAML error) \| ([^|]*) \|$/.exec(line);
    if (m) rows[m[1]] = m[2] === 'rejects' ? `rejects at ${(/^`([^`]*)`/.exec(m[3]) || [])[1]}` : m[2];
  }
  const cases = [];
  for (const dir of ['tests/errors', 'tests/styles/sheets'])
    for (const f of fs.readdirSync(path.join(root, dir)).sort())
      if (f.endsWith('.err')) cases.push(path.join(dir, f));
  let pass = 0, fail = 0;
  for (const err of cases) {
    const name = path.basename(err, '.err');
    const file = caseFile(path.join(root, err));
    const schema = schemaOf(file);
    const [v, msg, at] = verdict(schema, path.join(root, file));
    const found = v === 'valid' ? 'accepts' : v === 'YAML' ? 'YAML error' : `rejects at ${at}`;
    if (!(name in rows)) {
      console.log(`FAIL: ${err} has no row in ${doc} (the schema ${found}: ${msg || 'valid'})`);
      fail++;
    } else if (rows[name] !== found) {
      console.log(`FAIL: ${err}: ${doc} says the schema ${rows[name]}, it ${found} (${msg || file + ' is valid'})`);
      fail++;
    } else {
      pass++;
    }
    delete rows[name];
  }
  for (const name of Object.keys(rows)) {
    console.log(`FAIL: ${doc} has a row for '${name}', which is no golden case`);
    fail++;
  }
  console.log(`${pass} passed, ${fail} failed`);
  return fail === 0;
}

const args = process.argv.slice(2);
if (args[0] === '--agreement')
  process.exit(agreement(args[1], args.slice(2)) ? 0 : 1);
process.exit(files(args[0], args.slice(1)) ? 0 : 1);
