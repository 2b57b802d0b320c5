// Generates proto/generated.ts (TypeScript types + the runtime descriptor) from quorate.proto:
// the .proto is the one source of truth; `npm run proto` rewrites, `--check` fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const protoPath = `${here}quorate.proto`;
const outPath = `${here}generated.ts`;

const scalar: Record<string, string> = {
  string: 'string', bool: 'boolean', bytes: 'Uint8Array',
  double: 'number', float: 'number',
  int32: 'number', uint32: 'number', sint32: 'number', fixed32: 'number', sfixed32: 'number',
  int64: 'number', uint64: 'number', sint64: 'number', fixed64: 'number', sfixed64: 'number',
};

/** Renders the generated module for a parsed root; pure, so `--check` can compare. */
export function render(source: string): string {
  const root = protobuf.parse(source, { keepCase: false }).root.resolveAll();
  const pkg = root.lookup('quorate.v1') as protobuf.Namespace;
  const types = pkg.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
  const fact = pkg.lookupType('Fact');
  const body = fact.oneofs['body'];
  if (!body) throw new Error('quorate.proto: message Fact must have `oneof body`');

  const tsType = (f: protobuf.Field): string => {
    const base = scalar[f.type] ?? f.type;
    if (f instanceof protobuf.MapField) return `Record<string, ${scalar[f.type] ?? f.type}>`;
    return f.repeated ? `${base}[]` : base;
  };

  const lines: string[] = [
    '// Generated from proto/quorate.proto by `npm run proto`. Do not edit: change the .proto.',
    '/* eslint-disable */',
    '',
    '/** The protobufjs JSON descriptor of quorate.proto, for the codec. */',
    `export const descriptor = ${JSON.stringify(root.toJSON())} as const;`,
    '',
  ];
  for (const t of types) {
    if (t.name === 'Fact') continue;
    lines.push(`/** quorate.v1.${t.name} */`);
    lines.push(`export interface ${t.name} {`);
    const inOneof = new Set<string>();
    for (const o of t.oneofsArray) {
      for (const f of o.fieldsArray) inOneof.add(f.name);
      lines.push(`  ${o.name}?: ${o.fieldsArray.map((f) => `'${f.name}'`).join(' | ')};`);
    }
    for (const f of t.fieldsArray) {
      const isMessage = f.resolvedType instanceof protobuf.Type && !(f instanceof protobuf.MapField) && !f.repeated;
      const optional = isMessage || inOneof.has(f.name);
      lines.push(`  ${f.name}${optional ? '?' : ''}: ${tsType(f)};`);
    }
    lines.push('}', '');
  }
  const facts = body.fieldsArray;
  lines.push('/** Every fact type, in field-number order. */');
  lines.push(`export const FACT_TYPES = [${facts.map((f) => `'${f.type}'`).join(', ')}] as const;`);
  lines.push('export type FactType = (typeof FACT_TYPES)[number];', '');
  lines.push('/** The body message of each fact type. */');
  lines.push('export interface FactBodies {');
  for (const f of facts) lines.push(`  ${f.type}: ${f.type};`);
  lines.push('}', '');
  lines.push('/** A fact: its type name beside the fields of its message. */');
  lines.push('export type Fact = { [K in FactType]: { type: K } & FactBodies[K] }[FactType];');
  lines.push('/** A fact of one type. */');
  lines.push('export type FactOf<K extends FactType> = { type: K } & FactBodies[K];', '');
  lines.push('/** The `Fact.body` oneof field (camelCase) that carries each type. */');
  lines.push('export const FACT_FIELD: { readonly [K in FactType]: string } = {');
  for (const f of facts) lines.push(`  ${f.type}: '${f.name}',`);
  lines.push('};', '');
  return lines.join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const out = render(readFileSync(protoPath, 'utf8'));
  if (process.argv.includes('--check')) {
    const current = readFileSync(outPath, 'utf8');
    if (current !== out) {
      console.error('proto/generated.ts is stale: run `npm run proto`');
      process.exit(1);
    }
    console.log('proto/generated.ts is up to date');
  } else {
    writeFileSync(outPath, out);
    console.log(`wrote ${outPath}`);
  }
}
