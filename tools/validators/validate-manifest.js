#!/usr/bin/env node
// Validates the Teams app manifest and its icons.
//
//   node validate-manifest.js <manifest.json>
//
// 1. Schema validation with @microsoft/app-manifest (AppManifestUtils.validateAgainstSchema), using
//    the schema bundled in the package for the manifest's "$schema" URL; nothing is fetched.
// 2. The icon files named in "icons" must exist next to the manifest and be PNGs of the sizes
//    Teams requires (color 192x192, outline and color32x32 32x32, read from the IHDR header).
// 3. The outline icon must be white on a transparent background.
// Prints one line per problem and exits 1, or prints "manifest: ok" and exits 0. Usage error: 2.
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { AppManifestUtils } = require("@microsoft/app-manifest");

const ICON_SIZES = { color: 192, outline: 32, color32x32: 32 };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Directory the package resolves bundled schemas against (build/ inside the package).
const PACKAGE_BUILD_DIR = path.dirname(require.resolve("@microsoft/app-manifest"));

async function validateSchema(manifest, problems) {
  const schemaUrl = manifest.$schema;
  if (typeof schemaUrl !== "string" || schemaUrl.length === 0) {
    problems.push(`"$schema" is missing`);
    return;
  }
  // Without this check the package would try to download an unknown schema over the network.
  const suffix = AppManifestUtils.getLocalSchemaSuffix(schemaUrl);
  if (!suffix || !fs.existsSync(path.join(PACKAGE_BUILD_DIR, suffix))) {
    problems.push(`"$schema" ${schemaUrl} is not a schema bundled with @microsoft/app-manifest`);
    return;
  }
  const errors = await AppManifestUtils.validateAgainstSchema(manifest);
  for (const e of errors) {
    problems.push(`schema: ${e.trim()}`);
  }
}

// Minimal PNG reader: signature, IHDR and (for 8-bit non-interlaced images) the decoded pixels.
function readPng(file) {
  const data = fs.readFileSync(file);
  if (data.length < 33 || !data.subarray(0, 8).equals(PNG_SIGNATURE) || data.toString("latin1", 12, 16) !== "IHDR") {
    throw new Error("not a PNG file");
  }
  const png = {
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
    bitDepth: data[24],
    colorType: data[25],
    interlace: data[28],
    data,
  };
  return png;
}

// Returns RGBA rows for 8-bit, non-interlaced RGBA (6) or grey+alpha (4) images, else null.
function decodePixels(png) {
  const channels = { 6: 4, 4: 2 }[png.colorType];
  if (png.bitDepth !== 8 || png.interlace !== 0 || !channels) {
    return null;
  }
  const idat = [];
  for (let i = 8; i + 8 <= png.data.length; ) {
    const len = png.data.readUInt32BE(i);
    const type = png.data.toString("latin1", i + 4, i + 8);
    if (type === "IDAT") idat.push(png.data.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = png.width * channels;
  const rows = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let add;
      switch (filter) {
        case 0: add = 0; break;
        case 1: add = a; break;
        case 2: add = b; break;
        case 3: add = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter type ${filter}`);
      }
      line[x] = (line[x] + add) & 0xff;
    }
    const row = [];
    for (let x = 0; x < png.width; x++) {
      const o = x * channels;
      row.push(channels === 4 ? [line[o], line[o + 1], line[o + 2], line[o + 3]] : [line[o], line[o], line[o], line[o + 1]]);
    }
    rows.push(row);
    prev = line;
  }
  return rows;
}

function checkIcons(manifest, dir, problems) {
  const icons = manifest.icons;
  if (!icons || typeof icons !== "object") {
    return; // reported by the schema
  }
  for (const [key, size] of Object.entries(ICON_SIZES)) {
    const name = icons[key];
    if (name === undefined) continue;
    if (typeof name !== "string") continue; // reported by the schema
    const file = path.resolve(dir, name);
    if (!fs.existsSync(file)) {
      problems.push(`icons.${key}: ${name} does not exist next to the manifest`);
      continue;
    }
    let png;
    try {
      png = readPng(file);
    } catch (e) {
      problems.push(`icons.${key}: ${name}: ${e.message}`);
      continue;
    }
    if (png.width !== size || png.height !== size) {
      problems.push(`icons.${key}: ${name} is ${png.width}x${png.height}, must be ${size}x${size}`);
    }
    if (key === "outline") {
      checkOutline(png, name, problems);
    }
  }
}

// Teams: the outline icon is white, on a transparent background.
function checkOutline(png, name, problems) {
  const rows = decodePixels(png);
  if (!rows) {
    problems.push(`icons.outline: ${name} must be an 8-bit non-interlaced PNG with an alpha channel`);
    return;
  }
  let transparent = 0;
  let coloured = 0;
  for (const row of rows) {
    for (const [r, g, b, a] of row) {
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) coloured++;
    }
  }
  if (coloured > 0) {
    problems.push(`icons.outline: ${name} has ${coloured} visible pixels that are not white`);
  }
  if (transparent === 0) {
    problems.push(`icons.outline: ${name} has no transparent background`);
  }
}

async function main(argv) {
  if (argv.length !== 1 || argv[0] === "-h" || argv[0] === "--help") {
    console.error("usage: node validate-manifest.js <manifest.json>");
    return 2;
  }
  const file = argv[0];
  let text;
  try {
    text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    console.error(`validate-manifest: cannot read ${file}: ${e.message}`);
    return 2;
  }
  const problems = [];
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    problems.push(`not valid JSON: ${e.message}`);
  }
  if (manifest !== undefined) {
    if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) {
      problems.push("the manifest must be a JSON object");
    } else {
      await validateSchema(manifest, problems);
      checkIcons(manifest, path.dirname(path.resolve(file)), problems);
    }
  }
  const label = path.basename(file);
  for (const p of problems) {
    console.log(`${label}: ${p}`);
  }
  if (problems.length > 0) {
    console.log(`manifest: ${problems.length} problem(s)`);
    return 1;
  }
  console.log("manifest: ok");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`validate-manifest: ${e && e.stack ? e.stack : e}`);
    process.exitCode = 1;
  }
);
