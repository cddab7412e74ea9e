#!/usr/bin/env node
// Validates every Adaptive Card the bot can send.
//
//   node validate-cards.js <dir>
//
// Reads each *.json file directly inside <dir> (one Adaptive Card object per file), parses it with
// the Adaptive Cards JavaScript library and adds the checks the library does not make itself.
// Prints one line per problem ("FILE: message") and a summary line
// ("cards: N checked, M with errors").
// Exit codes: 0 all cards valid, 1 at least one problem (or no cards found), 2 usage error.
"use strict";

const fs = require("fs");
const path = require("path");
// The package's "main" entry does not load in Node; the UMD bundle does, and needs no DOM to parse.
const AC = require("adaptivecards/dist/adaptivecards.js");

// Highest card version Teams renders for bots.
const MAX_VERSION = "1.5";

// Library events that are advice rather than faults. Hint is only raised for a ColumnSet mixing
// weighted and "stretch" column widths, which renders fine (in 3.0.6 parsed widths are never plain
// numbers, so it does not fire for JSON input at all). Everything else is an error, including
// RequiredInputsShouldHaveLabel/ErrorMessage: without them a required input fails silently.
const ACCEPTED_EVENTS = new Set([AC.ValidationEvent.Hint]);

// Required properties the library does not check (Adaptive Cards 1.5 schema). The library already
// reports a missing Input.*.id and Action.OpenUrl.url, so those are not repeated here.
const REQUIRED = {
  TextBlock: [["text", "non-empty string"]],
  TextRun: [["text", "non-empty string"]],
  Image: [["url", "non-empty string"]],
  ImageSet: [["images", "array"]],
  Media: [["sources", "non-empty array"]],
  RichTextBlock: [["inlines", "array"]],
  FactSet: [["facts", "non-empty array"]],
  Container: [["items", "array"]],
  TableCell: [["items", "array"]],
  ActionSet: [["actions", "non-empty array"]],
  "Input.Toggle": [["title", "non-empty string"]],
  "Action.ShowCard": [["card", "object"]],
  "Action.ToggleVisibility": [["targetElements", "array"]],
};

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function hasShape(value, shape) {
  switch (shape) {
    case "non-empty string":
      return typeof value === "string" && value.trim().length > 0;
    case "array":
      return Array.isArray(value);
    case "non-empty array":
      return Array.isArray(value) && value.length > 0;
    case "object":
      return isObject(value);
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

// "1.5" -> [1, 5]; anything else -> null.
function parseVersion(v) {
  const m = typeof v === "string" ? /^(\d+)\.(\d+)$/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function compareVersions(a, b) {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

// Walks the raw JSON (not the parsed card, which has already dropped what it did not understand).
// `where` is a JSON-pointer-like path used in messages. Action data payloads are not descended
// into: they are the bot's own objects and may legitimately contain a "type" key.
function checkRaw(node, where, problems) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkRaw(item, `${where}/${i}`, problems));
    return;
  }
  if (!isObject(node)) {
    return;
  }
  const type = typeof node.type === "string" ? node.type : undefined;
  const label = type ? `${type} at ${where || "/"}` : where || "/";

  if (type === "Action.Submit" || type === "Action.Execute") {
    if (type === "Action.Submit" && !("data" in node)) {
      problems.push(`${label}: Action.Submit has no "data" object`);
    } else if ("data" in node && !isObject(node.data)) {
      problems.push(`${label}: "data" must be a JSON object, got ${describe(node.data)}`);
    }
  }

  for (const [prop, shape] of REQUIRED[type] || []) {
    if (!hasShape(node[prop], shape)) {
      problems.push(`${label}: required property "${prop}" must be a ${shape}, got ${describe(node[prop])}`);
    }
  }

  if (type === "FactSet" && Array.isArray(node.facts)) {
    node.facts.forEach((fact, i) => {
      for (const key of ["title", "value"]) {
        if (!isObject(fact) || typeof fact[key] !== "string") {
          problems.push(`${label}: facts[${i}].${key} must be a string`);
        }
      }
    });
  }
  if (type === "Input.ChoiceSet" && Array.isArray(node.choices)) {
    node.choices.forEach((choice, i) => {
      for (const key of ["title", "value"]) {
        if (!isObject(choice) || typeof choice[key] !== "string") {
          problems.push(`${label}: choices[${i}].${key} must be a string`);
        }
      }
    });
  }
  if (type === "AdaptiveCard") {
    for (const prop of ["body", "actions"]) {
      if (prop in node && !Array.isArray(node[prop])) {
        problems.push(`${label}: "${prop}" must be an array, got ${describe(node[prop])}`);
      }
    }
  }

  for (const [key, value] of Object.entries(node)) {
    if (key === "data" && type && type.startsWith("Action.")) {
      continue;
    }
    checkRaw(value, `${where}/${key}`, problems);
  }
}

function describe(v) {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "string" ? `string ${JSON.stringify(v)}` : typeof v;
}

function validateCard(json) {
  const problems = [];

  if (!isObject(json)) {
    return [`the file must hold one JSON object, got ${describe(json)}`];
  }
  if (json.type !== "AdaptiveCard") {
    problems.push(`"type" must be "AdaptiveCard", got ${describe(json.type)}`);
  }

  // Parse at the card's own version, so properties and elements newer than it are reported.
  const max = parseVersion(MAX_VERSION);
  let target = AC.Versions.v1_5;
  if (json.version === undefined) {
    problems.push(`"version" is missing`);
  } else {
    const v = parseVersion(json.version);
    if (!v) {
      problems.push(`"version" must be a string like "1.5", got ${describe(json.version)}`);
    } else if (compareVersions(v, max) > 0) {
      problems.push(`"version" ${json.version} is newer than ${MAX_VERSION}, the highest Teams renders`);
    } else {
      target = AC.Versions[`v${v[0]}_${v[1]}`] || target;
    }
  }

  checkRaw(json, "", problems);

  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(target);
  try {
    card.parse(json, context);
  } catch (e) {
    problems.push(`the Adaptive Cards library could not parse the card: ${e.message}`);
    return problems;
  }
  const events = [];
  for (let i = 0; i < context.eventCount; i++) {
    events.push(context.getEventAt(i));
  }
  events.push(...card.validateProperties().validationEvents);
  for (const e of events) {
    if (!ACCEPTED_EVENTS.has(e.event)) {
      problems.push(`${AC.ValidationEvent[e.event] || e.event}: ${e.message}`);
    }
  }
  return problems;
}

function main(argv) {
  if (argv.length !== 1 || argv[0] === "-h" || argv[0] === "--help") {
    console.error("usage: node validate-cards.js <dir>");
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
    console.error(`validate-cards: cannot read directory ${dir}: ${e.message}`);
    return 2;
  }

  let withErrors = 0;
  for (const name of files) {
    let problems;
    try {
      const text = fs.readFileSync(path.join(dir, name), "utf8").replace(/^\uFEFF/, "");
      problems = validateCard(JSON.parse(text));
    } catch (e) {
      problems = [`not valid JSON: ${e.message}`];
    }
    for (const p of problems) {
      console.log(`${name}: ${p}`);
    }
    if (problems.length > 0) {
      withErrors++;
    }
  }
  if (files.length === 0) {
    console.log(`${dir}: no *.json files found`);
  }
  console.log(`cards: ${files.length} checked, ${withErrors} with errors`);
  return withErrors > 0 || files.length === 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
