// npm run docs:permissions: rewrites the README's permissions table from the modules' permission tables.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultModules } from '../modules';
import { withPermissionsTable } from './permissions-doc';

const file = path.join(__dirname, '..', '..', 'README.md');
writeFileSync(file, withPermissionsTable(readFileSync(file, 'utf8'), defaultModules));
process.stdout.write('README.md: permissions table written\n');
