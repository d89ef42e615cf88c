// npm run schema:emit: writes schema/schema.graphql from the code.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { defaultModules } from '../modules';
import { renderSchema, SCHEMA_FILE } from './schema-emit';

const target = path.resolve(process.cwd(), SCHEMA_FILE);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderSchema(defaultModules));
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
