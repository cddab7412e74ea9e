#!/usr/bin/env node
// Type-checks every Slack Block Kit message the bot can send.
//
//   node validate-blocks.js <dir>
//
// Reads each *.json file directly inside <dir> (one message per file: { "text": "...", "blocks": [...] }) and
// checks its `blocks` against `KnownBlock[]` from @slack/types with the TypeScript compiler (strict, excess
// property checks on), all files in one compiler run. Slack publishes no validator; its own type definitions
// catch unknown block types, misspelt or misplaced properties and wrong value types, not length limits.
// Prints one line per problem ("FILE:LINE: message") and a summary line ("blocks: N checked, M with errors").
// Exit codes: 0 all messages valid, 1 at least one problem (or no files found), 2 usage error.
"use strict";

const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const HEADER = 'import type { KnownBlock } from "@slack/types";\n';
// The virtual sources live next to node_modules so "@slack/types" resolves from here.
const VIRTUAL_DIR = path.join(__dirname, "__slack_messages__");

function sourceFor(message) {
  // JSON is valid TypeScript expression syntax; the annotation makes every object literal a fresh, checked one.
  return `${HEADER}export const text: string = ${JSON.stringify(message.text)};\nexport const blocks: KnownBlock[] = ${JSON.stringify(message.blocks, null, 2)};\n`;
}

function main(argv) {
  if (argv.length !== 1 || argv[0] === "-h" || argv[0] === "--help") {
    console.error("usage: node validate-blocks.js <dir>");
    return 2;
  }
  const dir = argv[0];
  let files;
  try {
    files = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.toLowerCase().endsWith(".json"))
      .map((d) => d.name)
      .sort();
  } catch (e) {
    console.error(`validate-blocks: cannot read directory ${dir}: ${e.message}`);
    return 2;
  }

  const problems = new Map(files.map((f) => [f, []]));
  const sources = new Map();
  for (const name of files) {
    try {
      const message = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8").replace(/^\uFEFF/, ""));
      if (message === null || typeof message !== "object" || !Array.isArray(message.blocks)) {
        problems.get(name).push("expected an object with a `blocks` array");
        continue;
      }
      sources.set(path.join(VIRTUAL_DIR, `${sources.size}.ts`), { name, text: sourceFor(message) });
    } catch (e) {
      problems.get(name).push(`not valid JSON: ${e.message}`);
    }
  }

  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (sources.has(path.resolve(f)) ? sources.get(path.resolve(f)).text : readFile(f));
  host.fileExists = (f) => sources.has(path.resolve(f)) || fileExists(f);
  host.getSourceFile = (f, languageVersion, onError, shouldCreate) =>
    sources.has(path.resolve(f))
      ? ts.createSourceFile(f, sources.get(path.resolve(f)).text, languageVersion, true)
      : getSourceFile(f, languageVersion, onError, shouldCreate);

  if (sources.size > 0) {
    const program = ts.createProgram([...sources.keys()], options, host);
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
      const source = d.file && sources.get(path.resolve(d.file.fileName));
      if (!source) {
        // A problem outside the messages (e.g. @slack/types missing) makes every result meaningless.
        console.log(`typescript: ${message}`);
        return 1;
      }
      const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      problems.get(source.name).push(`line ${line + 1}: ${message}`);
    }
  }

  let withErrors = 0;
  for (const name of files) {
    for (const p of problems.get(name)) console.log(`${name}: ${p}`);
    if (problems.get(name).length > 0) withErrors++;
  }
  if (files.length === 0) console.log(`${dir}: no *.json files found`);
  console.log(`blocks: ${files.length} checked, ${withErrors} with errors`);
  return withErrors > 0 || files.length === 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
