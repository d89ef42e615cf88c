// npm run token -- --role ADMIN [--role ...] [--sub rm-01] [--ttl 3600]: a development staff JWT.
import 'reflect-metadata';
import { loadConfig } from '../config';
import { signStaffToken } from './jwt';
import { isRole, ROLES, type Role } from './roles';

function parse(argv: string[]): { roles: Role[]; sub?: string; ttl: number } {
  const roles: Role[] = [];
  let sub: string | undefined;
  let ttl = 8 * 3600;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = inline ?? argv[++i];
    if (flag === '--role') {
      for (const r of String(value).split(',')) {
        if (!isRole(r)) throw new Error(`unknown role "${r}"; roles: ${ROLES.join(', ')}`);
        roles.push(r);
      }
    } else if (flag === '--sub') sub = value;
    else if (flag === '--ttl') ttl = Number(value);
    else throw new Error(`unknown option ${flag}; usage: npm run token -- --role ADMIN [--sub admin-01] [--ttl 28800]`);
  }
  if (roles.length === 0) throw new Error('give at least one --role');
  return { roles, sub, ttl };
}

const DEFAULT_SUBJECT: Record<Role, string> = {
  ADMIN: 'admin-01',
  COMPLIANCE_OFFICER: 'compliance-01',
  RELATIONSHIP_MANAGER: 'rm-01',
  RETENTION_ANALYST: 'analyst-01',
  SUPPORT_AGENT: 'support-01',
};

try {
  const { roles, sub, ttl } = parse(process.argv.slice(2));
  const config = loadConfig(process.env, { warn: () => undefined });
  process.stdout.write(`${signStaffToken(config.jwt, { sub: sub ?? DEFAULT_SUBJECT[roles[0]], roles, expiresInSeconds: ttl })}\n`);
} catch (err) {
  process.stderr.write(`token: ${(err as Error).message}\n`);
  process.exit(2);
}
